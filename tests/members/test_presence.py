"""The presence page: cell counts against the activities, the period's boundaries, duplications
and gaps appearing and disappearing with activities, who sees which organizations, what the
page costs, the cell's list, and the dashboard's count."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members import presence
from members.models import Organization

from .activities import ActivityFactory, place
from .factories import (
    AffiliationFactory,
    BranchFactory,
    OrganizationFactory,
    SecretariatFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages and reversed URLs in English (the default language is Arabic)."""
    with translation.override("en"):
        yield


ANONYMOUS = AnonymousUser()

JAN = datetime.date(2025, 1, 1)
DEC = datetime.date(2025, 12, 31)


def filters(**kwargs):
    values = {"start": JAN, "end": DEC}
    values.update(kwargs)
    return presence.Filters(**values)


def cell(result, code, sector):
    for row in result.rows:
        if row.place.code == code:
            for found in row.cells:
                if found.sector == sector:
                    return found
    return None


@pytest.fixture
def relief():
    return SectorFactory(slug="relief", name_en="Relief", name_ar="الإغاثة")


@pytest.fixture
def health():
    return SectorFactory(slug="health", name_en="Health", name_ar="الصحة")


def test_a_cell_counts_organizations_not_activities(relief):
    organization = OrganizationFactory()
    ActivityFactory(organization=organization, sector=relief, start=JAN)
    ActivityFactory(organization=organization, sector=relief, start=datetime.date(2025, 6, 1))
    ActivityFactory(sector=relief)
    ActivityFactory(sector=relief, place=place("SY-ID"))
    result = presence.presence(ANONYMOUS, filters())
    assert cell(result, "SY-HL", relief).count == 2
    assert cell(result, "SY-ID", relief).count == 1
    assert result.organization_count == 3


@pytest.mark.parametrize(
    ("start", "end", "counted"),
    [
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), False),  # ended the day before
        (datetime.date(2024, 1, 1), JAN, True),  # ends on the first day of the period
        (DEC, None, True),  # starts on the last day
        (datetime.date(2026, 1, 1), None, False),  # starts the day after
        (datetime.date(2020, 1, 1), None, True),  # going on
    ],
)
def test_the_period_includes_both_its_days(relief, start, end, counted):
    ActivityFactory(sector=relief, start=start, end=end)
    result = presence.presence(ANONYMOUS, filters())
    assert bool(result.rows) == counted


def test_filters_by_country_branch_and_sector(relief, health):
    branch = BranchFactory()
    ActivityFactory(sector=relief, organization=OrganizationFactory(branch=branch))
    ActivityFactory(sector=health, place=place("TR-31"))
    assert [r.place.code for r in presence.presence(ANONYMOUS, filters(country="TR")).rows] == [
        "TR-31"
    ]
    assert [r.place.code for r in presence.presence(ANONYMOUS, filters(branch=branch)).rows] == [
        "SY-HL"
    ]
    only_health = presence.presence(ANONYMOUS, filters(sector=health))
    assert only_health.sectors == [health]
    # A place where the federation works, but not in health, is a gap in health.
    assert [(g.place.code, g.sectors) for g in only_health.gaps] == [("SY-HL", [health])]


def test_a_duplication_appears_above_the_threshold_and_goes_when_an_activity_ends(relief, settings):
    settings.PRESENCE_DUPLICATION_THRESHOLD = 2
    first, second = ActivityFactory(sector=relief), ActivityFactory(sector=relief)
    assert presence.presence(ANONYMOUS, filters()).duplications == []
    ActivityFactory(sector=relief)
    result = presence.presence(ANONYMOUS, filters())
    [duplication] = result.duplications
    assert duplication.cell.count == 3
    assert {o.pk for o in duplication.organizations} == {
        first.organization_id,
        second.organization_id,
        duplication.organizations[2].pk,
    }
    assert duplication.convene_url.startswith(reverse("admin:events_convening_add"))
    second.end = datetime.date(2024, 12, 31)
    second.start = datetime.date(2024, 1, 1)
    second.save()
    assert presence.presence(ANONYMOUS, filters()).duplications == []


