"""Ballots: online by coordinators (their own and those they hold by proxy), in the room by the
tellers in one submit, voided by a teller while the vote is open; never two live ballots for one
organization, whatever the path; a secret choice lives only in a counter."""

import pytest
from django.utils import translation

from events.models import Attendance
from members.errors import NotAllowed, Refused
from members.models import AuditEntry
from outcomes import services
from outcomes.models import Ballot, Motion, SecretCount
from outcomes.results import compute
from tests.events.factories import PastConveningFactory
from tests.members.factories import AffiliationFactory, OrganizationFactory, StaffFactory

from .factories import MotionFactory
from .voting import (
    attend,
    bare_staff,
    cast,
    close,
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
    # Messages are read in English; the site's default language is Arabic.
    with translation.override("en"):
        yield


@pytest.fixture
def motion():
    return open_motion()


def counters(motion):
    return {
        (c.channel, c.choice): c.count for c in SecretCount.objects.filter(motion=motion) if c.count
    }


def refused(code, call, *args, **kwargs):
    """`call` is refused with `code` and no ballot, counter or void is saved."""
    before = (
        Ballot.objects.count(),
        Ballot.objects.exclude(voided_at=None).count(),
        sum(SecretCount.objects.values_list("count", flat=True)),
    )
    with pytest.raises(Refused) as error:
        call(*args, **kwargs)
    assert error.value.code == code
    after = (
        Ballot.objects.count(),
        Ballot.objects.exclude(voided_at=None).count(),
        sum(SecretCount.objects.values_list("count", flat=True)),
    )
    assert after == before
    return error.value


# Online ---------------------------------------------------------------------------------------


def test_a_coordinator_votes_online_for_their_organization(motion):
    organization = attend(motion)
    user = coordinator_of(organization)
    ballot = cast(user, motion, organization, "no")
    assert (ballot.choice, ballot.channel, ballot.proxy, ballot.recorded_by) == (
        "no",
        "online",
        None,
        user,
    )


def test_a_second_online_ballot_for_the_same_organization_is_refused(motion):
    organization = attend(motion)
    user = coordinator_of(organization)
    cast(user, motion, organization)
    refused("duplicate", cast, user, motion, organization, "no")
    # Another coordinator of the same organization is refused too.
    refused("duplicate", cast, coordinator_of(organization), motion, organization, "no")


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (Motion.Status.DRAFT, "not_open"),
        (Motion.Status.CLOSED, "closed"),
        (Motion.Status.WITHDRAWN, "closed"),
    ],
)
def test_no_ballot_before_opening_or_after_closing(status, code):
    motion = MotionFactory(status=status)
    organization = attend(motion)
    refused(code, cast, coordinator_of(organization), motion, organization)


def test_a_ballot_on_a_motion_closed_through_the_service_is_refused_on_every_path(motion):
    online, in_room = attend(motion), attend(motion, "room")
    coordinator = coordinator_of(online)
    close(motion)
    refused("closed", cast, coordinator, motion, online)
    refused("closed", room, teller_of(motion.convening), motion, {in_room: "yes"})


def test_a_choice_other_than_yes_no_or_abstain_is_refused(motion):
    organization = attend(motion)
    for choice in ("", "maybe", "YES", "yes\x00"):
        refused("choice", cast, coordinator_of(organization), motion, organization, choice)


def test_someone_who_is_not_its_coordinator_cannot_vote_for_an_organization(motion):
    organization = attend(motion)
    member = AffiliationFactory(organization=organization, role="member").user
    refused("not_allowed", cast, member, motion, organization)
    refused("not_allowed", cast, coordinator_of(attend(motion)), motion, organization)


@pytest.mark.parametrize("status", ["registered", "partner", "suspended"])
def test_only_active_members_vote(motion, status):
    organization = attend(motion, status=status)
    refused("not_allowed", cast, coordinator_of(organization), motion, organization)


