"""The outcomes demo data (loaded by `outcomes.demo`), taken from the source articles in
/work/shared/seeds: the Istanbul assembly's vote on the branches bylaw and its nine outcomes,
the Damascus forum's coordination committee and outcomes, the Aleppo consultation's preliminary
recommendations and the Shendi meeting's preliminary office and its tasks.

Recommendation texts are the articles' words in Arabic, with an English translation. Statuses,
progress, due dates and progress updates are invented for the demo. A due date is either a date
("due") or a number of days from the day the demo is first loaded ("due_in_days"), so that the
tracker always has something overdue and something due within the week, and the day's
digest has something to say (due tomorrow, in a week, overdue since yesterday or a week);
once loaded, such a date stays as it was stored. Convenings, organizations and sectors are
named by their slug in `events.demo_data` and `members.demo_data`, accounts by their e-mail and
the people the articles name by their key in `members.demo_data`.

Every open recommendation has an owner who can report on it: a committee with a seat held by an
account, or an organization in charge with a coordinator's account. Where an article names no
such person, the owner is one of the demo's accounts, whose names say they are demo accounts.
"""

from datetime import date

from events.demo_data import DAMASCUS, ISTANBUL, at

ISTANBUL_2017 = "istanbul-general-assembly-2017"
DAMASCUS_2025 = "damascus-coordination-forum-2025"
ALEPPO_2025 = "aleppo-recovery-consultation-2025"
SHENDI = "shendi-matamma-networking-meeting"

ADVOCACY = "istanbul-advocacy-committee"
COORDINATION = "damascus-coordination-committee"
OFFICE = "shendi-matamma-preliminary-office"

COORDINATOR = "coordinator@example.org"
MEMBER = "member@example.org"
SHENDI_COORDINATOR = "shendi@example.org"
# A person the Shendi article names, by their key in members.demo_data.PEOPLE.
ONSA = "onsa"

# 003_…: the vote on the branches bylaw. The article gives the counts per channel: 24 of the 25
# organizations in the room, and 9 of the 29 online ones reached over Webex before the end. It
# gives no votes against and no abstentions, so the others count as not having voted.
MOTIONS = [
    {
        "convening": ISTANBUL_2017,
        "number": 1,
        "title_ar": "إقرار قانون الأفرع الجديد (نظام الأفرع)",
        "title_en": "Approval of the new branches bylaw (the branches system)",
        "text_ar": (
            "تعديل النظام الأساسي لاتحاد منظمات المجتمع المدني السوري باعتماد نظام الأفرع: يفتح "
            "الاتحاد فروعاً في البلدان التي تتواجد بها المنظمات المدنية السورية، تشكّل فيها "
            "المنظمات مجلس إدارة للفرع، ويكون رئيس مجلس إدارة الفرع عضواً في مجلس الأمانة العامة "
            "وممثلاً للفرع. طرحه الدكتور خضر السوطري والدكتور محمد سعيد ونوقش مع المنظمات الحاضرة "
            "قبل التصويت."
        ),
        "text_en": (
            "Amend the statute of the Union of Syrian Civil Society Organizations by adopting the "
            "branches system: the union opens branches in the countries where Syrian civil "
            "organizations work; the organizations there form a branch board, and the chair of "
            "each branch board sits on the general secretariat and represents the branch. "
            "Presented by Dr. Khudr al-Sotari and Dr. Mohammad Said and discussed with the "
            "organizations present before the vote."
        ),
        "kind": "bylaw",
        "majority_rule": "simple",
        "quorum": 50,
        "ballot_kind": "named",
        "status": "closed",
        "opened_at": at(ISTANBUL, 2017, 1, 16, 15),
        "closed_at": at(ISTANBUL, 2017, 1, 16, 17),
        # (channel, eligible, yes, no, abstain)
        "tallies": [("room", 25, 24, 0, 0), ("online", 29, 9, 0, 0)],
    },
]

