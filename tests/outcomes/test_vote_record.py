"""The vote record: motions open and close (never reopen), closing stores the result, which
later check-ins and membership changes leave as it was; rules per kind of convening; proxies;
secrecy of small channels; an audit entry for every act, in a log nobody can change; and every
service refuses a staff account that holds no role."""

import datetime

import pytest
from django.utils import timezone, translation

from events import services as events_services
from members.errors import Refused
from members.models import AuditEntry
from members.services import organization_change_status
from outcomes import services
from outcomes.models import Motion, MotionResult, Tally, VotingRules
from outcomes.results import Count3, Result, compute, roll_call, stored, stored_many
from tests.events.factories import AttendanceFactory, PastConveningFactory
from tests.members.factories import OrganizationFactory

from .factories import MotionFactory
from .voting import (
    attend,
    cast,
    close,
    closed_with_tallies,
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


# A motion's life ------------------------------------------------------------------------------


def test_a_motion_opens_and_closes_and_its_result_is_stored():
    user = secretariat()
    motion = open_motion()
    voters = [attend(motion, "room") for _ in range(3)]
    room(teller_of(motion.convening), motion, dict(zip(voters, ["yes", "yes", "no"], strict=True)))
    motion = services.motion_close(user=user, motion=motion)
    assert motion.status == "closed" and motion.opened_at and motion.closed_at
    result = MotionResult.objects.get(motion=motion)
    assert (result.eligible, result.yes, result.no, result.abstain) == (3, 2, 1, 0)
    assert result.adopted and result.quorum_met and result.majority_met
    assert (result.closed_by, result.closed_at) == (user, motion.closed_at)
    assert (result.majority_rule, result.quorum, result.ballot_kind) == ("simple", 0, "named")
    assert result.source == "ballots"
    assert [(c.channel, c.eligible, c.yes, c.no) for c in result.channels.all()] == [
        ("room", 3, 2, 1)
    ]


@pytest.mark.parametrize(
    ("call", "status"),
    [
        (services.motion_open, "closed"),  # reopening a closed motion
        (services.motion_open, "withdrawn"),
        (services.motion_open, "open"),
        (services.motion_close, "draft"),
        (services.motion_close, "closed"),
        (services.motion_close, "withdrawn"),
        (services.motion_withdraw, "closed"),
        (services.motion_withdraw, "withdrawn"),
    ],
)
def test_a_motion_moves_only_forward(call, status):
    motion = MotionFactory(status=status)
    refused("invalid_transition", call, user=secretariat(), motion=motion)
    motion.refresh_from_db()
    assert motion.status == status
    assert not MotionResult.objects.exists()


def test_a_closed_motion_never_reopens_and_its_result_is_stored_once():
    motion = open_motion()
    motion = close(motion)
    refused("invalid_transition", services.motion_open, user=secretariat(), motion=motion)
    refused("invalid_transition", services.motion_close, user=secretariat(), motion=motion)
    assert MotionResult.objects.filter(motion=motion).count() == 1


def test_a_correction_is_a_new_motion_naming_the_one_it_corrects():
    first = open_motion()
    close(first)
    correction = open_motion(convening=first.convening, corrects=first)
    close(correction)
    assert list(first.corrections.all()) == [correction]
    assert MotionResult.objects.count() == 2


def test_a_withdrawn_motion_stores_no_result():
    motion = open_motion()
    services.motion_withdraw(user=secretariat(), motion=motion)
    assert not MotionResult.objects.exists()


def test_a_past_vote_is_recorded_from_its_totals():
    motion = closed_with_tallies(
        ("room", 25, 24, 0, 0),
        ("online", 29, 9, 0, 0),
        convening__reported_room=25,
        convening__reported_online=29,
    )
    result = stored(motion)
    assert motion.status == "closed" and result.stored.source == "tallies"
    assert (result.total.voted, result.total.eligible, result.adopted) == (33, 54, True)
    assert "motion.recorded_past" in actions() and "motion.result_stored" in actions()


def test_a_past_vote_needs_a_draft_with_totals_and_times_in_the_past():
    user = secretariat()
    motion = MotionFactory(convening__reported_room=10)
    start, end = motion.convening.starts_at, motion.convening.ends_at
    refused(
        "no_tallies",
        services.motion_record_past,
        user=user,
        motion=motion,
        opened_at=start,
        closed_at=end,
    )
    services.tally_record(
        user=user, motion=motion, channel="room", eligible=10, yes=6, no=1, abstain=0
    )
    future = timezone.now() + datetime.timedelta(days=1)
    for opened, closed in ((end, start), (start, future), (None, end)):
        refused(
            "times",
            services.motion_record_past,
            user=user,
            motion=motion,
            opened_at=opened,
            closed_at=closed,
        )
    services.motion_record_past(user=user, motion=motion, opened_at=start, closed_at=end)
    refused(
        "not_draft",
        services.motion_record_past,
        user=user,
        motion=motion,
        opened_at=start,
        closed_at=end,
    )


# Recorded tallies -----------------------------------------------------------------------------


def tally(motion, user=None, **counts):
    values = {"channel": "room", "eligible": 10, "yes": 6, "no": 2, "abstain": 1, **counts}
    return services.tally_record(user=user or secretariat(), motion=motion, **values)


def test_a_tally_cannot_exceed_the_attendance_of_its_channel():
    motion = MotionFactory(convening__reported_room=25, convening__reported_online=29)
    refused("above_attendance", tally, motion=motion, eligible=26, yes=20, no=0, abstain=0)
    assert not motion.tallies.exists()


def test_a_tally_cannot_have_more_votes_than_eligible():
    motion = MotionFactory(convening__reported_room=25)
    refused("too_many_votes", tally, motion=motion, eligible=10, yes=8, no=3, abstain=0)
    refused("negative", tally, motion=motion, eligible=10, yes=-1, no=3, abstain=0)
    refused("channel", tally, motion=motion, channel="moon")


def test_a_tally_within_the_attendance_list_is_recorded_and_can_be_corrected_before_closing():
    motion = MotionFactory()
    for _ in range(3):
        attend(motion, "room")
    tally(motion, eligible=3, yes=2, no=1, abstain=0)
    assert compute(motion).channels["room"].yes == 2
    refused("above_attendance", tally, motion=motion, eligible=4, yes=2, no=1, abstain=0)
    tally(motion, eligible=3, yes=1, no=2, abstain=0)
    assert Tally.objects.get(motion=motion).no == 2
    entry = AuditEntry.objects.filter(action="tally.record").first()
    assert entry.changes["no"] == [1, 2]


def test_the_totals_of_a_closed_vote_never_change():
    motion = closed_with_tallies(("room", 10, 6, 2, 1), convening__reported_room=10)
    refused("closed", tally, motion=motion, eligible=10, yes=1, no=8, abstain=0)
    assert Tally.objects.get(motion=motion).yes == 6
    assert stored(motion).total.yes == 6


# Rules per kind of convening ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["consultation", "workshop"])
def test_a_kind_of_convening_that_may_not_vote_holds_no_vote(kind):
    motion = MotionFactory(convening__kind=kind, convening__reported_room=10)
    refused("kind_may_not_vote", services.motion_open, user=secretariat(), motion=motion)
    motion.refresh_from_db()
    assert motion.status == "draft"
    tally(motion)
    refused(
        "kind_may_not_vote",
        services.motion_record_past,
        user=secretariat(),
        motion=motion,
        opened_at=motion.convening.starts_at,
        closed_at=motion.convening.ends_at,
    )


def test_the_secretariat_can_stop_a_kind_from_voting():
    VotingRules.objects.filter(kind="forum").update(may_vote=False)
    motion = MotionFactory(convening__kind="forum")
    refused("kind_may_not_vote", services.motion_open, user=secretariat(), motion=motion)


@pytest.mark.parametrize("kind", ["forum", "conference", "other"])
def test_a_bylaw_amendment_where_bylaws_may_not_be_amended_is_refused(kind):
    motion = MotionFactory(convening__kind=kind, kind=Motion.Kind.BYLAW)
    refused("kind_may_not_amend_bylaws", services.motion_open, user=secretariat(), motion=motion)


def test_a_general_assembly_adopts_bylaw_amendments():
    motion = MotionFactory(convening__kind="general_assembly", kind=Motion.Kind.BYLAW)
    assert services.motion_open(user=secretariat(), motion=motion).status == "open"


def test_a_kind_without_rules_votes_but_does_not_amend_bylaws():
    VotingRules.objects.filter(kind="forum").delete()
    assert services.motion_open(user=secretariat(), motion=MotionFactory()).status == "open"
    bylaw = MotionFactory(kind=Motion.Kind.BYLAW)
    refused("kind_may_not_amend_bylaws", services.motion_open, user=secretariat(), motion=bylaw)


def test_a_new_motion_starts_from_its_kinds_defaults():
    VotingRules.objects.filter(kind="general_assembly").update(
        majority_rule=Motion.Rule.TWO_THIRDS, quorum=50
    )
    convening = PastConveningFactory(kind="general_assembly")
    assert services.motion_defaults(convening) == {"majority_rule": "two_thirds", "quorum": 50}
    VotingRules.objects.filter(kind="forum").delete()
    assert services.motion_defaults(PastConveningFactory()) == {
        "majority_rule": "simple",
        "quorum": 0,
    }


# The stored result does not move ---------------------------------------------------------------


def test_an_absolute_majority_adopted_at_close_stays_adopted_after_four_late_check_ins():
    """The issue's example: read "adopted" at close and "rejected" after four late check-ins."""
    motion = open_motion(majority_rule=Motion.Rule.ABSOLUTE, quorum=50)
    present = [attend(motion, "room") for _ in range(7)]
    teller = teller_of(motion.convening)
    room(teller, motion, dict(zip(present, ["yes"] * 4 + ["no"] * 2 + ["abstain"], strict=True)))
    motion = close(motion)
    assert stored(motion).adopted  # 4 yes of 7 eligible is more than half
    for _ in range(4):
        late = OrganizationFactory()
        events_services.attendance_record(
            user=teller, convening=motion.convening, organization_id=late.pk, channel="room"
        )
    assert not compute(motion).adopted  # a recount would now read 4 of 11: rejected
    result = stored(motion)
    assert result.adopted and (result.total.eligible, result.total.yes) == (7, 4)
    assert result.channels["room"].eligible == 7


def test_the_stored_result_is_unchanged_after_membership_and_attendance_changes():
    motion = open_motion(majority_rule=Motion.Rule.ABSOLUTE)
    present = [attend(motion, "online") for _ in range(3)]
    for organization, choice in zip(present, ["yes", "yes", "no"], strict=True):
        cast(coordinator_of(organization), motion, organization, choice)
    motion = close(motion)
    before = stored(motion)
    user = secretariat()
    organization_change_status(organization=present[0], to_status="suspended", user=user)
    events_services.attendance_remove(
        user=user, convening=motion.convening, organization_id=present[1].pk
    )
    AttendanceFactory(convening=motion.convening, channel="online")
    assert compute(motion).total != before.total  # the live count has moved...
    after = stored(motion)
    assert after.total == before.total == Count3(3, 2, 1, 0)  # ...the record has not
    assert after.adopted and after.channels == before.channels


def test_the_stored_result_keeps_the_rule_and_quorum_in_force_at_closing():
    motion = open_motion(majority_rule=Motion.Rule.TWO_THIRDS, quorum=60)
    voters = [attend(motion, "room") for _ in range(3)]
    room(teller_of(motion.convening), motion, dict(zip(voters, ["yes", "yes", "no"], strict=True)))
    motion = close(motion)
    # Nothing can change a closed motion's settings through the services; even a raw update of
    # the motion leaves the stored rule as it was.
    Motion.objects.filter(pk=motion.pk).update(majority_rule=Motion.Rule.SIMPLE, quorum=0)
    result = stored(motion)
    assert (result.stored.majority_rule, result.quorum) == ("two_thirds", 60)
    assert result.rule == Motion.Rule.TWO_THIRDS.label


def test_stored_many_reads_only_closed_motions():
    closed = open_motion()
    closed = close(closed)
    still_open = open_motion(convening=closed.convening)
    results = stored_many([closed, still_open])
    assert set(results) == {closed.pk}


# Roll call ------------------------------------------------------------------------------------


def test_a_named_vote_publishes_its_roll_call_with_proxies_once_closed():
    motion = open_motion()
    holder, giver = attend(motion, name_en="Holder"), attend(motion, name_en="Giver")
    proxy = services.proxy_record(
        user=secretariat(), convening=motion.convening, giver=giver, holder=holder, letter=letter()
    )
    coordinator = coordinator_of(holder)
    cast(coordinator, motion, holder, "yes")
    cast(coordinator, motion, giver, "no")
    assert roll_call(motion) == []  # nothing by name while the vote runs
    motion = close(motion)
    calls = {b.organization: (b.choice, b.proxy) for b in roll_call(motion)}
    assert calls == {holder: ("yes", None), giver: ("no", proxy)}


def test_a_secret_vote_has_no_roll_call():
    motion = open_motion(ballot_kind="secret")
    organization = attend(motion)
    cast(coordinator_of(organization), motion, organization)
    motion = close(motion)
    assert roll_call(motion) == []


# Secrecy of small channels --------------------------------------------------------------------


def result_of(kind, **channels):
    counts = {name: Count3(*values) for name, values in channels.items()}
    total = Count3(0)
    for value in counts.values():
        total = total + value
    motion = Motion(ballot_kind=kind)
    return Result(motion=motion, channels=counts, total=total, quorum_met=True, majority_met=True)


def test_a_secret_channel_with_fewer_than_three_voters_is_shown_only_inside_the_total():
    result = result_of("secret", room=(20, 10, 5, 0), online=(4, 1, 1, 0))
    assert result.shown_channels == {}  # the room alone would give the online line away
    assert result.total.voted == 17


def test_a_secret_vote_shows_its_channels_when_each_has_three_voters():
    result = result_of("secret", room=(20, 10, 5, 0), online=(4, 1, 1, 1))
    assert set(result.shown_channels) == {"room", "online"}


def test_a_named_vote_shows_every_channel():
    result = result_of("named", room=(20, 10, 5, 0), online=(4, 1, 0, 0))
    assert set(result.shown_channels) == {"room", "online"}


def test_the_stored_result_of_a_secret_vote_with_one_online_voter_hides_the_channels():
    motion = open_motion(ballot_kind="secret")
    in_room = [attend(motion, "room") for _ in range(3)]
    room(teller_of(motion.convening), motion, dict.fromkeys(in_room, "yes"))
    online = attend(motion, "online")
    cast(coordinator_of(online), motion, online, "no")
    motion = close(motion)
    result = stored(motion)
    assert result.shown_channels == {} and (result.total.yes, result.total.no) == (3, 1)
    assert result.is_secret
