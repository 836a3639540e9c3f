"""The members part of `load_demo`; the command itself lives in the federation app."""

import datetime
import io
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from members.models import (
    Affiliation,
    BoardSeat,
    Federation,
    MembershipChange,
    Office,
    Organization,
    Person,
    User,
)

PASSWORD = "tansiq-demo"
MEMBER, PARTNER = "member", "partner"

# Every organization the source articles name, and whether it is a member or a partner.
NAMED_IN_ARTICLES = {
    "uniw": PARTNER,
    "toplum-vakfi": PARTNER,
    "usva-vakfi": PARTNER,
    "damascus-charities-union": MEMBER,
    "syrian-networks-league": MEMBER,
    "aleppo-charities-union": MEMBER,
    "gloca": MEMBER,
    "dcaf": PARTNER,
    "international-relief": PARTNER,
    "shendi-matamma-gathering": MEMBER,
}

ISTANBUL, DAMASCUS, ALEPPO = (
    datetime.date(2017, 1, 16),
    datetime.date(2025, 6, 26),
    datetime.date(2025, 8, 20),  # the Aleppo convening's approximate date: the article has none
)
# The officers as the articles write them: (Arabic name, English name, office, the body it
# belongs to (None: the union itself, the demo federation), first day, Arabic title). The
# person belongs to the office's body.
# fmt: off
OFFICERS = [
    # 003_…: «أمين عام اتحاد منظمات المجتمع السوري الدكتور خضر السوطري»
    ("د. خضر السوطري", "Dr. Khudr al-Sotari", "secretary_general", None, ISTANBUL, ""),
    # «د. محمد سعيد المدير التنفيذي»
    ("د. محمد سعيد", "Dr. Mohammad Said", "executive_director", None, ISTANBUL, ""),
    # «الإعلامي رشدي مفتي مسؤول قسم الإعلام في اتحاد منظمات المجتمع المدني»
    ("رشدي مفتي", "Rushdi Mufti", "media_officer", None, ISTANBUL, ""),
    # 002_…: «رئيس الاتحاد سارية السيروان»
    ("سارية السيروان", "Sariya al-Sirwan", "president", "damascus-charities-union", DAMASCUS, ""),
    # «رئيس رابطة الشبكات السورية الدكتور حسان مغربية»
    ("د. حسان مغربية", "Dr. Hassan Maghribiya", "president", "syrian-networks-league",
     DAMASCUS, ""),
    # «عضو مجلس إدارة الاتحاد هيثم سلطجي»
    ("هيثم سلطجي", "Haitham Saltaji", "board_member", "damascus-charities-union", DAMASCUS, ""),
    # «أمين صندوق الاتحاد صفوان الحموي»
    ("صفوان الحموي", "Safwan al-Hamawi", "treasurer", "damascus-charities-union", DAMASCUS, ""),
    # 004_…: «المدير التنفيذي لمنظمة النهوض بالمجتمع المدني (GLOCA) وسيم الحاج»
    ("وسيم الحاج", "Wassim al-Hajj", "executive_director", "gloca", ALEPPO, ""),
    # «رئيس قسم الشرق الأوسط وشمال أفريقيا في مركز جنيف لحكومة قطاع الأمن (DCAF) أيمن أيوب»
    ("أيمن أيوب", "Ayman Ayoub", "other", "dcaf", ALEPPO, "رئيس قسم الشرق الأوسط وشمال أفريقيا"),
    # «ميسر اللقاء ومدير العلاقات العامة في منظمة GLOCA محمد خليلو»
    ("محمد خليلو", "Mohammad Khalilo", "other", "gloca", ALEPPO, "مدير العلاقات العامة"),
]
# fmt: on
# The fictional accounts that coordinate real organizations: (e-mail, organization).
DEMO_COORDINATORS = [
    ("gloca@example.org", "gloca"),
    ("shendi@example.org", "shendi-matamma-gathering"),
]


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # pytest-django turns DEBUG off for tests; the command wants it on unless --force is given.
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(**options):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Row counts of every members model and allauth's addresses, and what could change."""
    models = [*apps.get_app_config("members").get_models(), EmailAddress]
    return {
        "counts": {model.__name__: model.objects.count() for model in models},
        "organizations": set(Organization.objects.values_list("pk", "status", "updated_at")),
        "passwords": set(User.objects.values_list("pk", "password")),
        "people": set(
            Person.objects.values_list("pk", "name_ar", "name_en", "organization", "updated_at")
        ),
        "offices": set(
            Office.objects.values_list("pk", "person", "kind", "starts_on", "ends_on", "title_en")
        ),
    }