def test_an_organization_that_did_not_attend_cannot_vote(motion):
    organization = OrganizationFactory()
    refused("not_allowed", cast, coordinator_of(organization), motion, organization)


def test_a_coordinator_in_the_room_is_sent_to_the_tellers(motion):
    organization = attend(motion, "room")
    error = refused("not_allowed", cast, coordinator_of(organization), motion, organization)
    assert isinstance(error, NotAllowed)
    assert "tellers" in error.messages[0]


@pytest.mark.parametrize("make", [bare_staff, StaffFactory, secretariat], ids=str)
def test_neither_staff_nor_the_secretariat_cast_an_organizations_ballot_online(motion, make):
    organization = attend(motion)
    refused("not_allowed", cast, make(), motion, organization)


# In the room ----------------------------------------------------------------------------------


def test_a_teller_records_the_rooms_ballots_in_one_submit(motion):
    organizations = [attend(motion, "room") for _ in range(5)]
    teller = teller_of(motion.convening)
    choices = dict(zip(organizations, ["yes", "yes", "no", "abstain", "yes"], strict=True))
    outcome = room(teller, motion, choices)
    assert len(outcome.saved) == 5 and outcome.refused == []
    counted = compute(motion).channels["room"]
    assert (counted.yes, counted.no, counted.abstain, counted.eligible) == (3, 1, 1, 5)
    assert {b.recorded_by for b in outcome.saved} == {teller}


def test_the_secretariat_may_record_room_ballots_too(motion):
    organization = attend(motion, "room")
    assert len(room(secretariat(), motion, {organization: "abstain"}).saved) == 1


def test_a_room_submit_saves_the_eligible_and_refuses_each_of_the_others(motion):
    present, online = attend(motion, "room"), attend(motion, "online")
    suspended, absent = attend(motion, "room", status="suspended"), OrganizationFactory()
    bad_choice = attend(motion, "room")
    outcome = services.room_ballots_record(
        user=teller_of(motion.convening),
        motion=motion,
        choices={
            present.pk: "yes",
            online.pk: "yes",
            suspended.pk: "no",
            absent.pk: "no",
            bad_choice.pk: "maybe",
            10**12: "yes",  # no such organization: nothing to report it against
        },
    )
    assert [b.organization for b in outcome.saved] == [present]
    assert {o for o, _message in outcome.refused} == {online, suspended, absent, bad_choice}
    assert Ballot.objects.count() == 1


def test_a_second_room_submit_for_the_same_organization_is_refused_not_doubled(motion):
    organization = attend(motion, "room")
    room(teller_of(motion.convening), motion, {organization: "yes"})
    outcome = room(teller_of(motion.convening), motion, {organization: "no"})
    assert outcome.saved == [] and [o for o, _m in outcome.refused] == [organization]
    assert "already voted" in outcome.refused[0][1]
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["yes"]


def test_an_organization_that_moved_to_the_room_after_voting_online_is_not_counted_twice(motion):
    organization = attend(motion, "online")
    cast(coordinator_of(organization), motion, organization, "yes")
    Attendance.objects.filter(organization=organization).update(channel="room")
    outcome = room(teller_of(motion.convening), motion, {organization: "no"})
    assert outcome.saved == [] and len(outcome.refused) == 1
    assert compute(motion).total.voted == 1


@pytest.mark.parametrize(
    "who",
    ["coordinator", "bare_staff", "teller_elsewhere", "named_without_role", "anonymous"],
)
def test_only_the_convenings_tellers_and_the_secretariat_record_room_ballots(motion, who):
    from django.contrib.auth.models import AnonymousUser

    organization = attend(motion, "room")
    user = {
        "coordinator": lambda: coordinator_of(organization),
        "bare_staff": bare_staff,
        "teller_elsewhere": lambda: teller_of(PastConveningFactory()),
        "named_without_role": lambda: teller_of(motion.convening, in_group=False),
        "anonymous": AnonymousUser,
    }[who]()
    refused("not_allowed", room, user, motion, {organization: "yes"})


# Proxies --------------------------------------------------------------------------------------


