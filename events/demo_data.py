"""The events demo data (loaded by `events.demo`), taken from the source articles in
/work/shared/seeds, plus two planned convenings invented for the demo.

Dates and places are the articles' where they give them. Where they do not, the value is a
plausible guess, `date_is_approximate` is set and the summary says so in both languages; counts
an article does not give are left empty. Organizations are named by their slug in
`members.demo_data`; an empty organizer means the federation itself organizes.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

ISTANBUL = "Europe/Istanbul"
DAMASCUS = "Asia/Damascus"
SARAJEVO = "Europe/Sarajevo"
KHARTOUM = "Africa/Khartoum"


def at(zone, year, month, day, hour, minute=0):
    """An aware datetime in the convening's own time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def _session(title, topics=("", ""), facilitators=("", ""), starts_at=None, speakers=()):
    """An agenda session; pairs are (Arabic, English). `speakers` are the people the article
    says spoke, by their key in members.demo_data.OFFICERS; `facilitators` (shown as "guests")
    is free text for those not recorded as people."""
    return {
        "title_ar": title[0],
        "title_en": title[1],
        "topics_ar": topics[0],
        "topics_en": topics[1],
        "facilitators_ar": facilitators[0],
        "facilitators_en": facilitators[1],
        "starts_at": starts_at,
        "speakers": list(speakers),
    }


DEMO_AR = "لقاء تجريبي للعرض."
DEMO_EN = "A fictional convening for the demo."

