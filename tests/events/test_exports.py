"""A convening's registrations and attendance as CSV and XLSX: everyone who may see the convening
gets its attendance list, as on its page; registrations and delegates go to the secretariat and
the convening's tellers (as on its page and its check-in), and to an organization's own people
for their own registration only."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.views.exports import attendance_header
from members.models import Affiliation
from tests.members.exports import csv_rows, queries_of_download, xlsx_rows
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    SecretariatFactory,
    UserFactory,
)
from tests.outcomes.voting import teller_of

from .factories import (
    AttendanceFactory,
    DelegateFactory,
    PastConveningFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "Organization",
    "Acronym",
    "Registration (channel)",
    "Attendance (channel)",
    "Delegates",
    "Number of delegates",
]


def url(slug, fmt="csv", lang="en"):
    with translation.override(lang):
        return reverse(f"events:convening_attendance_{fmt}", kwargs={"slug": slug})


@pytest.fixture
def assembly():
    """Amal registered for the room with two delegates and came; Basma registered online and
    did not come; Dalil came online without registering."""
    convening = PastConveningFactory(slug="assembly")
    amal = OrganizationFactory(name_en="Amal", name_ar="أمل", acronym="AM")
    basma = OrganizationFactory(name_en="Basma", name_ar="بسمة")
    dalil = OrganizationFactory(name_en="Dalil", name_ar="دليل")
    registration = RegistrationFactory(convening=convening, organization=amal, delegates=0)
    DelegateFactory(
        registration=registration,
        person=PersonFactory(name_en="Huda Ahmad", name_ar="هدى أحمد"),
        role="Director",
        position=1,
    )
    DelegateFactory(
        registration=registration,
        person=PersonFactory(name_en="Omar Said", name_ar="عمر سعيد"),
        role="",
        position=2,
    )
    RegistrationFactory(convening=convening, organization=basma, channel="online", delegates=1)
    AttendanceFactory(convening=convening, organization=amal, channel="room", registered=True)
    AttendanceFactory(convening=convening, organization=dalil, channel="online")
    return {"convening": convening, "amal": amal, "basma": basma, "dalil": dalil}


def by_name(rows):
    return {row[0]: row for row in rows[1:]}


def test_the_secretariat_gets_registrations_attendance_and_delegates(client, assembly):
    client.force_login(SecretariatFactory())
    rows = csv_rows(client.get(url("assembly")))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == ["Amal", "Basma", "Dalil"]
    amal, basma, dalil = rows[1:]
    assert amal == [
        "Amal",
        "AM",
        "In the room",
        "In the room",
        "Huda Ahmad (Director); Omar Said",
        "2",
    ]
    assert basma[2:4] == ["Online", ""]  # registered, did not come
    assert basma[5] == "1"
    assert dalil[2:] == ["", "Online", "", ""]  # came without registering


def test_the_convenings_teller_gets_what_the_secretariat_gets(client, assembly):
    client.force_login(SecretariatFactory())
    expected = csv_rows(client.get(url("assembly")))
    client.force_login(teller_of(assembly["convening"]))
    assert csv_rows(client.get(url("assembly"))) == expected


def test_the_public_gets_the_attendance_list_without_registrations(client, assembly):
    rows = by_name(csv_rows(client.get(url("assembly"))))
    assert set(rows) == {"Amal", "Dalil"}  # Basma registered but did not come
    assert rows["Amal"][2:] == ["", "In the room", "", ""]
    assert "Huda" not in str(rows)
    # A teller of another convening is no teller here.
    client.force_login(teller_of(PastConveningFactory()))
    assert set(by_name(csv_rows(client.get(url("assembly"))))) == {"Amal", "Dalil"}


def test_an_organizations_people_get_their_own_registration_only(client, assembly):
    member = AffiliationFactory(organization=assembly["basma"], role=Affiliation.Role.MEMBER)
    client.force_login(member.user)
    rows = by_name(csv_rows(client.get(url("assembly"))))
    assert set(rows) == {"Amal", "Basma", "Dalil"}
    assert rows["Basma"][2] == "Online" and rows["Basma"][5] == "1"
    assert rows["Amal"][2:] == ["", "In the room", "", ""]  # someone else's delegates


def test_a_members_only_convening_is_not_found_for_those_who_may_not_see_it(client, assembly):
    hidden = PastConveningFactory(slug="closed-door", visibility="members")
    AttendanceFactory(convening=hidden, organization=assembly["amal"])
    for fmt in ("csv", "xlsx"):
        assert client.get(url("closed-door", fmt)).status_code == 404
    client.force_login(UserFactory())  # signed in, in no member organization
    assert client.get(url("closed-door")).status_code == 404
    client.force_login(AffiliationFactory(organization=assembly["dalil"]).user)
    assert [row[0] for row in csv_rows(client.get(url("closed-door")))[1:]] == ["Amal"]
    assert client.get(url("no-such-convening")).status_code == 404


def test_the_xlsx_holds_the_same_rows(client, assembly):
    client.force_login(SecretariatFactory())
    response = client.get(url("assembly", "xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="assembly-attendance.xlsx"'
    rows = xlsx_rows(response)
    assert rows[0] == HEADER
    assert rows[1] == [
        "Amal",
        "AM",
        "In the room",
        "In the room",
        "Huda Ahmad (Director); Omar Said",
        2,
    ]
    assert rows[3][2:] == [None, "Online", None, None]


def test_under_ar_headers_names_and_channels_are_arabic(client, assembly):
    client.force_login(SecretariatFactory())
    rows = csv_rows(client.get(url("assembly", lang="ar")))
    with translation.override("ar"):
        assert rows[0] == [str(label) for label in attendance_header()]
    assert rows[0][0] == "المنظمة"
    assert rows[1][:4] == ["أمل", "AM", "حضوريًا في القاعة", "حضوريًا في القاعة"]
    assert rows[1][4].startswith("هدى أحمد")


def test_the_query_string_is_ignored_never_an_error(client, assembly):
    for query in ({"channel": "\x01"}, {"page": "x"}, {"q": "x" * 500}):
        assert client.get(url("assembly"), query).status_code in (200, 400)
    assert client.get(url("assembly"), {"channel": "nonsense"}).status_code == 200


def test_the_download_costs_the_same_queries_for_one_row_and_for_fifty(client):
    convening = PastConveningFactory(slug="grows")
    RegistrationFactory(convening=convening, delegates=2)
    client.force_login(SecretariatFactory())
    one = queries_of_download(client, url("grows"))
    for n in range(49):
        registration = RegistrationFactory(convening=convening, delegates=2)
        if n % 2:
            AttendanceFactory(convening=convening, organization=registration.organization)
    assert queries_of_download(client, url("grows")) == one
    assert queries_of_download(client, url("grows", "xlsx")) == one


def test_the_convening_page_links_to_the_export(client, assembly):
    page = client.get(assembly["convening"].get_absolute_url()).content.decode()
    assert 'href="/en/convenings/assembly/attendance.csv"' in page
    assert 'href="/en/convenings/assembly/attendance.xlsx"' in page