def proxy(motion, giver, holder):
    return services.proxy_record(
        user=secretariat(),
        convening=motion.convening,
        giver=giver,
        holder=holder,
        letter=letter(),
    )


def test_the_holders_coordinator_casts_both_ballots_online(motion):
    holder, giver = attend(motion), attend(motion)
    given = proxy(motion, giver, holder)
    coordinator = coordinator_of(holder)
    assert services.voting_organizations(coordinator, motion) == [(holder, None), (giver, given)]
    own = cast(coordinator, motion, holder, "yes")
    by_proxy = cast(coordinator, motion, giver, "no")
    assert (own.proxy, by_proxy.proxy) == (None, given)
    assert compute(motion).total.voted == 2


def test_a_proxy_ballot_cannot_be_cast_twice_on_any_path(motion):
    holder, giver = attend(motion), attend(motion)
    proxy(motion, giver, holder)
    coordinator = coordinator_of(holder)
    cast(coordinator, motion, giver, "no")
    refused("duplicate", cast, coordinator, motion, giver, "yes")
    # The giver's own coordinator gave the vote away: only the holder casts it.
    refused("not_allowed", cast, coordinator_of(giver), motion, giver, "yes")


def test_a_room_proxy_is_recorded_by_the_tellers_once(motion):
    holder, giver = attend(motion, "room"), attend(motion, "room")
    given = proxy(motion, giver, holder)
    assert dict(services.room_voters(motion))[giver] == given
    teller = teller_of(motion.convening)
    saved = room(teller, motion, {holder: "yes", giver: "yes"}).saved
    assert {b.organization: b.proxy for b in saved} == {holder: None, giver: given}
    again = room(teller, motion, {giver: "no"})
    assert again.saved == [] and [o for o, _m in again.refused] == [giver]
    # In the room the holder's coordinator does not vote online for it either.
    refused("not_allowed", cast, coordinator_of(holder), motion, giver)


def test_a_proxy_ballot_names_the_giver_and_holder_in_the_audit_log(motion):
    holder, giver = attend(motion, name_en="Holder"), attend(motion, name_en="Giver")
    proxy(motion, giver, holder)
    ballot = cast(coordinator_of(holder), motion, giver, "yes")
    entry = AuditEntry.objects.about(ballot).get(action="ballot.cast")
    assert str(giver) in entry.note and str(holder) in entry.note


# Secret ballots -------------------------------------------------------------------------------


def test_a_secret_ballot_keeps_no_choice_next_to_the_organization():
    motion = open_motion(ballot_kind="secret")
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
    assert counters(motion) == {("online", "yes"): 2, ("online", "no"): 1}
    # Nor does the audit log keep the choice.
    for entry in AuditEntry.objects.filter(action="ballot.cast"):
        assert entry.changes == {"choice": [None, "secret"]}
        assert "yes" not in str(entry.changes) and "no" not in str(entry.changes)


def test_a_secret_room_submit_counts_without_naming():
    motion = open_motion(ballot_kind="secret")
    organizations = [attend(motion, "room") for _ in range(4)]
    room(
        teller_of(motion.convening),
        motion,
        dict(zip(organizations, ["yes", "no", "no", "abstain"], strict=True)),
    )
    assert counters(motion) == {("room", "yes"): 1, ("room", "no"): 2, ("room", "abstain"): 1}
    assert not Ballot.objects.exclude(choice="").exists()


# Voids ----------------------------------------------------------------------------------------


def void(user, ballot, reason="Recorded for the wrong organization.", secret_choice=None):
    return services.ballot_void(
        user=user, ballot=ballot, reason=reason, secret_choice=secret_choice
    )


