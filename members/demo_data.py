"""The members demo data (loaded by `members.demo`, which `manage.py load_demo` runs), taken
from the source articles in /work/shared/seeds.

Real unions, organizations and partners appear as the articles describe them; facts an article
does not give (a headquarters city, say) are left blank rather than invented. The fictional
organizations that fill the directory say so in their description, in both languages.
"""

from datetime import date

PASSWORD = "tansiq-demo"

# The Union of Syrian Civil Society Organizations, as of its Istanbul general assembly (003_…).
FEDERATION = {
    "name_ar": "اتحاد منظمات المجتمع المدني السوري",
    "name_en": "Union of Syrian Civil Society Organizations",
    "short_name_ar": "اتحاد منظمات المجتمع المدني",
    "short_name_en": "Syrian CSO Union",
    "short_description_ar": (
        "يجمع الاتحاد منظمات المجتمع المدني السورية الفاعلة على الأرض، وقد سجّلت فيه 172 منظمة "
        "منها 88 منظمة عضو فاعل. أعاد الاتحاد هيكلة نفسه بفروع في البلدان التي تتواجد فيها "
        "المنظمات المدنية السورية، لكل فرع مجلس إدارة يكون رئيسه عضواً في الأمانة العامة وممثلاً "
        "للفرع. يعمل على التشبيك وبناء الشراكات مع المنظمات الداعمة، وله قسم إعلامي ومجلة "
        "إلكترونية ومطبوعة تصل إلى 100 ألف قارئ شهرياً."
    ),
    "short_description_en": (
        "The union brings together Syrian civil society organizations active on the ground: 172 "
        "organizations have registered with it, 88 of them active members. It has restructured "
        "itself into branches in the countries where Syrian civil organizations work; each branch "
        "has a board whose chair sits on the general secretariat and represents the branch. It "
        "builds networks and partnerships with supporting organizations, and its media section "
        "publishes an online and print magazine reaching 100,000 readers a month."
    ),
    "email": "info@example.org",
    "timezone": "Europe/Istanbul",
    "address_ar": "إسطنبول، تركيا",
    "address_en": "Istanbul, Türkiye",
}

# (slug, Arabic, English); positions follow this order.
SECTORS = [
    ("relief", "الإغاثة", "Relief"),
    ("health", "الصحة", "Health"),
    ("education", "التعليم", "Education"),
    ("media", "الإعلام", "Media"),
    ("development", "التنمية", "Development"),
    ("psychosocial-support", "الدعم النفسي الاجتماعي", "Psychosocial support"),
    ("water-sanitation", "المياه والصرف الصحي", "Water and sanitation"),
    ("women-youth", "تمكين المرأة والشباب", "Women and youth"),
    ("human-rights", "حقوق الإنسان", "Human rights"),
    ("capacity-building", "بناء القدرات", "Capacity building"),
    ("reconstruction", "إعادة الإعمار", "Reconstruction"),
    ("governance", "الحوكمة والشفافية", "Governance and transparency"),
    ("culture", "الثقافة", "Culture"),
    ("volunteering", "العمل التطوعي", "Volunteering"),
]

# The branches bylaw was approved on 16 January 2017 and applied within the following month.
BRANCHES = [
    {
        "slug": "inside-syria",
        "name_ar": "فرع الداخل السوري",
        "name_en": "Inside Syria branch",
        "countries": ["SY"],
        "seat_city_ar": "أعزاز",
        "seat_city_en": "Azaz",
        "founded_on": date(2017, 2, 20),
        "is_active": True,
    },
    {
        "slug": "turkey",
        "name_ar": "فرع تركيا",
        "name_en": "Turkey branch",
        "countries": ["TR"],
        "seat_city_ar": "غازي عنتاب",
        "seat_city_en": "Gaziantep",
        "founded_on": date(2017, 2, 27),
        "is_active": True,
    },
    {
        "slug": "jordan",
        "name_ar": "فرع الأردن",
        "name_en": "Jordan branch",
        "countries": ["JO"],
        "seat_city_ar": "عمّان",
        "seat_city_en": "Amman",
        "founded_on": date(2017, 3, 15),
        "is_active": True,
    },
    {
        "slug": "gulf",
        "name_ar": "فرع الخليج",
        "name_en": "Gulf branch",
        "countries": ["SA", "QA", "KW", "AE"],
        "seat_city_ar": "الرياض",
        "seat_city_en": "Riyadh",
        "founded_on": date(2017, 4, 10),
        "is_active": True,
    },
    {
        "slug": "europe",
        "name_ar": "فرع أوروبا",
        "name_en": "Europe branch",
        "countries": ["DE", "FR", "NL"],
        "seat_city_ar": "برلين",
        "seat_city_en": "Berlin",
        "founded_on": date(2018, 6, 1),
        "is_active": False,
    },
]

