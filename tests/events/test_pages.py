import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.members.factories import (
    AffiliationFactory,
    BranchFactory,
    OrganizationFactory,
    PersonFactory,
    SecretariatFactory,
)

from .factories import (
    AgendaItemFactory,
    AttendanceFactory,
    ConveningFactory,
    ConveningPartnerFactory,
    PastConveningFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def listed(response):
    return [c.slug for c in response.context["page"].object_list]


def test_upcoming_convenings_come_first_soonest_first_then_past_latest_first(client):
    from .factories import in_days

    ConveningFactory(slug="later", starts_at=in_days(40))
    ConveningFactory(slug="soon", starts_at=in_days(5))
    PastConveningFactory(slug="old", starts_at=in_days(-400))
    PastConveningFactory(slug="recent", starts_at=in_days(-10))
    assert listed(client.get("/en/convenings/")) == ["soon", "later", "recent", "old"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "general_assembly"}, ["istanbul"]),
        ({"format": "in_person"}, ["damascus"]),
        ({"status": "planned"}, ["next"]),
        ({"branch": "turkey"}, ["next"]),
        ({"organizer": "dcu"}, ["damascus"]),
        ({"year": "2017"}, ["istanbul"]),
    ],
)
def test_convening_filters(client, params, expected):
    import datetime
    from zoneinfo import ZoneInfo

    ConveningFactory(slug="next", organizer_branch=BranchFactory(slug="turkey"))
    start = datetime.datetime(2017, 1, 16, 10, tzinfo=ZoneInfo("Europe/Istanbul"))
    PastConveningFactory(
        slug="istanbul",
        kind="general_assembly",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=7),
    )
    PastConveningFactory(
        slug="damascus",
        format="in_person",
        join_url="",
        organizer_organization=OrganizationFactory(slug="dcu"),
    )
    assert listed(client.get("/en/convenings/", params)) == expected


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=2017.5",
        "year=-1",
        "year=99999999999",
        "kind=party",
        "format=%00",
        "branch=%00",
        "organizer=no-such",
        "status=",
        "page=zz",
        "page=0",
        "year=%E0%A4%A",
    ],
)
def test_malformed_query_strings_never_fail(client, query):
    ConveningFactory()
    # A NUL byte is refused at the door with the 400 page (members.strict_input).
    expected = 400 if "%00" in query else 200
    assert client.get("/ar/convenings/?" + query).status_code == expected


def test_members_only_convenings_are_hidden_from_outsiders(client):
    secret = ConveningFactory(slug="secret", visibility="members")
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert "secret" not in listed(client.get("/en/convenings/"))
    member = AffiliationFactory(role="member").user
    client.force_login(member)
    assert client.get(secret.get_absolute_url()).status_code == 200


def test_an_applicants_coordinator_does_not_see_members_only_convenings(client):
    secret = ConveningFactory(visibility="members")
    applicant = AffiliationFactory(organization=OrganizationFactory(status="applicant")).user
    client.force_login(applicant)
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_the_convening_page_shows_the_attendance_breakdown(client):
    istanbul = PastConveningFactory(reported_room=25, reported_online=29)
    body = client.get(istanbul.get_absolute_url()).content.decode()
    assert ">25<" in body and ">29<" in body and ">54<" in body


def test_the_roll_lists_attending_organizations_by_channel_room_first_then_by_name(client):
    convening = PastConveningFactory()
    named = {}
    for name, channel in [("Zeta Aid", "room"), ("Alpha Relief", "room"), ("Beta Care", "online")]:
        named[name] = OrganizationFactory(name_en=name, name_ar="")
        AttendanceFactory(convening=convening, channel=channel, organization=named[name])
    body = client.get(f"/en/convenings/{convening.slug}/").content.decode()
    order = [
        'id="attendance-room"',
        ">Alpha Relief<",
        ">Zeta Aid<",
        'id="attendance-online"',
        ">Beta Care<",
    ]
    assert [body.index(mark) for mark in order] == sorted(body.index(mark) for mark in order)
    url = named["Alpha Relief"].get_absolute_url()
    assert f'<a href="{url}" dir="auto">Alpha Relief</a>' in body
    assert 'In the room <span class="muted">(2)</span>' in body