def test_a_teller_voids_a_ballot_and_the_organization_votes_again(motion):
    organization = attend(motion, "room")
    teller = teller_of(motion.convening)
    ballot = room(teller, motion, {organization: "yes"}).saved[0]
    voided = void(teller, ballot, "  Wrong row ticked.  ")
    assert (
        voided.is_void and voided.voided_by == teller and voided.void_reason == "Wrong row ticked."
    )
    assert compute(motion).total.voted == 0
    room(teller, motion, {organization: "no"})
    assert compute(motion).channels["room"].no == 1
    # The voided ballot stays, marked; one live ballot.
    assert Ballot.objects.filter(organization=organization).count() == 2
    assert Ballot.objects.filter(organization=organization, voided_at=None).count() == 1


def test_a_void_needs_a_reason(motion):
    organization = attend(motion, "room")
    teller = teller_of(motion.convening)
    ballot = room(teller, motion, {organization: "yes"}).saved[0]
    for reason in ("", "   ", None):
        refused("reason", void, teller, ballot, reason)


def test_a_ballot_is_voided_once(motion):
    organization = attend(motion, "room")
    teller = teller_of(motion.convening)
    ballot = room(teller, motion, {organization: "yes"}).saved[0]
    void(teller, ballot)
    refused("already_void", void, teller, ballot)


@pytest.mark.parametrize(
    "who",
    ["coordinator", "bare_staff", "teller_elsewhere", "named_without_role", "superuser_ok"],
)
def test_only_a_teller_of_the_convening_or_the_secretariat_voids(motion, who):
    organization = attend(motion, "online")
    coordinator = coordinator_of(organization)
    ballot = cast(coordinator, motion, organization)
    user = {
        "coordinator": lambda: coordinator,
        "bare_staff": bare_staff,
        "teller_elsewhere": lambda: teller_of(PastConveningFactory()),
        "named_without_role": lambda: teller_of(motion.convening, in_group=False),
        "superuser_ok": StaffFactory,
    }[who]()
    if who == "superuser_ok":
        assert void(user, ballot).is_void
    else:
        refused("not_allowed", void, user, ballot)


def test_no_void_after_closing(motion):
    organization = attend(motion, "room")
    teller = teller_of(motion.convening)
    ballot = room(teller, motion, {organization: "yes"}).saved[0]
    close(motion)
    refused("closed", void, teller, ballot)
    assert motion.result.yes == 1  # the stored result counted it


def test_the_secret_counter_follows_a_void():
    motion = open_motion(ballot_kind="secret")
    teller = teller_of(motion.convening)
    organizations = [attend(motion, "room") for _ in range(3)]
    saved = room(teller, motion, dict(zip(organizations, ["yes", "yes", "no"], strict=True)))
    first = saved.saved[0]
    void(teller, first, secret_choice="yes")
    assert counters(motion) == {("room", "yes"): 1, ("room", "no"): 1}
    room(teller, motion, {organizations[0]: "abstain"})
    assert counters(motion) == {("room", "yes"): 1, ("room", "no"): 1, ("room", "abstain"): 1}
    result = compute(motion)
    assert (result.total.voted, result.total.eligible) == (3, 3)


def test_a_secret_void_must_name_a_choice_that_was_counted():
    motion = open_motion(ballot_kind="secret")
    teller = teller_of(motion.convening)
    organization = attend(motion, "room")
    ballot = room(teller, motion, {organization: "yes"}).saved[0]
    refused("choice", void, teller, ballot, secret_choice=None)
    refused("choice", void, teller, ballot, secret_choice="maybe")
    refused("no_such_count", void, teller, ballot, secret_choice="no")
    assert counters(motion) == {("room", "yes"): 1}
    ballot.refresh_from_db()
    assert not ballot.is_void


def test_a_secret_void_cannot_take_from_the_other_channels_counter():
    motion = open_motion(ballot_kind="secret")
    teller = teller_of(motion.convening)
    in_room, online = attend(motion, "room"), attend(motion, "online")
    room(teller, motion, {in_room: "yes"})
    ballot = cast(coordinator_of(online), motion, online, "no")
    refused("no_such_count", void, teller, ballot, secret_choice="yes")
    assert counters(motion) == {("room", "yes"): 1, ("online", "no"): 1}
