"""The check-in page is for the convening's tellers and the secretariat, not for `is_staff`; what
it records goes through the attendance services, with the user, into the audit log."""

import pytest
from django.contrib.auth.models import Group

from events.models import Attendance
from members.models import AuditEntry
from tests.members.factories import OrganizationFactory, SecretariatFactory, UserFactory

from .factories import AttendanceFactory, ConveningFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/en/convenings/ga/check-in/"


def make_teller(convening=None):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="teller"))
    if convening is not None:
        convening.tellers.add(user)
    return user


@pytest.fixture
def convening():
    return ConveningFactory(slug="ga")


@pytest.fixture
def teller(convening):
    return make_teller(convening)


def texts(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("plain user", 403),
        ("staff without the role", 403),
        ("teller of another convening", 403),
        ("named teller without the role", 403),
        ("teller of this convening", 200),
        ("secretariat", 200),
    ],
)
def test_only_the_convenings_tellers_and_the_secretariat_check_in(client, convening, who, status):
    organization = OrganizationFactory()
    user = {
        "anonymous": lambda: None,
        "plain user": UserFactory,
        "staff without the role": lambda: UserFactory(is_staff=True),
        "teller of another convening": lambda: make_teller(ConveningFactory()),
        "named teller without the role": lambda: convening.tellers.add(u := UserFactory()) or u,
        "teller of this convening": lambda: make_teller(convening),
        "secretariat": SecretariatFactory,
    }[who]()
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    assert response.status_code == status
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    posted = client.post(URL, {"organization": organization.pk, "channel": "room"})
    assert posted.status_code == (302 if status in (200, 302) else 403)
    assert Attendance.objects.exists() == (status == 200)


def test_a_convening_the_user_cannot_see_is_not_found(client):
    ConveningFactory(slug="hidden", visibility="members")
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/en/convenings/hidden/check-in/").status_code == 404


def test_a_teller_records_and_removes_attendance_in_the_audit_log(client, convening, teller):
    registration = RegistrationFactory(convening=convening, channel="room")
    organization = registration.organization
    client.force_login(teller)
    response = client.post(URL, {"organization": organization.pk, "channel": "room"}, follow=True)
    assert f"{organization.name}: present (In the room)." in texts(response)
    attendance = Attendance.objects.get()
    assert (attendance.channel, attendance.recorded_by, attendance.registered) == (
        "room",
        teller,
        True,
    )
    entry = AuditEntry.objects.get(action="attendance.record")
    assert (entry.actor, entry.changes) == (teller, {"channel": [None, "room"]})

    response = client.post(URL, {"organization": organization.pk, "action": "remove"}, follow=True)
    assert "Attendance removed." in texts(response)
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.get(action="attendance.remove").actor == teller


def test_the_channel_button_pressed_is_the_one_recorded(client, convening, teller):
    # The row's form once carried the current channel in a hidden input too, which won over
    # the button pressed: an organization in the room could not be moved online.
    registration = RegistrationFactory(convening=convening, channel="room")
    AttendanceFactory(convening=convening, organization=registration.organization, channel="room")
    client.force_login(teller)
    page = client.get(URL).content.decode()
    assert 'type="hidden" name="channel"' not in page
    client.post(URL, {"organization": registration.organization_id, "channel": "online"})
    assert Attendance.objects.get().channel == "online"


def test_a_walk_in_is_recorded_and_can_be_removed(client, convening, teller):
    organization = OrganizationFactory(name_en="Walk In Society")
    client.force_login(teller)
    client.post(URL, {"organization": organization.pk, "channel": "online"})
    page = client.get(URL).content.decode()
    assert "<bdi>Walk In Society</bdi> — Online" in page
    client.post(URL, {"organization": organization.pk, "action": "remove"})
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"organization": "x", "channel": "room"},
        {"organization": "", "channel": "room"},
        {"organization": "ORG", "channel": "moon"},
        {"organization": "ORG"},
        {"organization": "ORG", "channel": "room", "action": "explode"},
        {"organization": 999999, "channel": "room"},
    ],
)
def test_malformed_check_ins_change_nothing_and_say_so(client, convening, teller, data):
    organization = OrganizationFactory()
    data = {k: organization.pk if v == "ORG" else v for k, v in data.items()}
    client.force_login(teller)
    response = client.post(URL, data, follow=True)
    assert response.status_code == 200
    assert any(m.startswith(("Choose", "That organization")) for m in texts(response))
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="attendance").exists()


def test_a_channel_the_convening_does_not_have_is_refused(client, teller):
    convening = ConveningFactory(slug="online-only", format="online", venue_name_en="")
    convening.tellers.add(teller)
    organization = OrganizationFactory()
    client.force_login(teller)
    response = client.post(
        "/en/convenings/online-only/check-in/",
        {"organization": organization.pk, "channel": "room"},
        follow=True,
    )
    assert any("no “In the room” channel" in m for m in texts(response))
    assert not Attendance.objects.exists()
