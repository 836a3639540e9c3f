"""The members part of `load_demo`; the command itself lives in the federation app."""

import io
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from members.models import Affiliation, BoardSeat, Federation, MembershipChange, Organization, User

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
    for email in ("admin@example.org", "coordinator@example.org", "member@example.org"):
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
