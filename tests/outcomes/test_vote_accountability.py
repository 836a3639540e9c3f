"""Who is accountable for the vote record: proxies recorded by the secretariat with their
letter, an audit entry for every act in a log nobody can change, and no power for a staff
account that holds no role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from events import services as events_services
from members.errors import NotAllowed, Refused
from members.models import AuditEntry
from members.services import organization_change_status
from outcomes import services
from outcomes.models import Ballot, Proxy, Tally
from tests.events.factories import PastConveningFactory
from tests.members.factories import OrganizationFactory, StaffFactory

from .factories import MotionFactory
from .voting import (
    attend,
    bare_staff,
    cast,
    coordinator_of,
    letter,
    open_motion,
    room,
    secretariat,
    teller_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(code, call, **kwargs):
    with pytest.raises(Refused) as error:
        call(**kwargs)
    assert error.value.code == code, error.value.messages
    return error.value


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def tally(motion, user=None, **counts):
    values = {"channel": "room", "eligible": 10, "yes": 6, "no": 2, "abstain": 1, **counts}
    return services.tally_record(user=user or secretariat(), motion=motion, **values)


# Proxies --------------------------------------------------------------------------------------


def give(convening, giver, holder, user=None, upload=None):
    return services.proxy_record(
        user=user or secretariat(),
        convening=convening,
        giver=giver,
        holder=holder,
        letter=upload or letter(),
    )


@pytest.fixture
def convening():
    return PastConveningFactory()


def test_a_proxy_is_recorded_with_its_letter(convening):
    giver, holder = attend(convening), attend(convening)
    proxy = give(convening, giver, holder)
    assert (proxy.giver, proxy.holder) == (giver, holder)
    assert proxy.letter.read().startswith(b"%PDF-")


def test_a_proxy_to_or_from_an_organization_not_attending_is_refused(convening):
    attending, absent = attend(convening), OrganizationFactory()
    suspended = attend(convening, status="suspended")
    for giver, holder in ((attending, absent), (absent, attending), (attending, suspended)):
        refused("not_attending", give, convening=convening, giver=giver, holder=holder)
    assert not Proxy.objects.exists()


def test_a_proxy_goes_to_the_same_channel(convening):
    refused(
        "other_channel",
        give,
        convening=convening,
        giver=attend(convening, "room"),
        holder=attend(convening, "online"),
    )


def test_an_organization_cannot_hold_its_own_proxy(convening):
    organization = attend(convening)
    refused("self", give, convening=convening, giver=organization, holder=organization)


def test_a_holder_holds_at_most_the_limit(convening, settings):
    holder = attend(convening)
    give(convening, attend(convening), holder)
    refused("limit", give, convening=convening, giver=attend(convening), holder=holder)
    settings.PROXY_LIMIT = 2
    give(convening, attend(convening), holder)
    refused("limit", give, convening=convening, giver=attend(convening), holder=holder)
    assert Proxy.objects.filter(holder=holder).count() == 2


def test_proxies_do_not_chain_or_repeat(convening):
    a, b, c = attend(convening), attend(convening), attend(convening)
    give(convening, a, b)
    refused("holder_gave", give, convening=convening, giver=c, holder=a)
    refused("giver_holds", give, convening=convening, giver=b, holder=c)
    refused("duplicate", give, convening=convening, giver=a, holder=c)


def test_an_organization_that_has_voted_cannot_give_its_vote_away():
    motion = open_motion()
    giver, holder = attend(motion), attend(motion)
    cast(coordinator_of(giver), motion, giver)
    refused("already_voted", give, convening=motion.convening, giver=giver, holder=holder)


def test_a_proxy_letter_must_be_a_pdf(convening):
    upload = letter("letter.pdf", b"<html>not a pdf</html>")
    refused(
        "not_pdf",
        give,
        convening=convening,
        giver=attend(convening),
        holder=attend(convening),
        upload=upload,
    )


# The audit log --------------------------------------------------------------------------------


def test_every_act_on_the_vote_record_is_in_the_audit_log():
    user, teller = secretariat(), None
    motion = MotionFactory()
    teller = teller_of(motion.convening)
    in_room = OrganizationFactory()
    events_services.attendance_record(
        user=teller, convening=motion.convening, organization_id=in_room.pk, channel="room"
    )
    holder, giver = attend(motion), attend(motion)
    proxy = give(motion.convening, giver, holder, user=user)
    services.motion_open(user=user, motion=motion)
    ballot = room(teller, motion, {in_room: "yes"}).saved[0]
    services.ballot_void(user=teller, ballot=ballot, reason="Wrong row.")
    cast(coordinator_of(holder), motion, giver, "no")
    services.motion_close(user=user, motion=motion)
    withdrawn = MotionFactory(convening=motion.convening)
    services.motion_withdraw(user=user, motion=withdrawn)
    events_services.attendance_remove(
        user=teller, convening=motion.convening, organization_id=in_room.pk
    )
    organization_change_status(organization=holder, to_status="suspended", user=user)
    assert actions() == [
        "attendance.record",
        "proxy.record",
        "motion.open",
        "ballot.cast",
        "ballot.void",
        "ballot.cast",
        "motion.closed",
        "motion.result_stored",
        "motion.withdrawn",
        "attendance.remove",
        "organization.status",
    ]
    entries = {e.action: e for e in AuditEntry.objects.order_by("pk")}
    assert entries["motion.open"].changes == {"status": ["draft", "open"]}
    assert entries["motion.open"].actor == user
    assert entries["ballot.void"].note == "Wrong row." and entries["ballot.void"].actor == teller
    assert entries["ballot.cast"].object_id == str(Ballot.objects.get(voided_at=None).pk)
    assert entries["proxy.record"].object_id == str(proxy.pk)
    assert entries["motion.result_stored"].changes["adopted"] == [None, False]
    assert entries["attendance.remove"].changes == {"channel": ["room", None]}
    assert entries["organization.status"].changes == {"status": ["active", "suspended"]}
    assert list(AuditEntry.objects.about(motion).values_list("action", flat=True)) == [
        "motion.result_stored",
        "motion.closed",
        "motion.open",
    ]


def test_a_recorded_tally_is_in_the_audit_log():
    motion = MotionFactory(convening__reported_room=10)
    user = secretariat()
    recorded = tally(motion, user=user)
    entry = AuditEntry.objects.about(recorded).get()
    assert (entry.action, entry.actor, entry.changes["yes"]) == ("tally.record", user, [None, 6])


def test_recording_the_same_attendance_twice_adds_no_entry():
    convening = PastConveningFactory()
    organization = OrganizationFactory()
    teller = teller_of(convening)
    for channel in ("room", "room", "online"):
        events_services.attendance_record(
            user=teller, convening=convening, organization_id=organization.pk, channel=channel
        )
    changes = [e.changes for e in AuditEntry.objects.order_by("pk")]
    assert changes == [{"channel": [None, "room"]}, {"channel": ["room", "online"]}]


def test_the_audit_log_cannot_be_changed_or_deleted():
    motion = open_motion()
    entry = AuditEntry.objects.get()
    entry.note = "rewritten"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.about(motion).delete()
    assert AuditEntry.objects.get().note == ""


def test_the_database_refuses_to_change_the_audit_log(require_postgres):
    open_motion()
    pk = AuditEntry.objects.get().pk
    for sql in (
        "UPDATE members_auditentry SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM members_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])
    assert AuditEntry.objects.get().note == ""


# No role, no power ----------------------------------------------------------------------------


def every_service(motion, ballot, organizations):
    """Each service that acts on the vote record, as a call taking the user."""
    giver, holder = organizations
    return {
        "motion_open": lambda u: services.motion_open(
            user=u, motion=MotionFactory(convening=motion.convening)
        ),
        "motion_close": lambda u: services.motion_close(user=u, motion=motion),
        "motion_withdraw": lambda u: services.motion_withdraw(user=u, motion=motion),
        "motion_record_past": lambda u: services.motion_record_past(
            user=u,
            motion=MotionFactory(convening=motion.convening),
            opened_at=motion.convening.starts_at,
            closed_at=motion.convening.ends_at,
        ),
        "tally_record": lambda u: tally(motion, user=u, eligible=1, yes=1, no=0, abstain=0),
        "ballot_cast": lambda u: cast(u, motion, giver),
        "room_ballots_record": lambda u: room(u, motion, {holder: "yes"}),
        "ballot_void": lambda u: services.ballot_void(user=u, ballot=ballot, reason="Because."),
        "proxy_record": lambda u: give(motion.convening, giver, holder, user=u),
        "attendance_record": lambda u: events_services.attendance_record(
            user=u,
            convening=motion.convening,
            organization_id=OrganizationFactory().pk,
            channel="room",
        ),
        "attendance_remove": lambda u: events_services.attendance_remove(
            user=u, convening=motion.convening, organization_id=holder.pk
        ),
    }


SERVICES = [
    "motion_open",
    "motion_close",
    "motion_withdraw",
    "motion_record_past",
    "tally_record",
    "ballot_cast",
    "room_ballots_record",
    "ballot_void",
    "proxy_record",
    "attendance_record",
    "attendance_remove",
]


@pytest.mark.parametrize("name", SERVICES)
@pytest.mark.parametrize("who", ["bare_staff", "anonymous"])
def test_a_staff_account_without_a_role_is_refused_by_every_service(name, who):
    motion = open_motion()
    giver, holder = attend(motion, "room"), attend(motion, "room")
    online = attend(motion, "online")
    ballot = cast(coordinator_of(online), motion, online)
    user = bare_staff() if who == "bare_staff" else AnonymousUser()
    before = (actions(), Ballot.objects.count(), Tally.objects.count(), Proxy.objects.count())
    with pytest.raises(NotAllowed):
        every_service(motion, ballot, (giver, holder))[name](user)
    assert before == (
        actions(),
        Ballot.objects.count(),
        Tally.objects.count(),
        Proxy.objects.count(),
    )
    motion.refresh_from_db()
    ballot.refresh_from_db()
    assert motion.status == "open" and not ballot.is_void


@pytest.mark.parametrize("name", ["motion_close", "tally_record", "proxy_record"])
def test_a_teller_is_not_the_secretariat(name):
    motion = open_motion()
    giver, holder = attend(motion, "room"), attend(motion, "room")
    with pytest.raises(NotAllowed):
        every_service(motion, None, (giver, holder))[name](teller_of(motion.convening))


def test_the_superuser_holds_every_role():
    motion = open_motion()
    organization = attend(motion, "room")
    user = StaffFactory()
    room(user, motion, {organization: "yes"})
    assert services.motion_close(user=user, motion=motion).status == "closed"