# Organizations named in the articles. "moves" are status changes made by the administrator
# right after creation, so that the membership history shows them.
REAL_ORGANIZATIONS = [
    {
        "slug": "uniw",
        "name_ar": "اتحاد المنظمات الأهلية في العالم الإسلامي",
        "name_en": "Union of NGOs of the Islamic World",
        "acronym": "İDSB / UNIW",
        "status": "partner",
        "country": "TR",
        "city_ar": "إسطنبول",
        "city_en": "Istanbul",
        "areas_of_work_ar": "دول البلقان والأناضول",
        "areas_of_work_en": "The Balkans and Anatolia",
        "sectors": ["relief", "capacity-building", "volunteering", "education"],
        "description_ar": (
            "شبكة تضامن تضم نحو 354 منظمة عضواً من 66 دولة، نظّمت لقاء «تطوير القدرات والاستدامة "
            "لمنظمات العمل الإنساني في دول البلقان» تحت شعار «بالتضامن نعزّز الشراكة ونرفع "
            "الكفاءة». أثبتت فعاليتها في الكوارث والأزمات الإنسانية مثل الزلازل وأزمة أراكان."
        ),
        "description_en": (
            "A solidarity network of some 354 member organizations from 66 countries; it organized "
            "the forum “Capacity building and sustainability for humanitarian organizations in "
            "the Balkans” under the slogan “Through solidarity we strengthen partnership and raise "
            "competence”. It has proved effective in disasters and crises such as earthquakes and "
            "the Arakan crisis."
        ),
    },
    {
        "slug": "toplum-vakfi",
        "name_ar": "وقف المجتمع",
        "name_en": "Toplum Vakfı (Community Foundation)",
        "status": "partner",
        "country": "TR",
        "areas_of_work_ar": "دول البلقان",
        "areas_of_work_en": "The Balkans",
        "sectors": ["capacity-building", "women-youth"],
        "description_ar": (
            "وقف تركي شارك اتحادَ المنظمات الأهلية في العالم الإسلامي في تنظيم لقاء تطوير القدرات "
            "والاستدامة لمنظمات العمل الإنساني في دول البلقان."
        ),
        "description_en": (
            "A Turkish foundation that co-organized, with the Union of NGOs of the Islamic World, "
            "the forum on capacity building and sustainability for humanitarian organizations in "
            "the Balkans."
        ),
    },
    {
        "slug": "usva-vakfi",
        "name_ar": "وقف أسوة",
        "name_en": "USVA Vakfı (Uswa Foundation)",
        "status": "partner",
        "country": "TR",
        "areas_of_work_ar": "دول البلقان",
        "areas_of_work_en": "The Balkans",
        "sectors": ["education", "culture"],
        "description_ar": (
            "وقف تركي شارك في تنظيم لقاء تطوير القدرات والاستدامة لمنظمات العمل الإنساني في دول "
            "البلقان، الذي ناقش المشاريع المشتركة ودعم الطلاب والأنشطة التعليمية والثقافية."
        ),
        "description_en": (
            "A Turkish foundation that co-organized the Balkans forum on capacity building and "
            "sustainability, which discussed joint projects, student support and educational and "
            "cultural activities."
        ),
    },
    {
        "slug": "damascus-charities-union",
        "name_ar": "اتحاد الجمعيات الخيرية في دمشق وريفها",
        "name_en": "Union of Charitable Associations in Damascus and its Countryside",
        "status": "active",
        "country": "SY",
        "city_ar": "دمشق",
        "city_en": "Damascus",
        "countries_of_work": ["SY"],
        "areas_of_work_ar": "دمشق وريفها",
        "areas_of_work_en": "Damascus and its countryside",
        "branch": "inside-syria",
        "sectors": ["relief", "development", "capacity-building"],
        "description_ar": (
            "نظّم في مقرّه بدمشق في حزيران 2025 الملتقى التنسيقي الأول «العمل المدني بعد التحرير "
            "وآفاق التشارك» بمشاركة أكثر من 40 جمعية ومؤسسة، وخرج بلجنة تنسيقية لمتابعة التوصيات "
            "وآليات للتنسيق المشترك وتبادل البيانات تمنع التكرار والهدر في الموارد."
        ),
        "description_en": (
            "In June 2025 it hosted in Damascus the first coordination forum, “Civil action after "
            "the liberation and prospects for partnership”, with more than 40 associations; the "
            "forum set up a coordination committee to follow up its recommendations and joint "
            "mechanisms for coordination and data exchange to avoid duplication and waste."
        ),
    },
    {
        "slug": "syrian-networks-league",
        "name_ar": "رابطة الشبكات السورية",
        "name_en": "Syrian Networks League",
        "status": "active",
        "country": "SY",
        "countries_of_work": ["SY"],
        "branch": "inside-syria",
        "sectors": ["governance", "capacity-building", "development"],
        "description_ar": (
            "شاركت في تنظيم الملتقى التنسيقي الأول للجمعيات الخيرية في دمشق، وتعمل على توحيد جهود "
            "الجمعيات القائمة مع تلك القادمة من المناطق المحررة وتطبيق الحوكمة في العمل المدني."
        ),
        "description_en": (
            "Co-organized the first coordination forum of charitable associations in Damascus; it "
            "works to unite existing associations with those arriving from the liberated areas and "
            "to apply good governance in civil work."
        ),
    },
    {
        "slug": "aleppo-charities-union",
        "name_ar": "اتحاد الجمعيات الخيرية في حلب",
        "name_en": "Union of Charitable Associations in Aleppo",
        "status": "registered",
        "country": "SY",
        "city_ar": "حلب",
        "city_en": "Aleppo",
        "countries_of_work": ["SY"],
        "branch": "inside-syria",
        "sectors": ["relief", "development"],
        "description_ar": (
            "شارك اتحادَ الجمعيات الخيرية في دمشق وريفها ورابطةَ الشبكات السورية في تنظيم الملتقى "
            "التنسيقي الأول، لتعزيز التشبيك وتبادل الخبرات بين الجمعيات الخيرية."
        ),
        "description_en": (
            "Co-organized the first coordination forum with the Damascus union and the Syrian "
            "Networks League, to strengthen networking and the exchange of experience between "
            "charitable associations."
        ),
    },
    {
        "slug": "gloca",
        "name_ar": "المنظمة العالمية للنهوض بالمجتمع المدني",
        "name_en": "Global Organization for the Advancement of Civil Society",
        "acronym": "GLOCA",
        "status": "active",
        "country": "SY",
        "city_ar": "حلب",
        "city_en": "Aleppo",
        "countries_of_work": ["SY"],
        "areas_of_work_ar": "حلب",
        "areas_of_work_en": "Aleppo",
        "branch": "inside-syria",
        "sectors": [
            "capacity-building",
            "governance",
            "reconstruction",
            "psychosocial-support",
            "women-youth",
        ],
        "description_ar": (
            "مقرّها حي المحافظة في حلب. عقدت مع مركز جنيف لحوكمة القطاع الأمني لقاءً تشاورياً حول "
            "أولويات تعافي حلب، وتلتزم بدعم قدرات المجتمع المدني الحلبي ليكون شريكاً فاعلاً في "
            "التعافي وإدارة المرحلة الانتقالية."
        ),
        "description_en": (
            "Based in the Al-Muhafaza district of Aleppo. With the Geneva Centre for Security "
            "Sector Governance it held a consultative meeting on Aleppo's recovery priorities; it "
            "is committed to building the capacity of Aleppo's civil society as a partner in "
            "recovery and in managing the transition."
        ),
    },
    {
        "slug": "dcaf",
        "name_ar": "مركز جنيف لحوكمة القطاع الأمني",
        "name_en": "Geneva Centre for Security Sector Governance",
        "acronym": "DCAF",
        "status": "partner",
        "country": "CH",
        "city_ar": "جنيف",
        "city_en": "Geneva",
        "areas_of_work_ar": "الشرق الأوسط وشمال أفريقيا",
        "areas_of_work_en": "Middle East and North Africa",
        "sectors": ["governance", "human-rights"],
        "description_ar": (
            "مركز دولي يقدّم خبراته في حوكمة القطاع الأمني والعدالة. شارك منظمة GLOCA في لقاء "
            "تشاوري في حلب حول أولويات التعافي، عبر قسم الشرق الأوسط وشمال أفريقيا."
        ),
        "description_en": (
            "An international centre offering expertise in security sector governance and justice. "
            "Through its Middle East and North Africa division it held a consultative meeting in "
            "Aleppo on recovery priorities with GLOCA."
        ),
    },
    {
        "slug": "international-relief",
        "name_ar": "انترناشونال ريلييف",
        "name_en": "International Relief",
        "status": "partner",
        "sectors": ["relief"],
        "description_ar": (
            "منظمة دولية ذكرها المدير التنفيذي للاتحاد في الهيئة العامة بإسطنبول عام 2017 مثالاً "
            "على شراكات الاتحاد مع المنظمات الدولية."
        ),
        "description_en": (
            "An international organization named by the union's executive director at the 2017 "
            "general assembly in Istanbul as an example of the union's international partnerships."
        ),
    },
    {
        "slug": "shendi-matamma-gathering",
        "name_ar": "تجمع المنظمات الطوعية بمحليتي شندي والمتمة",
        "name_en": "Gathering of Voluntary Organizations of Shendi and Al-Matamma",
        "status": "registered",
        "country": "SD",
        "city_ar": "شندي",
        "city_en": "Shendi",
        "countries_of_work": ["SD"],
        "areas_of_work_ar": "محليتا شندي والمتمة، القطاع الجنوبي بولاية نهر النيل",
        "areas_of_work_en": "Shendi and Al-Matamma localities, southern sector of River Nile State",
        "sectors": ["volunteering", "development", "culture"],
        "description_ar": (
            "تجمع للمنظمات الإنسانية والثقافية في القطاع الجنوبي بولاية نهر النيل، أسّس في لقائه "
            "التشبيكي مكتباً تمهيدياً للتنسيق بين المنظمات يضم ناشطين وأصواتاً شبابية، ليضع خارطة "
            "طريق للكيان الجامع."
        ),
        "description_en": (
            "A gathering of humanitarian and cultural organizations in the southern sector of "
            "River Nile State; its networking meeting founded a preliminary coordination office of "
            "activists, youth among them, to draw up a roadmap for the joint body."
        ),
    },
]

