import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events.models import Attendance
from outcomes import services
from outcomes.models import Ballot, Motion, SecretCount
from outcomes.results import compute
from tests.events.factories import AttendanceFactory
from tests.members.factories import AffiliationFactory, OrganizationFactory, StaffFactory

from .factories import MotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def motion():
    return MotionFactory(status=Motion.Status.OPEN)


def attend(motion, channel="online", status="active"):
    organization = OrganizationFactory(status=status)
    AttendanceFactory(convening=motion.convening, organization=organization, channel=channel)
    return organization


def coordinator_of(organization):
    return AffiliationFactory(organization=organization).user


def cast(user, motion, organization, choice="yes", channel="online"):
    return services.ballot_cast(
        user=user, motion=motion, organization=organization, choice=choice, channel=channel
    )


def refused(code, *args, **kwargs):
    before = Ballot.objects.count()
    with pytest.raises(ValidationError) as error:
        cast(*args, **kwargs)
    assert error.value.code == code
    assert Ballot.objects.count() == before


def test_a_coordinator_votes_online_for_their_organization(motion):
    organization = attend(motion)
    ballot = cast(coordinator_of(organization), motion, organization, "no")
    assert (ballot.choice, ballot.channel) == ("no", "online")


def test_the_secretariat_records_ballots_in_the_room(motion):
    organization = attend(motion, "room")
    cast(StaffFactory(), motion, organization, "abstain", "room")
    assert compute(motion).channels["room"].abstain == 1


def test_a_second_ballot_for_the_same_organization_is_refused(motion):
    organization = attend(motion)
    user = coordinator_of(organization)
    cast(user, motion, organization)
    refused("duplicate", user, motion, organization, "no")


@pytest.mark.parametrize(
    "status", [Motion.Status.DRAFT, Motion.Status.CLOSED, Motion.Status.WITHDRAWN]
)
def test_no_ballot_before_opening_or_after_closing(status):
    motion = MotionFactory(status=status)
    organization = attend(motion)
    refused(
        "not_open" if status == "draft" else "closed",
        coordinator_of(organization),
        motion,
        organization,
    )


def test_someone_who_is_not_the_coordinator_cannot_vote(motion):
    organization = attend(motion)
    member = AffiliationFactory(organization=organization, role="member").user
    refused("not_coordinator", member, motion, organization)
    refused("not_coordinator", coordinator_of(attend(motion)), motion, organization)


@pytest.mark.parametrize("status", ["registered", "partner", "suspended"])
def test_only_active_members_vote(motion, status):
    organization = attend(motion, status=status)
    refused("not_eligible", coordinator_of(organization), motion, organization)


def test_an_organization_that_did_not_attend_cannot_vote(motion):
    organization = OrganizationFactory()
    refused("not_eligible", coordinator_of(organization), motion, organization)


def test_an_online_ballot_from_an_organization_in_the_room_is_refused(motion):
    organization = attend(motion, "room")
    refused("wrong_channel", coordinator_of(organization), motion, organization)


def test_a_room_ballot_for_an_online_attendee_is_refused(motion):
    organization = attend(motion, "online")
    refused("wrong_channel", StaffFactory(), motion, organization, "yes", "room")


def test_a_coordinator_cannot_record_a_room_ballot(motion):
    organization = attend(motion, "room")
    refused("wrong_channel", coordinator_of(organization), motion, organization, "yes", "room")


def test_a_secret_ballot_keeps_no_choice_next_to_the_organization():
    motion = MotionFactory(status=Motion.Status.OPEN, ballot_kind="secret")
    organizations = [attend(motion) for _ in range(3)]
    for organization, choice in zip(organizations, ["yes", "yes", "no"], strict=True):
        cast(coordinator_of(organization), motion, organization, choice)
    assert set(Ballot.objects.values_list("choice", flat=True)) == {""}
    # The counters hold the choices; nothing on them names an organization.
    assert {f.name for f in SecretCount._meta.get_fields()} == {
        "id",
        "motion",
        "channel",
        "choice",
        "count",
    }
    result = compute(motion)
    assert (result.total.yes, result.total.no, result.total.voted) == (2, 1, 3)


def test_settings_are_frozen_once_the_motion_opens():
    motion = MotionFactory(status=Motion.Status.OPEN)
    motion.majority_rule = Motion.Rule.TWO_THIRDS
    with pytest.raises(ValidationError) as error:
        motion.full_clean()
    assert [e.code for e in error.value.error_dict["__all__"]] == ["frozen"]


def test_a_draft_motion_can_still_change():
    motion = MotionFactory()
    motion.majority_rule = Motion.Rule.TWO_THIRDS
    motion.full_clean()


def test_the_life_cycle_of_a_motion():
    motion = MotionFactory()
    services.motion_open(motion=motion)
    services.motion_close(motion=motion)
    motion.refresh_from_db()
    assert motion.status == "closed" and motion.opened_at and motion.closed_at
    with pytest.raises(ValidationError):
        services.motion_open(motion=motion)


# A tally ------------------------------------------------------------------------------------


def test_a_tally_cannot_exceed_the_attendance_of_its_channel():
    motion = MotionFactory(convening__reported_room=25, convening__reported_online=29)
    with pytest.raises(ValidationError) as error:
        services.tally_record(motion=motion, channel="room", eligible=26, yes=20, no=0, abstain=0)
    assert error.value.code == "above_attendance"
    assert not motion.tallies.exists()


def test_a_tally_cannot_have_more_votes_than_eligible():
    motion = MotionFactory(convening__reported_room=25)
    with pytest.raises(ValidationError) as error:
        services.tally_record(motion=motion, channel="room", eligible=10, yes=8, no=3, abstain=0)
    assert error.value.code == "too_many_votes"


def test_a_tally_within_the_attendance_list_is_recorded():
    motion = MotionFactory()
    for _ in range(3):
        attend(motion, "room")
    services.tally_record(motion=motion, channel="room", eligible=3, yes=2, no=1, abstain=0)
    assert compute(motion).channels["room"].yes == 2
    with pytest.raises(ValidationError):
        services.tally_record(motion=motion, channel="room", eligible=4, yes=2, no=1, abstain=0)
    assert Attendance.objects.count() == 3


# Two ballots at the same moment, on PostgreSQL with two connections -----------------------


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_ballots_for_one_organization_leave_one(require_postgres):
    motion = MotionFactory(status=Motion.Status.OPEN)
    organization = attend(motion)
    user = coordinator_of(organization)
    start = threading.Barrier(2)
    outcomes = []

    def vote(choice):
        try:
            start.wait()
            cast(user, motion, organization, choice)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=vote, args=(c,)) for c in ("yes", "no")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate", "ok"]
    assert Ballot.objects.filter(motion=motion, organization=organization).count() == 1