def test_a_gap_appears_and_goes_with_activities(relief, health):
    ActivityFactory(sector=relief)
    ActivityFactory(sector=health, place=place("SY-ID"))
    result = presence.presence(ANONYMOUS, filters())
    gaps = {gap.place.code: gap.sectors for gap in result.gaps}
    assert gaps == {"SY-HL": [health], "SY-ID": [relief]}
    ActivityFactory(sector=health)
    gaps = {gap.place.code: gap.sectors for gap in presence.presence(ANONYMOUS, filters()).gaps}
    assert gaps == {"SY-ID": [relief]}


def test_members_only_organizations_follow_the_directory(client, relief):
    applicant = OrganizationFactory(status=Organization.Status.APPLICANT, name_ar="متقدمة")
    partner = OrganizationFactory(status=Organization.Status.PARTNER, name_ar="شريكة")
    ActivityFactory(sector=relief)
    ActivityFactory(sector=relief, organization=applicant)
    ActivityFactory(sector=relief, organization=partner)
    anonymous = presence.presence(ANONYMOUS, filters())
    assert cell(anonymous, "SY-HL", relief).count == 1
    signed_in = presence.presence(UserFactory(), filters())
    assert cell(signed_in, "SY-HL", relief).count == 2
    own = AffiliationFactory(organization=applicant).user
    assert cell(presence.presence(own, filters()), "SY-HL", relief).count == 3
    assert cell(presence.presence(SecretariatFactory(), filters()), "SY-HL", relief).count == 3
    # The cell's list shows the same organizations.
    url = "/ar/presence/relief/SY-HL/"
    response = client.get(url, {"from": "2025-01-01"})
    assert response.status_code == 200
    assert "منظمة " in response.content.decode()  # the member organization, in Arabic
    assert "متقدمة" not in response.content.decode()
    assert "شريكة" not in response.content.decode()