COMMITTEES = [
    {
        "slug": ADVOCACY,
        "convening": ISTANBUL_2017,
        "name_ar": "لجنة المناصرة",
        "name_en": "Advocacy committee",
        "mandate_ar": (
            "شُكّلت بموجب المخرج الرابع للهيئة العامة: «تشكيل لجنة لعمل حملات المناصرة»، كما "
            "اقترحها الأمين العام: «لجنة تخرج من أجل حملات المناصرة للثورة السورية لنكون مستعدين "
            "للضغط على العالم في أي وقت في حال حدوث أي طارئ». وتتابع كذلك رصد الانتهاكات "
            "الإعلامية."
        ),
        "mandate_en": (
            "Formed under the general assembly's fourth outcome, “form a committee to run "
            "advocacy campaigns”, as the Secretary-General proposed it: a committee for advocacy "
            "campaigns for the Syrian revolution, “so that we are ready to press the world at any "
            "time should an emergency arise”. It also follows up the monitoring of media "
            "violations."
        ),
    },
    {
        "slug": COORDINATION,
        "convening": DAMASCUS_2025,
        "name_ar": "اللجنة التنسيقية لمتابعة تنفيذ التوصيات",
        "name_en": "Coordination committee to follow up the recommendations",
        "mandate_ar": (
            "شكّلها الملتقى التنسيقي الأول لمتابعة تنفيذ توصياته: كسر الحواجز بين الجمعيات "
            "وتفعيل قنوات التواصل، ووضع آليات للتنسيق المشترك وتبادل البيانات، وتنظيم ورش عمل "
            "مستقبلية لصياغة خطط عمل موحدة، بما يضمن إيصال الخدمات للمستفيدين بكفاءة ومنع التكرار "
            "والهدر في الموارد."
        ),
        "mandate_en": (
            "Set up by the first coordination forum to follow up its recommendations: breaking "
            "down the barriers between associations and opening channels of communication, "
            "mechanisms for joint coordination and data exchange, and future workshops to draft "
            "unified action plans, so that services reach beneficiaries efficiently without "
            "duplication or wasted resources."
        ),
    },
    {
        "slug": OFFICE,
        "convening": SHENDI,
        "name_ar": "المكتب التمهيدي للتنسيق",
        "name_en": "Preliminary coordination office",
        "mandate_ar": (
            "مكتب لتسهيل التنسيق بين المنظمات الطوعية في محليتي شندي والمتمة، يرأسه البروفيسور "
            "أونسة ويضم ناشطين من أصحاب الخبرات والتجارب وأصواتاً شبابية. مهامه: تحديد المهام "
            "والأهداف الخاصة بالتجمع على المدى القصير والطويل، وفتح قنوات جديدة للتعاون مع الجهات "
            "الفاعلة الأخرى في المجتمع، ووضع خارطة طريق للكيان الجامع، وإبراز الفعاليات والتعريف "
            "بالمؤسسات المعنية، والقيام بدور الوساطة من أجل زيادة التنسيق بين المنظمات."
        ),
        "mandate_en": (
            "An office to coordinate the voluntary organizations of the Shendi and Al-Matamma "
            "localities, chaired by Prof. Onsa and made up of experienced activists and young "
            "voices. Its tasks: set the gathering's tasks and goals for the short and long term, "
            "open new channels of cooperation with other actors in the community, draw up a "
            "roadmap for the joint body, publicise events and introduce the organizations "
            "concerned, and mediate to increase coordination between the organizations."
        ),
    },
]

# (committee slug, holder, role): seats held by people, the holder a demo account's e-mail (its
# person) or the key of a person the articles name. The seat's organization is the person's, and
# its term starts on the day of the committee's convening. The Shendi article names the office's
# chair, «البروفسير اونسة», and no other member («مجموعة كبيرة من الناشطين», «الاصوات الشبابية»):
# the demo's Shendi account stands for them, no invented name does. The Damascus article names
# no one on its coordination committee; the demo coordinator's seat there is the demo's.
SEATS = [
    (ADVOCACY, COORDINATOR, "chair"),
    (ADVOCACY, MEMBER, "member"),
    (COORDINATION, COORDINATOR, "rapporteur"),
    (OFFICE, ONSA, "chair"),
    (OFFICE, SHENDI_COORDINATOR, "member"),
]


def _update(when, email, status, progress, note_ar, note_en):
    """A progress update, posted by a member of the recommendation's committee."""
    return {
        "created_at": when,
        "author": email,
        "to_status": status,
        "progress": progress,
        "note_ar": note_ar,
        "note_en": note_en,
    }