def test_times_are_shown_in_the_venue_time_zone_with_its_name(client):
    import datetime
    from zoneinfo import ZoneInfo

    start = datetime.datetime(2030, 1, 16, 10, 30, tzinfo=ZoneInfo("Asia/Damascus"))
    convening = ConveningFactory(
        timezone="Asia/Damascus", starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    body = client.get(convening.get_absolute_url()).content.decode()
    assert "10:30" in body and "Asia/Damascus" in body


def test_the_organization_page_lists_the_convenings_it_attended(client):
    attendance = AttendanceFactory(channel="online")
    body = client.get(f"/en/organizations/{attendance.organization.slug}/").content.decode()
    assert attendance.convening.title_en in body and "Online" in body


def test_home_shows_the_next_convenings(client):
    ConveningFactory(title_en="Next General Assembly")
    assert "Next General Assembly" in client.get("/en/").content.decode()


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def fill(convening, n):
    for _ in range(n):
        AgendaItemFactory(convening=convening)
        AttendanceFactory(convening=convening)
        ConveningPartnerFactory(convening=convening)


def test_the_convening_page_costs_the_same_for_1_and_50_sessions_and_attendances(client):
    convening = PastConveningFactory(slug="big")
    fill(convening, 1)
    one = queries(client, "/en/convenings/big/")
    fill(convening, 49)
    assert queries(client, "/en/convenings/big/") == one


def add_sessions_and_registrations(convening, n):
    """n sessions with two speakers each (one of an organization), n registrations of two
    delegates each."""
    for _ in range(n):
        item = AgendaItemFactory(convening=convening, facilitators="A guest")
        item.speakers.add(PersonFactory(organization=OrganizationFactory()), PersonFactory())
        RegistrationFactory(convening=convening, delegates=2)


@pytest.mark.parametrize("who", ["visitor", "own organization", "secretariat"])
def test_the_convening_page_costs_the_same_for_1_and_30_registrations_and_speakers(client, who):
    convening = ConveningFactory(slug="big")
    add_sessions_and_registrations(convening, 1)
    if who == "own organization":
        registration = convening.registrations.get()
        client.force_login(AffiliationFactory(organization=registration.organization).user)
    elif who == "secretariat":
        client.force_login(SecretariatFactory())
    one = queries(client, "/en/convenings/big/")
    add_sessions_and_registrations(convening, 29)
    assert queries(client, "/en/convenings/big/") == one


def test_the_check_in_page_costs_the_same_for_1_and_30_registrations(client):
    convening = ConveningFactory(slug="big")
    RegistrationFactory(convening=convening, delegates=2)
    client.force_login(SecretariatFactory())
    one = queries(client, "/en/convenings/big/check-in/")
    for _ in range(29):
        registration = RegistrationFactory(convening=convening, delegates=3)
        AttendanceFactory(convening=convening, organization=registration.organization)
    assert queries(client, "/en/convenings/big/check-in/") == one


def test_the_agenda_names_speakers_with_their_organization_then_guests(client):
    convening = ConveningFactory(slug="c")
    item = AgendaItemFactory(convening=convening, facilitators_en="Guest Speaker")
    item.speakers.add(
        PersonFactory(
            name_en="Khudr al-Sotari",
            name_ar="خضر السوطري",
            organization=OrganizationFactory(name_en="Networks League", name_ar="رابطة الشبكات"),
        ),
        PersonFactory(name_en="Independent Expert", name_ar=""),
    )
    body = client.get("/en/convenings/c/").content.decode()
    assert (
        "<bdi>Independent Expert</bdi>, <bdi>Khudr al-Sotari</bdi> (<bdi>Networks League</bdi>), "
        "<bdi>Guest Speaker</bdi>"
    ) in body
    arabic = client.get("/ar/convenings/c/").content.decode()
    assert "<bdi>خضر السوطري</bdi> (<bdi>رابطة الشبكات</bdi>)" in arabic
    # A person with no Arabic name keeps the name they have.
    assert "<bdi>Independent Expert</bdi>" in arabic


def test_the_list_costs_the_same_for_1_and_50_convenings(client):
    def add(n):
        for _ in range(n):
            convening = PastConveningFactory(organizer_organization=OrganizationFactory())
            AttendanceFactory(convening=convening)

    add(1)
    one = queries(client, "/en/convenings/")
    add(49)
    assert queries(client, "/en/convenings/") == one


def test_the_organization_page_costs_the_same_for_1_and_50_attended_convenings(client):
    organization = OrganizationFactory(slug="busy")
    AttendanceFactory(organization=organization)
    one = queries(client, "/en/organizations/busy/")
    for _ in range(49):
        AttendanceFactory(organization=organization)
    assert queries(client, "/en/organizations/busy/") == one


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("en", "ltr")])
def test_convening_pages_in_both_languages(client, lang, direction):
    convening = ConveningFactory(slug="next")
    for path in ("/convenings/", "/convenings/next/"):
        body = client.get(f"/{lang}{path}").content.decode()
        assert f'<html lang="{lang}" dir="{direction}">' in body
    assert convening.title_ar in client.get("/ar/convenings/next/").content.decode()


def test_lists_use_the_comma_of_the_page_language(client):
    convening = ConveningFactory(
        slug="c",
        venue_name_en="Hotel",
        venue_name_ar="فندق",
        venue_city_en="Istanbul",
        venue_city_ar="إسطنبول",
    )
    # Each part isolated (a name written in the other script keeps its place), joined by the
    # page language's comma.
    english = client.get("/en/convenings/c/").content.decode()
    assert "<bdi>Hotel</bdi>, <bdi>Istanbul</bdi>" in english
    arabic = client.get(f"/ar/convenings/{convening.slug}/").content.decode()
    assert "<bdi>فندق</bdi>، <bdi>إسطنبول</bdi>" in arabic