def _queries(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/en/presence/", "/ar/presence/", "/en/presence/relief/SY-HL/"])
def test_the_pages_cost_the_same_for_one_activity_and_for_many(
    client, relief, health, settings, path
):
    settings.PRESENCE_DUPLICATION_THRESHOLD = 2
    params = {"from": "2025-01-01", "to": "2025-12-31"}
    # A duplication from the start, so both sizes name the organizations to convene.
    for _ in range(3):
        ActivityFactory(sector=relief)
    few = _queries(client, path, **params)
    for code in ("SY-HL", "SY-ID", "SY-RD", "TR-31"):
        for _ in range(4):
            ActivityFactory(sector=relief, place=place(code))
            ActivityFactory(sector=health, place=place(code))
    many = _queries(client, path, **params)
    assert few == many


def test_the_page_answers_in_both_languages_and_refuses_a_bad_period(client, relief):
    ActivityFactory(sector=relief)
    for language in ("ar", "en"):
        response = client.get(f"/{language}/presence/", {"from": "2025-01-01"})
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
    assert client.get("/en/presence/", {"from": "2025-13-01"}).status_code == 400
    assert (
        client.get("/en/presence/", {"from": "2025-02-01", "to": "2025-01-01"}).status_code == 400
    )
    assert client.get("/en/presence/", {"sector": "nothing"}).status_code == 400
    assert client.get("/en/presence/relief/XX-00/").status_code == 404


def test_the_default_period_is_today(client, relief):
    ActivityFactory(sector=relief, start=datetime.date(2000, 1, 1), end=datetime.date(2000, 1, 2))
    response = client.get("/en/presence/")
    assert response.status_code == 200
    assert "No activity is declared for this period" in response.content.decode()


def test_the_convene_link_is_for_the_secretariat(client, relief, settings):
    settings.PRESENCE_DUPLICATION_THRESHOLD = 1
    ActivityFactory(sector=relief)
    ActivityFactory(sector=relief)
    add = reverse("admin:events_convening_add")
    assert add not in client.get("/en/presence/", {"from": "2025-01-01"}).content.decode()
    client.force_login(SecretariatFactory())
    assert add in client.get("/en/presence/", {"from": "2025-01-01"}).content.decode()


def test_the_dashboard_counts_todays_duplications(client, relief, settings):
    settings.PRESENCE_DUPLICATION_THRESHOLD = 1
    today = datetime.date.today()
    ActivityFactory(sector=relief, start=today - datetime.timedelta(days=10))
    ActivityFactory(sector=relief, start=today - datetime.timedelta(days=10))
    assert presence.duplication_count(ANONYMOUS, today, everyone=True) == 1
    client.force_login(SecretariatFactory())
    response = client.get("/en/dashboard/")
    assert response.status_code == 200
    assert reverse("members:presence") + "#duplications" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("three", "PRESENCE_DUPLICATION_THRESHOLD must be a whole number"),
        ("0", "PRESENCE_DUPLICATION_THRESHOLD must be at least 1"),
    ],
)
def test_the_threshold_is_read_strictly(value, message):
    from tests.federation.test_settings import load_settings

    result = load_settings(DEBUG="true", PRESENCE_DUPLICATION_THRESHOLD=value)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_convene_link_opens_a_new_convening_naming_the_organizations(relief, settings):
    settings.PRESENCE_DUPLICATION_THRESHOLD = 1
    for name in ("Hope", "Light"):
        ActivityFactory(sector=relief, organization=OrganizationFactory(name_en=name))
    [duplication] = presence.presence(ANONYMOUS, filters()).duplications
    from urllib.parse import parse_qs, urlsplit

    url = urlsplit(duplication.convene_url)
    assert url.path == reverse("admin:events_convening_add")
    query = parse_qs(url.query)
    assert query["title_en"] == ["Coordinating Relief — Aleppo"]
    assert query["title_ar"] == ["تنسيق الإغاثة — حلب"]
    assert "Hope, Light" in query["summary_en"][0]


def test_convening_them_opens_a_convening_with_the_organizations_invited(client, relief, settings):
    """The link of a duplication alert opens the admin's new convening with exactly those
    organizations in its invitation list, and saving keeps them invited."""
    from events.models import Convening
    from tests.events.factories import ConveningFactory

    settings.PRESENCE_DUPLICATION_THRESHOLD = 1
    hope, light = OrganizationFactory(name_en="Hope"), OrganizationFactory(name_en="Light")
    OrganizationFactory(name_en="Elsewhere")  # not in the cell: not invited
    for organization in (hope, light):
        ActivityFactory(sector=relief, organization=organization)
    [duplication] = presence.presence(ANONYMOUS, filters()).duplications
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = client.get(duplication.convene_url).context["adminform"].form
    assert {int(pk) for pk in form.initial["invited"]} == {hope.pk, light.pk}
    convening = ConveningFactory()
    convening.invited.set(form.initial["invited"])
    assert set(Convening.objects.get(pk=convening.pk).invited.all()) == {hope, light}


def test_the_convene_link_invites_only_organizations_that_may_register(relief, settings):
    # An applicant in the cell is named in the summary but not invited: it could not register
    # (events.services.check_may_be_invited would refuse the form).
    from urllib.parse import parse_qs, urlsplit

    settings.PRESENCE_DUPLICATION_THRESHOLD = 1
    hope = OrganizationFactory(name_en="Hope")
    newcomer = OrganizationFactory(name_en="Newcomer", status=Organization.Status.APPLICANT)
    for organization in (hope, newcomer):
        ActivityFactory(sector=relief, organization=organization)
    [duplication] = presence.presence(SecretariatFactory(), filters()).duplications
    query = parse_qs(urlsplit(duplication.convene_url).query)
    assert query["invited"] == [str(hope.pk)]
    assert "Newcomer" in query["summary_en"][0]