@pytest.mark.django_db
def test_creates_the_federation():
    load_demo()
    federation = Federation.objects.get()
    assert federation.name_ar == "اتحاد منظمات المجتمع المدني السوري"
    assert federation.name_en == "Union of Syrian Civil Society Organizations"
    assert federation.short_name_en == "Syrian CSO Union"
    assert federation.timezone == "Europe/Istanbul"
    assert federation.email == "info@example.org"
    assert "172" in federation.short_description_ar
    assert "88" in federation.short_description_en


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_with_verified_addresses():
    output = load_demo()
    emails = ["admin@example.org", "coordinator@example.org", "member@example.org"]
    for email in [*emails, *(email for email, _slug in DEMO_COORDINATORS)]:
        user = User.objects.get(email=email)
        assert user.check_password(PASSWORD)
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists()
        assert email in output
    assert f"password: {PASSWORD}" in output

    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff and admin.is_superuser
    coordinator = Affiliation.objects.get(user__email="coordinator@example.org")
    assert coordinator.role == Affiliation.Role.COORDINATOR
    assert coordinator.organization.status == Organization.Status.ACTIVE
    member = Affiliation.objects.get(user__email="member@example.org")
    assert member.role == Affiliation.Role.MEMBER
    assert member.organization.status == Organization.Status.ACTIVE


@pytest.mark.django_db
def test_the_organizations_in_charge_have_demo_coordinators_that_say_what_they_are():
    load_demo()
    for email, slug in DEMO_COORDINATORS:
        user = User.objects.get(email=email)
        assert user.is_active
        affiliation = Affiliation.objects.get(user=user)
        assert (affiliation.organization.slug, affiliation.role) == (slug, "coordinator")
        # Not a real person the articles name: the name says it is a demo account.
        assert "حساب تجريبي" in user.name
        person = user.person
        assert "حساب تجريبي" in person.name_ar and "demo account" in person.name_en
        assert person.organization == affiliation.organization


@pytest.mark.django_db
def test_every_demo_account_has_its_person_named_in_its_language():
    load_demo()
    for user in User.objects.all():
        person = Person.objects.get(user=user)
        name = person.name_ar if user.preferred_language == "ar" else person.name_en
        assert name == user.name
        affiliation = user.affiliations.first()
        assert person.organization == (affiliation and affiliation.organization)
        person.full_clean()
    assert User.objects.get(email="member@example.org").person.name_en == "Samer Youssef"
    assert User.objects.get(email="coordinator@example.org").person.name_ar == "ليلى حداد"


@pytest.mark.django_db
def test_the_officers_of_the_articles_hold_their_offices_as_the_articles_say():
    load_demo()
    assert Office.objects.count() == len(OFFICERS)
    for name_ar, name_en, kind, body, starts_on, title_ar in OFFICERS:
        person = Person.objects.get(name_ar=name_ar)
        assert person.name_en == name_en
        assert person.user is None  # the articles' people have no account in the demo
        assert (person.organization and person.organization.slug) == body
        office = person.offices.get()
        assert office.kind == kind, name_en
        assert (office.organization and office.organization.slug) == body, name_en
        assert office.branch is None
        assert (office.starts_on, office.ends_on) == (starts_on, None), name_en
        assert office.title_ar == title_ar
        assert bool(office.title_en) == bool(title_ar)
        office.full_clean()
    # The union of the Istanbul assembly is the demo federation: its officers are its own.
    federation = Office.objects.of_federation().current()
    assert {office.kind for office in federation} == {
        "secretary_general",
        "executive_director",
        "media_officer",
    }
    ayoub = Office.objects.get(person__name_en="Ayman Ayoub")
    assert ayoub.title_en == "Head of the Middle East and North Africa division"
    assert Office.objects.get(person__name_en="Mohammad Khalilo").title_en == (
        "Director of public relations"
    )


@pytest.mark.django_db
def test_the_chair_of_the_shendi_office_is_a_person_of_the_gathering_as_the_article_names_him():
    load_demo()
    # «اختيار البروفسير اونسة رئيسآ للمكتب التمهيدي»: the article gives no other name.
    onsa = Person.objects.get(name_ar="البروفسير اونسة")
    assert onsa.name_en == "Prof. Onsa"
    assert onsa.organization.slug == "shendi-matamma-gathering"
    assert onsa.user is None and not onsa.offices.exists()