# Each recommendation: its convening and number (the natural key), its text, then "sector",
# "motion" (a number at the same convening), "committee", "responsible" (an organization),
# "due" or "due_in_days", "status", "progress" and "updates" (oldest first; the last one leaves
# the recommendation in its status and progress). Keys left out are empty.
RECOMMENDATIONS = [
    # 003_…: the nine outcomes of the Istanbul general assembly, in the article's order.
    {
        "convening": ISTANBUL_2017,
        "number": 1,
        "text_ar": (
            "اعتماد التعديلات على النظام الأساسي لاتحاد منظمات المجتمع السوري باعتماد نظام الأفرع "
            "والبدء بتطبيقه خلال فترة شهر."
        ),
        "text_en": (
            "Adopt the amendments to the statute of the Union of Syrian Civil Society "
            "Organizations by adopting the branches system, and start applying it within a month."
        ),
        "sector": "governance",
        "motion": 1,
        "due": date(2017, 2, 16),
        "status": "done",
        "progress": 100,
    },
    {
        "convening": ISTANBUL_2017,
        "number": 2,
        "text_ar": "ضرورة اعتماد المعايير الإنسانية «دورات أخلاقية في العمل التطوعي».",
        "text_en": "Adopt humanitarian standards: “ethics courses in voluntary work”.",
        "sector": "volunteering",
        "due": date(2017, 12, 31),
        "status": "done",
        "progress": 100,
    },
    {
        "convening": ISTANBUL_2017,
        "number": 3,
        "text_ar": "رصد الانتهاكات الإعلامية.",
        "text_en": "Monitor media violations.",
        "sector": "media",
        "committee": ADVOCACY,
        "due_in_days": -1,
        "status": "in_progress",
        "progress": 60,
        "updates": [
            _update(
                at(ISTANBUL, 2017, 4, 3, 11),
                COORDINATOR,
                "in_progress",
                30,
                "أطلقت اللجنة استمارة موحدة لرصد الانتهاكات الإعلامية، تملؤها المكاتب الإعلامية "
                "للمنظمات الأعضاء ويراجعها قسم الإعلام.",
                "The committee launched a common form for recording media violations; the member "
                "organizations' media offices fill it in and the media section reviews it.",
            ),
            _update(
                at(ISTANBUL, 2026, 9, 14, 16),
                MEMBER,
                "in_progress",
                60,
                "اكتملت مسودة تقرير هذا العام عن الانتهاكات الإعلامية المرصودة، وهي بانتظار "
                "مراجعة اللجنة قبل نشرها في مجلة الاتحاد.",
                "This year's report on the media violations recorded is drafted; it awaits the "
                "committee's review before it is published in the union's magazine.",
            ),
        ],
    },
    {
        "convening": ISTANBUL_2017,
        "number": 4,
        "text_ar": "تشكيل لجنة لعمل حملات المناصرة.",
        "text_en": "Form a committee to run advocacy campaigns.",
        "sector": "human-rights",
        "committee": ADVOCACY,
        "due": date(2017, 2, 28),
        "status": "done",
        "progress": 100,
        "updates": [
            _update(
                at(ISTANBUL, 2017, 2, 14, 12),
                COORDINATOR,
                "done",
                100,
                "تشكّلت لجنة المناصرة من منظمات في الداخل السوري وتركيا والأردن، وعقدت اجتماعها "
                "الأول عبر ويبكس.",
                "The advocacy committee was formed of organizations inside Syria, in Turkey and "
                "in Jordan, and held its first meeting over Webex.",
            ),
        ],
    },
    {
        "convening": ISTANBUL_2017,
        "number": 5,
        "text_ar": "دعوة المنظمات للنشر في مجلة الاتحاد.",
        "text_en": "Invite the organizations to publish in the union's magazine.",
        "sector": "media",
        "due": date(2017, 3, 31),
        "status": "done",
        "progress": 100,
    },
    {
        "convening": ISTANBUL_2017,
        "number": 6,
        "text_ar": "تعميق مفهوم التنمية لدى المعنيين.",
        "text_en": "Deepen the understanding of development among those concerned.",
        "sector": "development",
        "status": "dropped",
        "progress": 0,
    },
    {
        "convening": ISTANBUL_2017,
        "number": 7,
        "text_ar": "إنشاء شبكات وربطها مع بعض.",
        "text_en": "Create networks and link them with one another.",
        "sector": "capacity-building",
        # The article names no one in charge: the demo gives it to the demo coordinator's
        # (fictional) organization, so that a coordinator can try reporting as its owner.
        "responsible": "ghiras-ghouta",
        "status": "in_progress",
        "progress": 40,
    },
    {
        "convening": ISTANBUL_2017,
        "number": 8,
        "text_ar": "دورات خاصة في التنمية.",
        "text_en": "Hold dedicated courses on development.",
        "sector": "development",
        "due": date(2017, 12, 31),
        "status": "done",
        "progress": 100,
    },
    {
        "convening": ISTANBUL_2017,
        "number": 9,
        "text_ar": "إنشاء مجموعة واتس أب تكون صلة الوصل والتواصل بين المنظمات والاتحاد.",
        "text_en": (
            "Create a WhatsApp group to be the link and the channel of communication between the "
            "organizations and the union."
        ),
        "due": date(2017, 1, 31),
        "status": "done",
        "progress": 100,
    },
    # 002_…: the outcomes of the Damascus coordination forum.
    {
        "convening": DAMASCUS_2025,
        "number": 1,
        "text_ar": "كسر الحواجز بين الجمعيات وتفعيل قنوات التواصل.",
        "text_en": (
            "Break down the barriers between associations and open channels of communication."
        ),
        "committee": COORDINATION,
        "responsible": "damascus-charities-union",
        "due": date(2025, 9, 30),
        "status": "done",
        "progress": 100,
        "updates": [
            _update(
                at(DAMASCUS, 2025, 9, 1, 13),
                COORDINATOR,
                "done",
                100,
                "صدر دليل اتصال بالجمعيات المشاركة، وصار للجمعيات لقاء تنسيقي شهري في مقر الاتحاد.",
                "A contact directory of the participating associations is out, and the "
                "associations now meet monthly at the union's headquarters.",
            ),
        ],
    },
    {
        "convening": DAMASCUS_2025,
        "number": 2,
        "text_ar": "وضع آليات للتنسيق المشترك وتبادل البيانات.",
        "text_en": "Set up mechanisms for joint coordination and data exchange.",
        "sector": "governance",
        "committee": COORDINATION,
        "responsible": "syrian-networks-league",
        "due_in_days": -8,
        "status": "in_progress",
        "progress": 30,
        "updates": [
            _update(
                at(DAMASCUS, 2025, 10, 20, 12),
                COORDINATOR,
                "in_progress",
                30,
                "اتفقت الجمعيات على نموذج موحد لبيانات المستفيدين، ولم يُتفق بعد على من يستضيف "
                "الجدول المشترك ومن يطّلع عليه.",
                "The associations agreed a common beneficiary data form; who hosts the shared "
                "table and who may see it is not yet agreed.",
            ),
        ],
    },
    {
        "convening": DAMASCUS_2025,
        "number": 3,
        "text_ar": "تشكيل لجنة تنسيقية لمتابعة تنفيذ التوصيات.",
        "text_en": (
            "Form a coordination committee to follow up the implementation of the recommendations."
        ),
        "sector": "governance",
        "committee": COORDINATION,
        "responsible": "damascus-charities-union",
        "due": date(2025, 7, 31),
        "status": "done",
        "progress": 100,
        "updates": [
            _update(
                at(DAMASCUS, 2025, 7, 10, 11),
                COORDINATOR,
                "done",
                100,
                "تشكّلت اللجنة التنسيقية من ممثلين عن الاتحاد ورابطة الشبكات السورية واتحاد "
                "الجمعيات الخيرية في حلب، واختارت مقرراً لها.",
                "The coordination committee was formed of representatives of the union, the "
                "Syrian Networks League and the Aleppo charities union, and chose its "
                "rapporteur.",
            ),
        ],
    },
    {
        "convening": DAMASCUS_2025,
        "number": 4,
        "text_ar": "تنظيم ورش عمل مستقبلية لصياغة خطط عمل موحدة.",
        "text_en": "Hold future workshops to draft unified action plans.",
        "sector": "capacity-building",
        "committee": COORDINATION,
        "responsible": "aleppo-charities-union",
        "due_in_days": 1,
        "status": "in_progress",
        "progress": 20,
        "updates": [
            _update(
                at(DAMASCUS, 2026, 10, 5, 14),
                COORDINATOR,
                "in_progress",
                20,
                "أُعدّ برنامج الورشة الأولى ودُعيت إليها الجمعيات، وتنتظر اللجنة تأكيد القاعة.",
                "The first workshop's programme is ready and the associations are invited; the "
                "committee is waiting for the venue to be confirmed.",
            ),
        ],
    },
    {
        "convening": DAMASCUS_2025,
        "number": 5,
        "text_ar": (
            "تعزيز التشبيك وبناء شراكات فعّالة بما يضمن إيصال الخدمات للمستفيدين بكفاءة ومنع "
            "التكرار والهدر في الموارد."
        ),
        "text_en": (
            "Strengthen networking and build effective partnerships, so that services reach "
            "beneficiaries efficiently without duplication or wasted resources."
        ),
        "sector": "relief",
        "committee": COORDINATION,
        "status": "not_started",
        "progress": 0,
    },
    # 004_…: the preliminary recommendations of the Aleppo consultation; the organizers
    # committed to follow them up («مؤكدين على عزمهم على ... متابعة تنفيذ التوصيات»): GLOCA, which
    # held the meeting with DCAF's cooperation, is in charge of each.
    {
        "convening": ALEPPO_2025,
        "number": 1,
        "text_ar": "وضع خطة عمل مشتركة ذات أولويات واضحة لتعافي حلب.",
        "text_en": "Draw up a joint action plan with clear priorities for Aleppo's recovery.",
        "sector": "reconstruction",
        "responsible": "gloca",
        "due_in_days": 7,
        "status": "in_progress",
        "progress": 70,
    },
    {
        "convening": ALEPPO_2025,
        "number": 2,
        "text_ar": "تعزيز الشفافية في تدفق المعلومات وآليات صنع القرار بين جميع الأطراف.",
        "text_en": (
            "Make the flow of information and the ways decisions are made transparent between "
            "all parties."
        ),
        "sector": "governance",
        "responsible": "gloca",
        "status": "not_started",
        "progress": 0,
    },
    {
        "convening": ALEPPO_2025,
        "number": 3,
        "text_ar": (
            "بناء قدرات منظمات المجتمع المدني في مجالات إدارة المشاريع الاقتصادية والصناعية "
            "والزراعية، الرصد والتقييم، والمناصرة."
        ),
        "text_en": (
            "Build the capacity of civil society organizations in managing economic, industrial "
            "and agricultural projects, in monitoring and evaluation, and in advocacy."
        ),
        "sector": "capacity-building",
        "responsible": "gloca",
        "status": "in_progress",
        "progress": 25,
    },
    {
        "convening": ALEPPO_2025,
        "number": 4,
        "text_ar": (
            "إيجاد آليات تنسيق دائمة وفعالة تضم المجتمع المدني والمؤسسات المحلية والجهات الداعمة."
        ),
        "text_en": (
            "Create permanent, effective coordination mechanisms bringing together civil "
            "society, local institutions and donors."
        ),
        "sector": "governance",
        "responsible": "gloca",
        "status": "not_started",
        "progress": 0,
    },
    {
        "convening": ALEPPO_2025,
        "number": 5,
        "text_ar": "الاهتمام ببرامج الحماية الاجتماعية والدعم النفسي كأساس للتماسك المجتمعي.",
        "text_en": (
            "Give attention to social protection and psychosocial support programmes as a "
            "foundation of social cohesion."
        ),
        "sector": "psychosocial-support",
        "responsible": "gloca",
        "status": "not_started",
        "progress": 0,
    },
    # 001_…: the tasks of the preliminary office founded by the Shendi and Al-Matamma meeting.
    {
        "convening": SHENDI,
        "number": 1,
        "text_ar": "تحديد المهام والأهداف الخاصة بالتجمع على المدى القصير والطويل.",
        "text_en": "Set the gathering's tasks and goals for the short and the long term.",
        "committee": OFFICE,
        "responsible": "shendi-matamma-gathering",
        "due": date(2025, 3, 31),
        "status": "done",
        "progress": 100,
    },
    {
        "convening": SHENDI,
        "number": 2,
        "text_ar": "فتح قنوات جديدة للتعاون مع الجهات الفاعلة الأخرى في المجتمع.",
        "text_en": "Open new channels of cooperation with other actors in the community.",
        "committee": OFFICE,
        "responsible": "shendi-matamma-gathering",
        "status": "in_progress",
        "progress": 50,
    },
    {
        "convening": SHENDI,
        "number": 3,
        "text_ar": "وضع خارطة طريق للكيان الجامع.",
        "text_en": "Draw up a roadmap for the joint body.",
        "committee": OFFICE,
        "responsible": "shendi-matamma-gathering",
        "status": "in_progress",
        "progress": 30,
    },
    {
        "convening": SHENDI,
        "number": 4,
        "text_ar": "إبراز الفعاليات والتعريف بالمؤسسات المعنية.",
        "text_en": "Publicise events and introduce the organizations concerned.",
        "sector": "media",
        "committee": OFFICE,
        "status": "in_progress",
        "progress": 40,
    },
    {
        "convening": SHENDI,
        "number": 5,
        "text_ar": "القيام بدور الوساطة من أجل زيادة التنسيق بين المنظمات.",
        "text_en": "Mediate between the organizations to increase their coordination.",
        "committee": OFFICE,
        "status": "not_started",
        "progress": 0,
    },
]