DEMO_AR = "منظمة تجريبية للعرض."
DEMO_EN = "A fictional organization for the demo."


def _fictional(slug, status, *, name, city, country, branch, sectors, about, founded,
               works_in=None, areas=("", ""), moves=()):  # fmt: skip
    """A demo organization; pairs are (Arabic, English)."""
    return {
        "slug": slug,
        "status": status,
        "moves": list(moves),
        "name_ar": name[0],
        "name_en": name[1],
        "country": country,
        "city_ar": city[0],
        "city_en": city[1],
        "countries_of_work": works_in or [country],
        "areas_of_work_ar": areas[0],
        "areas_of_work_en": areas[1],
        "founded_year": founded,
        "branch": branch,
        "sectors": sectors,
        "description_ar": f"{DEMO_AR} {about[0]}",
        "description_en": f"{DEMO_EN} {about[1]}",
    }


# Demo members from the places the Istanbul assembly was followed from online: Ghouta, rural
# Aleppo, Homs, Antakya, Jordan, Saudi Arabia, "and other cities and countries".
# fmt: off
DEMO_ORGANIZATIONS = [
    _fictional(
        "ghiras-ghouta", "active", country="SY", branch="inside-syria", founded=2013,
        name=("جمعية غراس الغوطة للإغاثة والتنمية",
              "Ghiras Al-Ghouta Relief and Development Association"),
        city=("دوما", "Douma"), areas=("الغوطة الشرقية", "Eastern Ghouta"),
        sectors=["relief", "development"],
        about=("توزّع السلال الغذائية وتدعم المشاريع الصغيرة للأسر في الغوطة الشرقية.",
               "Distributes food baskets and supports small family projects in Eastern Ghouta."),
    ),
    _fictional(
        "ghouta-women", "applicant", country="SY", branch="inside-syria", founded=2024,
        name=("مبادرة نساء الغوطة", "Ghouta Women's Initiative"),
        city=("عربين", "Arbin"), areas=("الغوطة الشرقية", "Eastern Ghouta"),
        sectors=["women-youth", "psychosocial-support"],
        about=("تقدّم جلسات دعم نفسي ودورات مهنية للنساء.",
               "Offers psychosocial support sessions and vocational courses for women."),
    ),
    _fictional(
        "bayader-rural-aleppo", "applicant", country="SY", branch="inside-syria", founded=2016,
        name=("منظمة بيادر ريف حلب", "Bayader Rural Aleppo Organization"),
        city=("الأتارب", "Al-Atarib"), areas=("ريف حلب الغربي", "Western rural Aleppo"),
        sectors=["water-sanitation", "reconstruction"],
        about=("تعيد تأهيل شبكات المياه والأفران في قرى ريف حلب الغربي.",
               "Rehabilitates water networks and bakeries in the villages of western "
               "rural Aleppo."),
    ),
    _fictional(
        "homs-volunteers", "active", country="SY", branch="inside-syria", founded=2012,
        name=("رابطة متطوعي حمص", "Homs Volunteers League"),
        city=("حمص", "Homs"),
        sectors=["volunteering", "psychosocial-support"],
        about=("تدرّب المتطوعين على الإسعاف الأولي والدعم النفسي.",
               "Trains volunteers in first aid and psychosocial support."),
        moves=[("suspended", "تعليق مؤقت: لم يُقدَّم التقرير السنوي في موعده.")],
    ),
    _fictional(
        "orontes-education", "active", country="TR", branch="turkey", founded=2014,
        name=("منظمة ضفاف العاصي للتعليم", "Orontes Banks Education Organization"),
        city=("أنطاكيا", "Antakya"), areas=("هاتاي", "Hatay"), works_in=["TR", "SY"],
        sectors=["education", "psychosocial-support"],
        about=("تدير مراكز تعليم مسائية للأطفال السوريين في هاتاي.",
               "Runs evening learning centres for Syrian children in Hatay."),
    ),
    _fictional(
        "antakya-pulse", "applicant", country="TR", branch="turkey", founded=2023,
        name=("جمعية نبض أنطاكيا الطبية", "Antakya Pulse Medical Association"),
        city=("أنطاكيا", "Antakya"), works_in=["TR", "SY"],
        sectors=["health"],
        about=("تسيّر عيادات متنقلة في المناطق المتضررة من الزلزال.",
               "Runs mobile clinics in the areas hit by the earthquake."),
        moves=[("registered", "قُبلت العضوية بعد مراجعة الوثائق."),
               ("active", "صارت عضواً فاعلاً بقرار من الأمانة العامة.")],
    ),
    _fictional(
        "voice-media-network", "registered", country="TR", branch="turkey", founded=2015,
        name=("شبكة صوت المنظمات للإعلام", "Voice of Organizations Media Network"),
        city=("إسطنبول", "Istanbul"), works_in=["TR", "SY"],
        sectors=["media", "human-rights"],
        about=("ترصد الانتهاكات الإعلامية وتدرّب المكاتب الإعلامية للمنظمات.",
               "Monitors media violations and trains the media offices of organizations."),
    ),
    _fictional(
        "yasmine-women-youth", "active", country="JO", branch="jordan", founded=2013,
        name=("جمعية الياسمين لتمكين المرأة والشباب",
              "Yasmine Association for Women and Youth Empowerment"),
        city=("عمّان", "Amman"),
        sectors=["women-youth", "education"],
        about=("تنظّم دورات في ريادة الأعمال والمهارات الرقمية للشابات والشبان.",
               "Runs entrepreneurship and digital skills courses for young women and men."),
    ),
    _fictional(
        "hauran-relief", "active", country="JO", branch="jordan", founded=2012,
        name=("منظمة حوران للإغاثة والتنمية", "Hauran Relief and Development"),
        city=("إربد", "Irbid"), works_in=["JO", "SY"],
        sectors=["relief", "health"],
        about=("تقدّم المساعدات والرعاية الصحية الأولية للاجئين في شمال الأردن وجنوب سوريا.",
               "Provides aid and primary health care to refugees in northern Jordan and "
               "southern Syria."),
    ),
    _fictional(
        "camps-water", "registered", country="JO", branch="jordan", founded=2017,
        name=("مبادرة مياه المخيمات", "Camps Water Initiative"),
        city=("المفرق", "Mafraq"), areas=("مخيم الزعتري", "Zaatari camp"),
        sectors=["water-sanitation"],
        about=("تصون خزانات المياه ومرافق الصرف الصحي في المخيمات.",
               "Maintains water tanks and sanitation facilities in the camps."),
    ),
    _fictional(
        "qawafel-ataa", "active", country="SA", branch="gulf", founded=2014,
        name=("مؤسسة قوافل العطاء", "Qawafel Al-Ataa Foundation"),
        city=("الرياض", "Riyadh"), works_in=["SA", "SY"],
        sectors=["relief", "education"],
        about=("تجمع التبرعات من الجالية السورية في الخليج لكفالة الطلاب والأسر.",
               "Raises donations from the Syrian community in the Gulf to sponsor students "
               "and families."),
    ),
    _fictional(
        "levant-doctors-gulf", "registered", country="SA", branch="gulf", founded=2016,
        name=("ملتقى أطباء الشام في الخليج", "Levant Doctors Forum in the Gulf"),
        city=("جدة", "Jeddah"), works_in=["SA", "QA", "KW", "AE"],
        sectors=["health", "capacity-building"],
        about=("ينظّم التدريب الطبي عن بُعد لكوادر المستشفيات في الداخل السوري.",
               "Organizes remote medical training for hospital staff inside Syria."),
    ),
    _fictional(
        "athar-volunteering", "active", country="QA", branch="gulf", founded=2018,
        name=("مبادرة أثر للتطوع", "Athar Volunteering Initiative"),
        city=("الدوحة", "Doha"),
        sectors=["volunteering", "women-youth"],
        about=("تنظّم حملات تطوعية للشباب وتدرّبهم على أخلاقيات العمل التطوعي.",
               "Runs volunteering campaigns for young people and trains them in volunteering "
               "ethics."),
    ),
    _fictional(
        "syrian-house-culture", "registered", country="DE", branch="europe", founded=2016,
        name=("جمعية البيت السوري للثقافة", "Syrian House Cultural Association"),
        city=("برلين", "Berlin"), works_in=["DE", "NL"],
        sectors=["culture", "education"],
        about=("تنظّم أمسيات ثقافية ودروساً في اللغة العربية لأطفال الجالية.",
               "Holds cultural evenings and Arabic classes for the community's children."),
        moves=[("withdrawn", "انسحبت بطلب منها بعد تعليق نشاط فرع أوروبا.")],
    ),
]
# fmt: on