@pytest.mark.django_db
def test_an_account_takes_over_its_namesake_rather_than_getting_a_second_person():
    # A demo loaded before accounts had people: the registration named the coordinator as a
    # delegate, a person without an account.
    load_demo()
    coordinator = User.objects.get(email="coordinator@example.org")
    person = coordinator.person
    Person.objects.filter(pk=person.pk).update(user=None)
    load_demo()
    coordinator.refresh_from_db()
    assert coordinator.person.pk == person.pk
    assert Person.objects.filter(name_ar="ليلى حداد").count() == 1


@pytest.mark.django_db
def test_a_term_ended_in_the_admin_is_kept_on_the_next_load():
    load_demo()
    office = Office.objects.get(kind="secretary_general", organization=None)
    Office.objects.filter(pk=office.pk).update(ends_on=datetime.date(2020, 12, 31))
    assert "Nothing changed" in load_demo()
    office.refresh_from_db()
    assert office.ends_on == datetime.date(2020, 12, 31)


@pytest.mark.django_db
def test_every_organization_named_in_the_articles_is_there():
    load_demo()
    for slug, kind in NAMED_IN_ARTICLES.items():
        organization = Organization.objects.get(slug=slug)
        assert organization.name_ar and organization.name_en
        assert organization.description_ar and organization.description_en
        if kind == MEMBER:
            assert organization.is_member, slug
        else:
            assert organization.status == Organization.Status.PARTNER, slug
    assert Organization.objects.get(slug="gloca").status == Organization.Status.ACTIVE
    assert Organization.objects.get(slug="dcaf").acronym == "DCAF"


@pytest.mark.django_db
def test_demo_organizations_say_they_are_fictional_and_vary_in_status():
    load_demo()
    demo = Organization.objects.exclude(slug__in=NAMED_IN_ARTICLES)
    assert demo.count() >= 10
    for organization in demo:
        assert "منظمة تجريبية للعرض" in organization.description_ar
        assert "A fictional organization for the demo" in organization.description_en
    statuses = list(demo.values_list("status", flat=True))
    assert statuses.count(Organization.Status.APPLICANT) == 2
    assert statuses.count(Organization.Status.SUSPENDED) == 1
    assert statuses.count(Organization.Status.WITHDRAWN) == 1


@pytest.mark.django_db
def test_history_follows_the_life_cycle_and_records_the_admin():
    load_demo()
    for organization in Organization.objects.all():
        history = list(organization.status_history.order_by("pk"))
        assert history[0].from_status == ""
        for before, after in itertools.pairwise(history):
            assert after.from_status == before.to_status
        assert history[-1].to_status == organization.status
    approval = MembershipChange.objects.get(
        organization__slug="antakya-pulse", from_status="applicant", to_status="registered"
    )
    assert approval.changed_by.email == "admin@example.org"


@pytest.mark.django_db
def test_active_branches_have_boards_and_a_secretariat():
    load_demo()
    chairs = BoardSeat.objects.current().chairs().filter(branch__is_active=True)
    assert chairs.exists()
    for chair in chairs:
        members = BoardSeat.objects.current().filter(branch=chair.branch, role="member")
        assert 2 <= members.count() <= 3
    for seat in BoardSeat.objects.all():
        assert seat.organization.is_member
        assert seat.term_end is None


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    load_demo()
    before = snapshot()
    history = MembershipChange.objects.count()
    output = load_demo()
    assert snapshot() == before
    assert MembershipChange.objects.count() == history
    assert "Nothing changed" in output


@pytest.mark.django_db
def test_running_again_restores_a_changed_password_only():
    load_demo()
    admin = User.objects.get(email="admin@example.org")
    admin.set_password("something-else")
    admin.save()
    other = User.objects.get(email="member@example.org").password
    load_demo()
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)
    assert User.objects.get(email="member@example.org").password == other


@pytest.mark.django_db
def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not Organization.objects.exists()
    load_demo(force=True)
    assert Federation.objects.exists()
    assert Organization.objects.filter(slug="gloca").exists()


def test_the_command_lives_in_federation_above_the_layers_it_loads():
    # It loads members and events, so it cannot live in either of them.
    assert get_commands()["load_demo"] == "federation"
