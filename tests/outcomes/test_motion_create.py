"""A new motion starts from its convening kind's voting rules, at a kind that may vote, made by
the secretariat, in the audit log; a correction names a closed motion of the same convening or
an earlier one."""

import datetime

import pytest
from django.utils import translation

from members.errors import NotAllowed, Refused
from members.models import AuditEntry
from outcomes import services
from outcomes.models import Motion, VotingRules
from tests.events.factories import PastConveningFactory
from tests.members.factories import SecretariatFactory, StaffFactory, UserFactory

from .factories import MotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def rules(kind, **values):
    VotingRules.objects.update_or_create(kind=kind, defaults=values)


def create(convening, user=None, **data):
    data = {"title_ar": "مقترح", "title_en": "A motion", **data}
    return services.motion_create(user=user or SecretariatFactory(), convening=convening, data=data)


def refused(code, convening, **data):
    with pytest.raises(Refused) as error:
        create(convening, **data)
    assert error.value.code == code
    assert not Motion.objects.filter(title_en="A motion").exists()
    assert not AuditEntry.objects.filter(action="motion.create").exists()


def test_empty_rule_and_quorum_come_from_the_kind():
    rules("general_assembly", may_vote=True, majority_rule="absolute", quorum=51)
    convening = PastConveningFactory(kind="general_assembly")
    motion = create(convening, majority_rule="", quorum=None)
    assert (motion.majority_rule, motion.quorum, motion.status) == ("absolute", 51, "draft")
    motion = create(convening, title_en="Another")
    assert (motion.majority_rule, motion.quorum) == ("absolute", 51)


def test_a_rule_and_quorum_given_are_kept():
    rules("forum", may_vote=True, majority_rule="absolute", quorum=51)
    motion = create(PastConveningFactory(kind="forum"), majority_rule="two_thirds", quorum=0)
    assert (motion.majority_rule, motion.quorum) == ("two_thirds", 0)


def test_a_motion_takes_the_next_number_of_its_convening():
    convening = PastConveningFactory()
    MotionFactory(convening=convening, number=7)
    assert create(convening).number == 8
    assert create(PastConveningFactory(), title_en="First").number == 1


def test_a_number_already_taken_is_refused():
    convening = PastConveningFactory()
    MotionFactory(convening=convening, number=2)
    with pytest.raises(Refused):
        create(convening, number=2)
    assert convening.motions.count() == 1


def test_a_kind_that_may_not_vote_is_refused():
    rules("workshop", may_vote=False)
    refused("kind_may_not_vote", PastConveningFactory(kind="workshop"))


def test_a_bylaw_amendment_where_the_kind_may_not_adopt_one_is_refused():
    rules("forum", may_vote=True, may_amend_bylaws=False)
    refused("kind_may_not_amend_bylaws", PastConveningFactory(kind="forum"), kind="bylaw")
    rules("general_assembly", may_vote=True, may_amend_bylaws=True)
    assert create(PastConveningFactory(kind="general_assembly"), kind="bylaw").kind == "bylaw"


@pytest.mark.parametrize("who", [UserFactory, lambda: UserFactory(is_staff=True)])
def test_only_the_secretariat_makes_a_motion(who):
    with pytest.raises(NotAllowed):
        create(PastConveningFactory(), user=who())
    assert not Motion.objects.exists()


def test_a_superuser_makes_one_too():
    assert create(PastConveningFactory(), user=StaffFactory()).pk


def test_the_audit_log_says_who_made_it_and_with_what():
    clerk = SecretariatFactory()
    motion = create(PastConveningFactory(), user=clerk, quorum=20)
    entry = AuditEntry.objects.about(motion).get()
    assert (entry.action, entry.actor) == ("motion.create", clerk)
    assert entry.changes["quorum"] == [None, 20]
    assert entry.changes["title_en"] == [None, "A motion"]


def test_a_correction_names_a_closed_motion_of_this_convening_or_an_earlier_one():
    convening = PastConveningFactory()
    same = MotionFactory(convening=convening, status=Motion.Status.CLOSED)
    earlier = MotionFactory(
        status=Motion.Status.CLOSED,
        convening=PastConveningFactory(starts_at=convening.starts_at - datetime.timedelta(days=1)),
    )
    assert create(convening, corrects=same).corrects == same
    assert create(convening, corrects=earlier, title_en="Fix").corrects == earlier


@pytest.mark.parametrize("status", ["draft", "open", "withdrawn"])
def test_a_motion_not_closed_cannot_be_corrected(status):
    convening = PastConveningFactory()
    refused(
        "corrects_not_closed",
        convening,
        corrects=MotionFactory(convening=convening, status=status),
    )


def test_a_motion_of_a_later_convening_cannot_be_corrected():
    convening = PastConveningFactory()
    later = MotionFactory(
        status=Motion.Status.CLOSED,
        convening=PastConveningFactory(starts_at=convening.starts_at + datetime.timedelta(days=1)),
    )
    refused("corrects_later_convening", convening, corrects=later)


def test_a_quorum_above_100_is_refused():
    with pytest.raises(Refused):
        create(PastConveningFactory(), quorum=101)
    assert not Motion.objects.exists()