ORGANIZATIONS = REAL_ORGANIZATIONS + DEMO_ORGANIZATIONS

# Current branch boards: (branch, chair, members). The chairs form the general secretariat.
BOARD_TERM_START = date(2025, 2, 1)
BOARDS = [
    (
        "inside-syria",
        "gloca",
        ["damascus-charities-union", "syrian-networks-league", "aleppo-charities-union"],
    ),
    ("turkey", "orontes-education", ["antakya-pulse", "voice-media-network"]),
    ("jordan", "yasmine-women-youth", ["hauran-relief", "camps-water"]),
    ("gulf", "qawafel-ataa", ["levant-doctors-gulf", "athar-volunteering"]),
]

# (e-mail, name, preferred language, role, organization slug); the role "admin" is a superuser.
# Every account has its person, named in the account's language, of the account's organization.
# The last two are fictional coordinators of real organizations, there so that the
# recommendations those organizations are in charge of have someone who can report on them; the
# articles name no such person, so their names say what they are rather than invent one.
ACCOUNTS = [
    ("admin@example.org", "مسؤول المنصة", "ar", "admin", None),
    ("coordinator@example.org", "ليلى حداد", "ar", "coordinator", "ghiras-ghouta"),
    ("member@example.org", "Samer Youssef", "en", "member", "yasmine-women-youth"),
    ("gloca@example.org", "منسق GLOCA (حساب تجريبي)", "ar", "coordinator", "gloca"),
    (
        "shendi@example.org",
        "منسق تجمع شندي والمتمة (حساب تجريبي)",
        "ar",
        "coordinator",
        "shendi-matamma-gathering",
    ),
]