# Each convening: its fields, then "organizer" (an organization slug or None for the
# federation), "partners" [(slug, role)], "agenda" (positions follow the order) and
# "attendance" [(slug, channel)], the list of organizations that came when it is known.
CONVENINGS = [
    # 003_…: the union's general assembly. Real date; the hours are not given.
    {
        "slug": "istanbul-general-assembly-2017",
        "title_ar": "الهيئة العامة لاتحاد منظمات المجتمع المدني السوري 2017",
        "title_en": "General assembly of the Union of Syrian Civil Society Organizations, 2017",
        "kind": "general_assembly",
        "format": "hybrid",
        "status": "held",
        "timezone": ISTANBUL,
        "starts_at": at(ISTANBUL, 2017, 1, 16, 10),
        "ends_at": at(ISTANBUL, 2017, 1, 16, 17),
        "venue_name_ar": "فندق غراند أنكا",
        "venue_name_en": "Grand Anka Hotel",
        "venue_city_ar": "إسطنبول",
        "venue_city_en": "Istanbul",
        "venue_country": "TR",
        "online_platform": "Webex",
        "join_url": "https://webex.example.org/istanbul-2017",
        "reported_room": 25,
        "reported_online": 29,
        "summary_ar": (
            "اجتمعت الهيئة العامة لاتحاد منظمات المجتمع المدني السوري في فندق غراند أنكا بإسطنبول، "
            "بحضور 25 منظمة عضواً في القاعة و29 منظمة عبر منصة ويبكس من الغوطة وريف حلب وحمص "
            "والأردن وأنطاكيا والسعودية وغيرها، أي 54 منظمة في المجموع. عرض الأمين العام د. خضر "
            "السوطري منجزات العام الفائت وملامح خطة العام المقبل، وذكر أن 172 منظمة سجّلت في "
            "الاتحاد منها 88 عضواً فاعلاً. أُقرّ نظام الأفرع بأغلبية 24 صوتاً من 25 في القاعة "
            "و9 أصوات من 29 عبر ويبكس ممن أمكن التواصل معهم حتى نهاية المؤتمر، وخرج المؤتمر بتسع "
            "مخرجات أولها تطبيق نظام الأفرع خلال شهر، ومنها تشكيل لجنة لحملات المناصرة. التاريخ "
            "كما ورد في الخبر، والساعات تقريبية."
        ),
        "summary_en": (
            "The general assembly of the Union of Syrian Civil Society Organizations met at the "
            "Grand Anka Hotel in Istanbul: 25 member organizations in the room and 29 online over "
            "Webex, from Ghouta, rural Aleppo, Homs, Jordan, Antakya, Saudi Arabia and elsewhere, "
            "54 in all. Secretary-General Dr. Khudr al-Sotari presented the past year's "
            "achievements and an outline of the next year's plan, and reported 172 registered "
            "organizations, 88 of them active members. The branches bylaw was approved by 24 of 25 "
            "votes in the room and 9 of 29 votes over Webex (those reached before the end), and "
            "the assembly adopted nine outcomes, the first being to apply the branches system "
            "within a month; another forms an advocacy committee. The date is the article's; the "
            "hours are approximate."
        ),
        "organizer": None,
        "partners": [],
        "agenda": [
            _session(
                ("الافتتاح وكلمة الأمين العام", "Opening and the Secretary-General's address"),
                (
                    "تلاوة من القرآن الكريم؛ الترحيب بالضيوف؛ 172 منظمة مسجّلة منها 88 عضواً "
                    "فاعلاً؛ إعادة هيكلة الاتحاد وتجديده ومشروع الفروع؛ منجزات العام الفائت وملامح "
                    "خطة العام المقبل؛ مقترحات لمخرجات المؤتمر.",
                    "A recitation from the Quran; welcome; 172 registered organizations, 88 of "
                    "them active members; the union's restructuring and the branches project; "
                    "the past year's achievements and an outline of the next year's plan; "
                    "proposed outcomes for the assembly.",
                ),
                speakers=["sotari"],
            ),
            _session(
                (
                    "تعارف المنظمات المشاركة في القاعة وعبر ويبكس",
                    "Introductions of the member organizations in the room and on Webex",
                ),
                (
                    "كل ممثل باسمه ومنصبه وأهداف منظمته ومشاريعها ونشاطاتها؛ أهمية الجودة في صياغة "
                    "المشاريع.",
                    "Each representative gives their name and role and their organization's aims, "
                    "projects and activities; the importance of quality in writing projects.",
                ),
            ),
            _session(
                (
                    "التشبيك والشراكات ومشروع حفظ كرامة المستفيد",
                    "Networking, partnerships and the beneficiary dignity project",
                ),
                (
                    "دور الاتحاد في إيجاد الشراكات والتعريف بمشاريع المنظمات لدى الجهات الداعمة؛ "
                    "مشروع حفظ كرامة المستفيد؛ الشراكة مع انترناشونال ريلييف؛ فتح فروع للاتحاد.",
                    "The union's role in finding partners and presenting members' projects to "
                    "supporting organizations; the beneficiary dignity project; the partnership "
                    "with International Relief; opening branches of the union.",
                ),
                speakers=["said"],
            ),
            _session(
                ("قسم الإعلام ومجلة الاتحاد", "The media section and the union's magazine"),
                (
                    "منصة إعلامية لجميع المنظمات الأعضاء؛ مجلة إلكترونية ومطبوعة تصل إلى 100 ألف "
                    "قارئ شهرياً؛ التدريب الإعلامي للمكاتب الإعلامية.",
                    "A media platform for every member organization; an online and print "
                    "magazine reaching 100,000 readers a month; media training for members' "
                    "media offices.",
                ),
                speakers=["mufti"],
            ),
            _session(
                ("نظام الأفرع: النقاش والتصويت", "The branches bylaw: discussion and vote"),
                (
                    "أُقرّ بأغلبية 24 صوتاً من 25 في القاعة و9 أصوات من 29 عبر ويبكس.",
                    "Approved by 24 of 25 votes in the room and 9 of 29 votes over Webex.",
                ),
                # «قانون الأفرع الجديد الذي تحدث عنه كل من الدكتور خضر والدكتور سعيد»
                speakers=["sotari", "said"],
            ),
        ],
        "attendance": [],
    },
    # 002_…: the Damascus union's first coordination forum. Real date; hours not given.
    {
        "slug": "damascus-coordination-forum-2025",
        "title_ar": "الملتقى التنسيقي الأول: العمل المدني بعد التحرير وآفاق التشارك",
        "title_en": (
            "First coordination forum: civil action after the liberation and prospects "
            "for partnership"
        ),
        "kind": "forum",
        "format": "in_person",
        "status": "held",
        "timezone": DAMASCUS,
        "starts_at": at(DAMASCUS, 2025, 6, 26, 10),
        "ends_at": at(DAMASCUS, 2025, 6, 26, 14),
        "venue_name_ar": "مقر اتحاد الجمعيات الخيرية في دمشق وريفها",
        "venue_name_en": (
            "Headquarters of the Union of Charitable Associations in Damascus and its Countryside"
        ),
        "venue_city_ar": "دمشق",
        "venue_city_en": "Damascus",
        "venue_country": "SY",
        "slogan_ar": "العمل المدني بعد التحرير وآفاق التشارك",
        "slogan_en": "Civil action after the liberation and prospects for partnership",
        "reported_room": 40,
        "reported_at_least": True,
        "summary_ar": (
            "نظّم اتحاد الجمعيات الخيرية في دمشق وريفها، بالتعاون مع رابطة الشبكات السورية واتحاد "
            "الجمعيات الخيرية في حلب، الملتقى التنسيقي الأول في مقر الاتحاد بدمشق، بمشاركة ممثلين "
            "عن أكثر من 40 جمعية ومؤسسة. ناقش الملتقى احتياجات الجمعيات والتحديات التي تواجهها، "
            "وتوحيد جهود الجمعيات القائمة مع تلك القادمة من المناطق المحررة، والحوكمة، والتشبيك "
            "لمنع تكرار الخدمات وهدر الموارد. وخرج بتشكيل لجنة تنسيقية لمتابعة تنفيذ التوصيات، "
            "وآليات للتنسيق المشترك وتبادل البيانات، وورش عمل مقبلة لصياغة خطط عمل موحدة. التاريخ "
            "كما ورد في الخبر، والساعات تقريبية."
        ),
        "summary_en": (
            "The Union of Charitable Associations in Damascus and its Countryside, with the "
            "Syrian Networks League and the Union of Charitable Associations in Aleppo, held the "
            "first coordination forum at the union's headquarters in Damascus, with "
            "representatives of more than 40 associations and institutions. It discussed the "
            "associations' needs and challenges, uniting existing associations with those "
            "arriving from the liberated areas, governance, and networking to avoid duplicated "
            "services and wasted resources. It set up a coordination committee to follow up the "
            "recommendations, joint mechanisms for coordination and data exchange, and future "
            "workshops to draft unified action plans. The date is the article's; the hours are "
            "approximate."
        ),
        "organizer": "damascus-charities-union",
        "partners": [
            ("syrian-networks-league", "co_organizer"),
            ("aleppo-charities-union", "co_organizer"),
        ],
        "agenda": [
            _session(
                ("التعريف بالاتحاد وأهدافه", "The union, its activity and its aims"),
                (
                    "أهمية التعاون وتكثيف اللقاءات لتشكيل رؤية موحدة لمستقبل العمل الخيري.",
                    "Why cooperation and more frequent meetings matter for a shared vision of "
                    "charitable work.",
                ),
                speakers=["sirwan"],
            ),
            _session(
                (
                    "احتياجات المنظمات الخيرية والتحديات التي تواجهها",
                    "The needs of charitable organizations and the challenges they face",
                ),
                (
                    "آليات معالجتها بالتشاركية وتبادل الخبرات لتنفيذ برامج تنموية مستدامة.",
                    "Addressing them through partnership and the exchange of experience, for "
                    "sustainable development programmes.",
                ),
            ),
            _session(
                (
                    "توحيد الجهود والحوكمة في العمل المدني",
                    "Uniting efforts, and governance in civil work",
                ),
                (
                    "توحيد جهود الجمعيات القائمة مع القادمة من المناطق المحررة؛ توحيد الرؤى "
                    "والتعاون مع المنظمات الدولية؛ ترخيص الجمعيات المؤسسة بعد التحرير في "
                    "المحافظات.",
                    "Uniting existing associations with those arriving from the liberated areas; "
                    "shared visions and future cooperation with international organizations; "
                    "licensing the associations founded after the liberation, governorate by "
                    "governorate.",
                ),
                speakers=["maghribiya", "saltaji"],
            ),
            _session(
                (
                    "التشبيك والشراكات لمنع تكرار الخدمات",
                    "Networking and partnerships to avoid duplicated services",
                ),
                (
                    "إيصال الخدمات للمستفيدين بكفاءة ومنع التكرار والهدر في الموارد.",
                    "Reaching beneficiaries efficiently without duplicated services or wasted "
                    "resources.",
                ),
                speakers=["hamawi"],
            ),
        ],
        "attendance": [],
    },
    # 004_…: GLOCA's consultative meeting with DCAF. The article gives no date (2025).
    {
        "slug": "aleppo-recovery-consultation-2025",
        "title_ar": "لقاء تشاوري حول أولويات تعافي حلب",
        "title_en": "Consultative meeting on Aleppo's recovery priorities",
        "kind": "consultation",
        "format": "in_person",
        "status": "held",
        "timezone": DAMASCUS,
        "starts_at": at(DAMASCUS, 2025, 8, 20, 11),
        "ends_at": at(DAMASCUS, 2025, 8, 20, 14),
        "date_is_approximate": True,
        "venue_name_ar": "مقر منظمة GLOCA، حي المحافظة",
        "venue_name_en": "GLOCA's headquarters, Al-Muhafaza district",
        "venue_city_ar": "حلب",
        "venue_city_en": "Aleppo",
        "venue_country": "SY",
        "summary_ar": (
            "عقدت المنظمة العالمية للنهوض بالمجتمع المدني (GLOCA) بالتعاون مع مركز جنيف لحوكمة "
            "القطاع الأمني (DCAF) لقاءً حوارياً تشاورياً موسعاً في مقرها بحي المحافظة في حلب، مع "
            "ممثلي منظمات المجتمع المدني والناشطين والمؤسسات المحلية. تناول اللقاء أولويات تعافي "
            "المدينة، والتكامل بين الفاعلين المحليين والدوليين لتجنب الازدواجية، والتحديات والفرص، "
            "والحوكمة والأمن المجتمعي، وخرج بتوصيات أولية أبرزها خطة عمل مشتركة بأولويات واضحة "
            "وآليات تنسيق دائمة، والتزم المنظمون بمتابعة تنفيذها. لا يذكر الخبر تاريخ اللقاء ولا "
            "عدد الحاضرين: التاريخ هنا تقريبي، وقائمة الحضور مثال للعرض."
        ),
        "summary_en": (
            "The Global Organization for the Advancement of Civil Society (GLOCA), with the Geneva "
            "Centre for Security Sector Governance (DCAF), held a broad consultative dialogue at "
            "its headquarters in the Al-Muhafaza district of Aleppo with civil society "
            "organizations, activists and local institutions. It covered the city's recovery "
            "priorities, cooperation between local and international actors to avoid "
            "duplication, challenges and opportunities, and governance and community security, "
            "and made initial recommendations, chief among them a joint action plan with clear "
            "priorities and permanent coordination mechanisms; the organizers committed to "
            "following them up. The article gives neither the date nor the number of "
            "participants: the date here is approximate and the attendance list is an example "
            "for the demo."
        ),
        "organizer": "gloca",
        "partners": [("dcaf", "co_organizer")],
        "agenda": [
            _session(
                ("الافتتاح وأهداف اللقاء", "Opening and the aims of the meeting"),
                (
                    "فتح قنوات حوار بنّاءة حول دعم التعافي المستدام؛ أهمية الحوارات التشاورية في "
                    "فهم الاحتياجات المحلية.",
                    "Opening constructive dialogue on supporting a sustainable recovery; why "
                    "consultations matter to understand local needs.",
                ),
                speakers=["al-hajj", "ayoub"],
            ),
            _session(
                ("أولويات التعافي في حلب", "Recovery priorities for Aleppo"),
                (
                    "إعادة الإعمار؛ الأمن؛ الماء والكهرباء والصرف الصحي؛ الصحة النفسية والدعم "
                    "النفسي الاجتماعي؛ تمكين المرأة والشباب؛ الشفافية.",
                    "Reconstruction; security; water, electricity and sanitation; mental health "
                    "and psychosocial support; women's and youth empowerment; transparency.",
                ),
                # «ميسر اللقاء»: the meeting's facilitator.
                speakers=["khalilo"],
            ),
            _session(
                ("التعاون وتجنب الازدواجية", "Cooperation and avoiding duplication"),
                (
                    "التكامل بين منظمات المجتمع المدني والمؤسسات المحلية والجهات الداعمة الدولية.",
                    "Joining up the work of civil society, local institutions and international "
                    "donors.",
                ),
            ),
            _session(
                ("التحديات والفرص", "Challenges and opportunities"),
                (
                    "التمويل المستدام؛ بناء القدرات؛ الشفافية والمحاسبة؛ فرص الشراكات البنّاءة.",
                    "Sustainable funding; capacity building; transparency and accountability; "
                    "opportunities for partnership.",
                ),
            ),
            _session(
                ("الحوكمة والأمن المجتمعي", "Governance and community security"),
                (
                    "الحوكمة الرشيدة في قطاعي الأمن والعدالة أساساً للاستقرار والتنمية.",
                    "Good governance of the security and justice sectors as a basis for "
                    "stability and development.",
                ),
            ),
        ],
        "attendance": [
            ("gloca", "room"),
            ("dcaf", "room"),
            ("aleppo-charities-union", "room"),
            ("bayader-rural-aleppo", "room"),
        ],
    },
    # 000_…: UNIW's Balkans forum. The article gives neither date nor place.
    {
        "slug": "balkans-capacity-forum-2025",
        "title_ar": "تطوير القدرات والاستدامة لمنظمات العمل الإنساني في دول البلقان",
        "title_en": (
            "Capacity building and sustainability for humanitarian organizations in the Balkans"
        ),
        "kind": "forum",
        "format": "in_person",
        "status": "held",
        "timezone": SARAJEVO,
        "starts_at": at(SARAJEVO, 2025, 11, 8, 10),
        "ends_at": at(SARAJEVO, 2025, 11, 8, 17),
        "date_is_approximate": True,
        "venue_name_ar": "مكان اللقاء غير مذكور في الخبر",
        "venue_name_en": "Venue not given in the article",
        "venue_city_ar": "سراييفو",
        "venue_city_en": "Sarajevo",
        "venue_country": "BA",
        "slogan_ar": "بالتضامن نعزّز الشراكة ونرفع الكفاءة",
        "slogan_en": "Through solidarity we strengthen partnership and raise competence",
        "summary_ar": (
            "نظّم اتحاد المنظمات الأهلية في العالم الإسلامي (İDSB / UNIW) بالتعاون مع وقف المجتمع "
            "(Toplum Vakfı) ووقف أسوة (USVA Vakfı) لقاء «تطوير القدرات والاستدامة لمنظمات العمل "
            "الإنساني في دول البلقان» تحت شعار «بالتضامن نعزّز الشراكة ونرفع الكفاءة». تبادل "
            "المشاركون الخبرات في القدرات المؤسسية ونماذج الاستدامة والتنسيق وإدارة الموارد "
            "والتمويل والمتطوعين والتحول الرقمي، وناقشوا القيم وبناء الإنسان ومستقبل الشباب، "
            "ووضعوا أساساً لمشاريع مشتركة وشبكات تواصل دائمة بين منظمات المنطقة. لا يذكر الخبر "
            "تاريخ اللقاء ولا مكانه: التاريخ والمدينة هنا تقريبيان."
        ),
        "summary_en": (
            "The Union of NGOs of the Islamic World (İDSB / UNIW), with Toplum Vakfı and USVA "
            "Vakfı, organized the forum “Capacity building and sustainability for humanitarian "
            "organizations in the Balkans” under the slogan “Through solidarity we strengthen "
            "partnership and raise competence”. Participants shared experience of institutional "
            "capacity, sustainability models, coordination and resource management, funding, "
            "volunteers and digital transformation, discussed values, human development and the "
            "future of young people, and laid the ground for joint projects and lasting networks "
            "between the region's organizations. The article gives neither the date nor the "
            "place: the date and the city here are approximate."
        ),
        "organizer": "uniw",
        "partners": [("toplum-vakfi", "co_organizer"), ("usva-vakfi", "co_organizer")],
        "agenda": [
            _session(
                (
                    "واقع العمل الإنساني في دول البلقان",
                    "Humanitarian work in the Balkans today",
                ),
                (
                    "الوضع الحالي والتحديات وأبرز الممارسات الناجحة على الأرض.",
                    "The current situation, its challenges and the best practice on the ground.",
                ),
            ),
            _session(
                (
                    "التجارب الإقليمية ورؤية الاستدامة المؤسسية",
                    "Regional experience and institutional sustainability",
                ),
                (
                    "تطوير قدرات التشغيل المؤسسي؛ نماذج الاستدامة المؤسسية؛ التنسيق وإدارة الموارد "
                    "بفعالية؛ الوصول إلى التمويل؛ إدارة "
                    "المتطوعين؛ التنسيق في الأزمات؛ التحول الرقمي.",
                    "Institutional operating capacity; sustainability models; coordination and "
                    "effective resource management; access to funding; volunteer management; "
                    "coordination in crises; digital transformation.",
                ),
            ),
            _session(
                (
                    "بناء الإنسان، القيم ومنظور الشباب",
                    "Human development, values and young people",
                ),
                (
                    "ترسيخ القيم؛ بناء الإنسان والتنمية الفردية؛ تشكيل مستقبل الشباب؛ بناء مجتمع "
                    "متكامل ومتضامن.",
                    "Rooting values; human and personal development; shaping young people's "
                    "future; building an integrated society that stands together.",
                ),
            ),
            _session(
                (
                    "المشاريع المشتركة وفرص التعاون الإقليمي",
                    "Joint projects and regional cooperation",
                ),
                (
                    "مشاريع مشتركة؛ آليات دعم الطلاب؛ الأنشطة التعليمية والثقافية؛ مبادرات الحفاظ "
                    "على التراث المعرفي والروحي.",
                    "Joint projects; support for students; educational and cultural activities; "
                    "initiatives to preserve the intellectual and spiritual heritage.",
                ),
            ),
        ],
        "attendance": [],
    },
    # 001_…: the Shendi and Al-Matamma networking meeting. The article gives no date.
    {
        "slug": "shendi-matamma-networking-meeting",
        "title_ar": "اللقاء التشبيكي للمنظمات الطوعية بمحليتي شندي والمتمة",
        "title_en": "Networking meeting of the voluntary organizations of Shendi and Al-Matamma",
        "kind": "forum",
        "format": "in_person",
        "status": "held",
        "timezone": KHARTOUM,
        "starts_at": at(KHARTOUM, 2025, 1, 18, 10),
        "ends_at": at(KHARTOUM, 2025, 1, 18, 13),
        "date_is_approximate": True,
        "venue_name_ar": "حديقة السنتر",
        "venue_name_en": "Centre Garden",
        "venue_city_ar": "شندي",
        "venue_city_en": "Shendi",
        "venue_country": "SD",
        "summary_ar": (
            "اجتمعت المنظمات الطوعية الإنسانية والثقافية في محليتي شندي والمتمة، في القطاع الجنوبي "
            "بولاية نهر النيل، بحديقة السنتر في شندي بحضور كبير من المنظمات والأفراد. خلص اللقاء "
            "إلى تأسيس مكتب تمهيدي لتسهيل التنسيق بين المنظمات، اختير البروفيسور أونسة رئيساً له، "
            "ويضم ناشطين من أصحاب الخبرات وأصواتاً شبابية، ومهمته تحديد أهداف التجمع على المدى "
            "القصير والطويل، وفتح قنوات تعاون جديدة، ووضع خارطة طريق للكيان الجامع. لا يذكر الخبر "
            "تاريخ اللقاء: التاريخ هنا تقريبي."
        ),
        "summary_en": (
            "The humanitarian and cultural voluntary organizations of Shendi and Al-Matamma, in "
            "the southern sector of River Nile State, met at the Centre Garden in Shendi, with a "
            "large turnout of organizations and individuals. The meeting founded a preliminary "
            "office to coordinate the organizations, chaired by Prof. Onsa and made up of "
            "experienced activists and young voices; its mandate is to set the gathering's "
            "short- and long-term goals, open new channels of cooperation and draw up a roadmap "
            "for the joint body. The article gives no date: the date here is approximate."
        ),
        "organizer": "shendi-matamma-gathering",
        "partners": [],
        "agenda": [
            _session(
                ("التعارف والتشبيك بين المنظمات", "Introductions and networking"),
                (
                    "تبادل الخبرات والمعرفة؛ ضعف التنسيق بين "
                    "المنظمات في القطاع الجنوبي وسدّ الفجوات.",
                    "Sharing experience and knowledge; the weak coordination between "
                    "organizations in the southern sector, and closing the gaps.",
                ),
            ),
            _session(
                (
                    "تأسيس مكتب لتسهيل التنسيق بين المنظمات",
                    "Founding an office to coordinate the organizations",
                ),
            ),
            _session(
                (
                    "اختيار البروفيسور أونسة رئيساً للمكتب التمهيدي",
                    "Electing Prof. Onsa chair of the preliminary office",
                ),
                (
                    "مكتب من الناشطين أصحاب الخبرات والأصوات الشبابية.",
                    "An office of experienced activists and young voices.",
                ),
            ),
            _session(
                ("مهام المكتب التمهيدي", "The preliminary office's mandate"),
                (
                    "أهداف التجمع على المدى القصير والطويل؛ قنوات تعاون جديدة؛ خارطة طريق للكيان "
                    "الجامع؛ إبراز الفعاليات والتعريف بالمؤسسات؛ الوساطة لزيادة التنسيق بين "
                    "المنظمات.",
                    "The gathering's short- and long-term goals; new channels of cooperation; a "
                    "roadmap for the joint body; publicising events and introducing the "
                    "organizations; mediating to improve coordination between them.",
                ),
            ),
        ],
        "attendance": [],
    },
    # Invented for the demo: a planned hybrid forum open for registration...
    {
        "slug": "recommendations-follow-up-2026",
        "title_ar": "ملتقى متابعة التوصيات 2026",
        "title_en": "Recommendations follow-up forum 2026",
        "kind": "forum",
        "format": "hybrid",
        "status": "planned",
        "timezone": ISTANBUL,
        "starts_at": at(ISTANBUL, 2026, 12, 16, 10),
        "ends_at": at(ISTANBUL, 2026, 12, 16, 16),
        "venue_name_ar": "مقر الاتحاد",
        "venue_name_en": "The union's office",
        "venue_city_ar": "إسطنبول",
        "venue_city_en": "Istanbul",
        "venue_country": "TR",
        "online_platform": "Webex",
        "join_url": "https://meet.example.org/tansiq-2026",
        "capacity_room": 40,
        "capacity_online": 100,
        "registration_deadline": at(ISTANBUL, 2026, 12, 13, 17),
        "summary_ar": (
            f"{DEMO_AR} يجمع الاتحاد المنظمات الأعضاء في القاعة وعبر الإنترنت لمراجعة ما نُفّذ من "
            "توصيات الملتقى التنسيقي في دمشق واللقاء التشاوري في حلب، والاتفاق على خطة متابعة "
            "لعام 2027 بمسؤوليات ومواعيد واضحة، حتى لا يُنسى شيء مما اتُّفق عليه."
        ),
        "summary_en": (
            f"{DEMO_EN} The union brings its member organizations together, in the room and "
            "online, to review what has come of the recommendations of the Damascus coordination "
            "forum and the Aleppo consultation, and to agree a follow-up plan for 2027 with clear "
            "responsibilities and deadlines, so that nothing agreed is forgotten."
        ),
        "organizer": None,
        "partners": [],
        "agenda": [
            _session(
                ("أين وصلت التوصيات؟", "Where do the recommendations stand?"),
                (
                    "عرض لوحة متابعة التوصيات: ما نُفّذ، وما تأخر، ولماذا.",
                    "The recommendations tracker: what has been done, what is late, and why.",
                ),
                ("الأمانة العامة", "The general secretariat"),
                starts_at=at(ISTANBUL, 2026, 12, 16, 10),
            ),
            _session(
                (
                    "اللجنة التنسيقية وتبادل البيانات بين الجمعيات",
                    "The coordination committee and data exchange between associations",
                ),
                (
                    "تقرير اللجنة المنبثقة عن ملتقى دمشق؛ آليات منع تكرار الخدمات.",
                    "Report of the committee set up by the Damascus forum; ways to avoid "
                    "duplicated services.",
                ),
                starts_at=at(ISTANBUL, 2026, 12, 16, 11, 30),
            ),
            _session(
                (
                    "خطة العمل المشتركة لتعافي حلب",
                    "The joint action plan for Aleppo's recovery",
                ),
                (
                    "الأولويات وآليات التنسيق الدائمة التي أوصى بها اللقاء التشاوري.",
                    "The priorities and permanent coordination mechanisms the consultation "
                    "recommended.",
                ),
                starts_at=at(ISTANBUL, 2026, 12, 16, 13, 30),
            ),
            _session(
                ("خطة المتابعة لعام 2027", "The follow-up plan for 2027"),
                (
                    "توزيع المسؤوليات والمواعيد، وكيف تُبلَّغ المنظمات الأعضاء بالتقدم.",
                    "Who does what by when, and how member organizations hear of progress.",
                ),
                starts_at=at(ISTANBUL, 2026, 12, 16, 15),
            ),
        ],
        "attendance": [],
    },
    # ... and a members-only online consultation.
    {
        "slug": "branch-chairs-consultation-2027",
        "title_ar": "لقاء تشاوري لرؤساء الفروع حول خطة 2027",
        "title_en": "Branch chairs' consultation on the 2027 plan",
        "kind": "consultation",
        "format": "online",
        "status": "planned",
        "visibility": "members",
        "timezone": ISTANBUL,
        "starts_at": at(ISTANBUL, 2027, 1, 20, 12),
        "ends_at": at(ISTANBUL, 2027, 1, 20, 14),
        "online_platform": "Webex",
        "join_url": "https://meet.example.org/tansiq-branches-2027",
        "summary_ar": (
            f"{DEMO_AR} لقاء عبر الإنترنت للمنظمات الأعضاء، يعرض فيه رؤساء الفروع حصيلة عام 2026 "
            "ويتفقون على أولويات 2027 وتقويم لقاءاتها."
        ),
        "summary_en": (
            f"{DEMO_EN} An online meeting for member organizations, in which the branch chairs "
            "review 2026 and agree the priorities and the calendar of convenings for 2027."
        ),
        "organizer": None,
        "partners": [],
        "agenda": [
            _session(
                ("حصيلة الفروع لعام 2026", "The branches' 2026 in review"),
                starts_at=at(ISTANBUL, 2027, 1, 20, 12),
            ),
            _session(
                ("أولويات 2027 وتقويم اللقاءات", "Priorities and the calendar for 2027"),
                starts_at=at(ISTANBUL, 2027, 1, 20, 13),
            ),
        ],
        "attendance": [],
    },
]

# Registrations made through the registration service, as the account's coordinator would:
# (convening slug, the coordinator's e-mail, channel, delegates as (name, role) pairs). The
# organization is the one the account coordinates. The delegates are the demo's own fictional
# people: the demo coordinator herself and her fictional colleague, no one from the articles.
REGISTRATIONS = [
    (
        "recommendations-follow-up-2026",
        "coordinator@example.org",
        "room",
        [("ليلى حداد", "منسّقة الجمعية"), ("محمود العلي", "مسؤول البرامج")],
    ),
]
