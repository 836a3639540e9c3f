"""Minutes' states and rules: started only once the convening has taken place, discussion
written by the secretariat while a draft, approved once (by the secretariat or by an adopted
motion of a later convening), published after approval; each refusal saves nothing."""

import datetime

import pytest
from django.utils import timezone

from members.errors import NotAllowed, Refused
from members.models import AuditEntry
from outcomes.models import Minutes, MinutesDiscussion, Motion, MotionResult
from outcomes.services import minutes as services
from tests.events.factories import AgendaItemFactory, ConveningFactory, PastConveningFactory
from tests.members.factories import SecretariatFactory, UserFactory
from tests.outcomes.factories import MotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return SecretariatFactory()


@pytest.fixture
def held():
    return PastConveningFactory()


def _adopted_motion(convening, adopted=True):
    motion = MotionFactory(convening=convening, status=Motion.Status.CLOSED)
    motion.closed_at = convening.ends_at
    motion.save()
    MotionResult.objects.create(
        motion=motion,
        source=MotionResult.Source.TALLIES,
        majority_rule=Motion.Rule.SIMPLE,
        quorum=0,
        ballot_kind=Motion.BallotKind.NAMED,
        eligible=10,
        yes=8 if adopted else 1,
        no=1 if adopted else 8,
        abstain=0,
        quorum_met=True,
        majority_met=adopted,
        adopted=adopted,
        closed_at=convening.ends_at,
    )
    return motion


def test_minutes_of_a_convening_not_yet_held_are_refused(secretariat):
    planned = ConveningFactory()
    with pytest.raises(Refused) as refusal:
        services.minutes_start(user=secretariat, convening=planned)
    assert refusal.value.code == "not_taken_place"
    assert not Minutes.objects.exists()


def test_minutes_of_a_cancelled_convening_are_refused(secretariat):
    cancelled = PastConveningFactory(status="cancelled")
    with pytest.raises(Refused):
        services.minutes_start(user=secretariat, convening=cancelled)


def test_only_the_secretariat_starts_minutes(held):
    with pytest.raises(NotAllowed):
        services.minutes_start(user=UserFactory(), convening=held)
    assert not Minutes.objects.exists()


def test_the_discussion_is_written_per_session_in_both_languages(secretariat, held):
    item = AgendaItemFactory(convening=held)
    minutes = services.minutes_start(user=secretariat, convening=held)
    services.minutes_discussion_save(
        user=secretariat, minutes=minutes, agenda_item=item, text_ar="نقاش", text_en="Talk"
    )
    discussion = MinutesDiscussion.objects.get()
    assert (discussion.text_ar, discussion.text_en) == ("نقاش", "Talk")
    assert AuditEntry.objects.filter(action="minutes.discussion").count() == 1


def test_a_discussion_edit_by_someone_not_secretariat_is_refused(secretariat, held):
    item = AgendaItemFactory(convening=held)
    minutes = services.minutes_start(user=secretariat, convening=held)
    with pytest.raises(NotAllowed):
        services.minutes_discussion_save(
            user=UserFactory(), minutes=minutes, agenda_item=item, text_ar="x", text_en="y"
        )
    assert not MinutesDiscussion.objects.exists()


def test_a_session_of_another_convening_is_refused(secretariat, held):
    minutes = services.minutes_start(user=secretariat, convening=held)
    with pytest.raises(Refused):
        services.minutes_discussion_save(
            user=secretariat,
            minutes=minutes,
            agenda_item=AgendaItemFactory(),
            text_ar="x",
            text_en="y",
        )


def test_approving_twice_is_refused_and_approved_text_does_not_change(secretariat, held):
    item = AgendaItemFactory(convening=held)
    minutes = services.minutes_start(user=secretariat, convening=held)
    services.minutes_approve(user=secretariat, minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.APPROVED
    assert (minutes.approved_by, minutes.approved_by_motion) == (secretariat, None)
    assert minutes.approved_at is not None
    with pytest.raises(Refused) as refusal:
        services.minutes_approve(user=secretariat, minutes=minutes)
    assert refusal.value.code == "already_approved"
    with pytest.raises(Refused):
        services.minutes_discussion_save(
            user=secretariat, minutes=minutes, agenda_item=item, text_ar="x", text_en="y"
        )


def test_approved_by_an_adopted_motion_of_a_later_convening(secretariat, held):
    later = PastConveningFactory(starts_at=held.starts_at + datetime.timedelta(days=30))
    motion = _adopted_motion(later)
    minutes = services.minutes_start(user=secretariat, convening=held)
    services.minutes_approve(user=secretariat, minutes=minutes, motion=motion)
    minutes.refresh_from_db()
    assert minutes.approved_by_motion == motion
    assert minutes.approved_at == motion.closed_at


@pytest.mark.parametrize("case", ["same convening", "earlier convening", "rejected"])
def test_a_motion_that_cannot_approve_the_minutes_is_refused(secretariat, held, case):
    if case == "same convening":
        motion = _adopted_motion(held)
    elif case == "earlier convening":
        motion = _adopted_motion(
            PastConveningFactory(starts_at=held.starts_at - datetime.timedelta(days=30))
        )
    else:
        motion = _adopted_motion(
            PastConveningFactory(starts_at=held.starts_at + datetime.timedelta(days=30)),
            adopted=False,
        )
    minutes = services.minutes_start(user=secretariat, convening=held)
    with pytest.raises(Refused):
        services.minutes_approve(user=secretariat, minutes=minutes, motion=motion)
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.DRAFT


def test_publishing_needs_approval_and_happens_once(secretariat, held):
    minutes = services.minutes_start(user=secretariat, convening=held)
    with pytest.raises(Refused) as refusal:
        services.minutes_publish(user=secretariat, minutes=minutes)
    assert refusal.value.code == "not_approved"
    services.minutes_approve(user=secretariat, minutes=minutes)
    with pytest.raises(NotAllowed):
        services.minutes_publish(user=UserFactory(), minutes=minutes)
    services.minutes_publish(user=secretariat, minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.PUBLISHED
    assert minutes.published_at <= timezone.now()
    with pytest.raises(Refused):
        services.minutes_publish(user=secretariat, minutes=minutes)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["minutes.started", "minutes.approved", "minutes.published"]