# The fictional accounts' persons are named in the other language too.
ACCOUNT_NAMES_OTHER = {
    "gloca@example.org": "GLOCA coordinator (demo account)",
    "shendi@example.org": "Shendi and Al-Matamma gathering coordinator (demo account)",
}

# The days of the convenings at which the articles show the officers below in office (the
# convenings themselves are in events.demo_data). An article says who held an office that day,
# not when the term began or ends: the term is recorded from that day, with no end.
ISTANBUL_ASSEMBLY = date(2017, 1, 16)  # 003_…, the article's date
DAMASCUS_FORUM = date(2025, 6, 26)  # 002_…, the article's date
ALEPPO_MEETING = date(2025, 8, 20)  # 004_…, no date given: the convening's approximate one


def _officer(key, name, organization, kind, starts_on, title=("", "")):
    """A person the article names, with the office it gives them; pairs are (Arabic, English).
    `organization` is a slug, or None for the union itself (the demo federation)."""
    return {
        "key": key,
        "name_ar": name[0],
        "name_en": name[1],
        "organization": organization,
        "office": {
            "kind": kind,
            "organization": organization,
            "starts_on": starts_on,
            "title_ar": title[0],
            "title_en": title[1],
        },
    }


# The officers of every article, the Arabic name as the article writes it (with the academic
# title it gives: «الدكتور» / «د.» as «د.»), the English name a transliteration. A title is
# given only to an office the list of kinds has no name for.
# fmt: off
OFFICERS = [
    # 003_…: «أمين عام اتحاد منظمات المجتمع السوري الدكتور خضر السوطري», «د. محمد سعيد المدير
    # التنفيذي», «الإعلامي رشدي مفتي مسؤول قسم الإعلام في اتحاد منظمات المجتمع المدني».
    _officer("sotari", ("د. خضر السوطري", "Dr. Khudr al-Sotari"), None,
             "secretary_general", ISTANBUL_ASSEMBLY),
    _officer("said", ("د. محمد سعيد", "Dr. Mohammad Said"), None,
             "executive_director", ISTANBUL_ASSEMBLY),
    _officer("mufti", ("رشدي مفتي", "Rushdi Mufti"), None,
             "media_officer", ISTANBUL_ASSEMBLY),
    # 002_…: «رئيس الاتحاد سارية السيروان», «رئيس رابطة الشبكات السورية الدكتور حسان مغربية»,
    # «عضو مجلس إدارة الاتحاد هيثم سلطجي», «أمين صندوق الاتحاد صفوان الحموي».
    _officer("sirwan", ("سارية السيروان", "Sariya al-Sirwan"), "damascus-charities-union",
             "president", DAMASCUS_FORUM),
    _officer("maghribiya", ("د. حسان مغربية", "Dr. Hassan Maghribiya"), "syrian-networks-league",
             "president", DAMASCUS_FORUM),
    _officer("saltaji", ("هيثم سلطجي", "Haitham Saltaji"), "damascus-charities-union",
             "board_member", DAMASCUS_FORUM),
    _officer("hamawi", ("صفوان الحموي", "Safwan al-Hamawi"), "damascus-charities-union",
             "treasurer", DAMASCUS_FORUM),
    # 004_…: «المدير التنفيذي لمنظمة النهوض بالمجتمع المدني (GLOCA) وسيم الحاج», «رئيس قسم
    # الشرق الأوسط وشمال أفريقيا في مركز جنيف لحكومة قطاع الأمن (DCAF) أيمن أيوب», «ميسر اللقاء
    # ومدير العلاقات العامة في منظمة GLOCA محمد خليلو» (facilitating is no office: the agenda
    # names him as its speaker).
    _officer("al-hajj", ("وسيم الحاج", "Wassim al-Hajj"), "gloca",
             "executive_director", ALEPPO_MEETING),
    _officer("ayoub", ("أيمن أيوب", "Ayman Ayoub"), "dcaf", "other", ALEPPO_MEETING,
             title=("رئيس قسم الشرق الأوسط وشمال أفريقيا",
                    "Head of the Middle East and North Africa division")),
    _officer("khalilo", ("محمد خليلو", "Mohammad Khalilo"), "gloca", "other", ALEPPO_MEETING,
             title=("مدير العلاقات العامة", "Director of public relations")),
]
# fmt: on

# People the articles name without an office of the members layer: 001_…'s «اختيار البروفسير
# اونسة رئيسآ للمكتب التمهيدي» (his seat as chair of the preliminary office is a committee seat,
# in outcomes.demo_data). The article gives no other name than this.
PEOPLE = [
    {
        "key": "onsa",
        "name_ar": "البروفسير اونسة",
        "name_en": "Prof. Onsa",
        "organization": "shendi-matamma-gathering",
    },
]
