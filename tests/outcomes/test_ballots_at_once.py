"""Two submits of the same ballots at the same moment, on PostgreSQL with a connection each:
each organization is counted once, the other submit refused, never doubled."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events.models import Attendance
from outcomes.models import Ballot, SecretCount

from .voting import attend, cast, coordinator_of, open_motion, room, teller_of


def counters(motion):
    return {
        (c.channel, c.choice): c.count for c in SecretCount.objects.filter(motion=motion) if c.count
    }


# Two submits at the same moment, on PostgreSQL with a connection each -------------------------


@pytest.fixture
def roles(require_postgres):
    """PostgreSQL, whose flush after an earlier transactional test is followed by
    members.roles.ensure_roles (post_migrate), so the roles' groups are there."""


def simultaneously(*calls):
    """Run each call in its own thread (and so its own connection), all released at once;
    return what each returned or the code it was refused with."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_online_ballots_for_one_organization_leave_one(roles):
    motion = open_motion()
    organization = attend(motion)
    user = coordinator_of(organization)
    outcomes = simultaneously(
        lambda: cast(user, motion, organization, "yes") and "ok",
        lambda: cast(user, motion, organization, "no") and "ok",
    )
    assert sorted(outcomes) == ["duplicate", "ok"]
    assert Ballot.objects.filter(motion=motion, organization=organization).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tellers_submitting_the_same_room_at_once_count_each_organization_once(
    roles,
):
    motion = open_motion(ballot_kind="secret")
    organizations = [attend(motion, "room") for _ in range(12)]
    first, second = teller_of(motion.convening), teller_of(motion.convening)
    outcomes = simultaneously(
        lambda: room(first, motion, dict.fromkeys(organizations, "yes")),
        lambda: room(second, motion, dict.fromkeys(organizations, "no")),
    )
    saved = [len(outcome.saved) for outcome in outcomes]
    refused_ = [len(outcome.refused) for outcome in outcomes]
    assert sorted(saved) == [0, 12] and sorted(refused_) == [0, 12]
    assert Ballot.objects.filter(motion=motion).count() == 12
    # The counters agree with the ballots: one choice per organization, not two.
    assert sum(counters(motion).values()) == 12 and len(counters(motion)) == 1


@pytest.mark.django_db(transaction=True)
def test_an_online_ballot_and_a_room_submit_at_once_count_a_moved_organization_once(
    roles,
):
    motion = open_motion()
    organization = attend(motion, "online")
    coordinator, teller = coordinator_of(organization), teller_of(motion.convening)
    others = [attend(motion, "room") for _ in range(3)]

    def move_and_record():
        Attendance.objects.filter(organization=organization).update(channel="room")
        return room(teller, motion, dict.fromkeys([organization, *others], "no"))

    simultaneously(lambda: cast(coordinator, motion, organization, "yes"), move_and_record)
    assert Ballot.objects.filter(motion=motion, organization=organization).count() == 1
    assert Ballot.objects.filter(motion=motion).count() == 4
