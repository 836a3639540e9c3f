import pytest

from outcomes.models import Motion
from outcomes.results import Count3, compute, majority_met, quorum_met

from .factories import MotionFactory, TallyFactory

R = Motion.Rule


@pytest.mark.parametrize(
    ("rule", "counts", "expected"),
    [
        (R.SIMPLE, Count3(10, yes=5, no=4, abstain=1), True),
        (R.SIMPLE, Count3(10, yes=4, no=4, abstain=2), False),  # a tie is not a majority
        (R.SIMPLE, Count3(10, yes=1, no=0, abstain=9), True),  # abstentions are not cast
        (R.SIMPLE, Count3(10), False),  # no votes
        (R.ABSOLUTE, Count3(10, yes=6, no=0), True),
        (R.ABSOLUTE, Count3(10, yes=5, no=0), False),  # half of eligible is not more than half
        (R.ABSOLUTE, Count3(0), False),
        (R.TWO_THIRDS, Count3(10, yes=6, no=3), True),  # exactly two thirds
        (R.TWO_THIRDS, Count3(10, yes=5, no=3), False),
        (R.TWO_THIRDS, Count3(10, abstain=4), False),  # nothing cast
    ],
)
def test_majority_rules(rule, counts, expected):
    assert majority_met(rule, counts) is expected


@pytest.mark.parametrize(
    ("quorum", "counts", "expected"),
    [
        (0, Count3(0), True),
        (50, Count3(10, yes=3, no=1, abstain=1), True),  # 5 of 10 voted: exactly half
        (50, Count3(10, yes=3, no=1), False),
        (50, Count3(0), False),  # nobody eligible
        (100, Count3(4, yes=2, no=1, abstain=1), True),
    ],
)
def test_quorum(quorum, counts, expected):
    assert quorum_met(quorum, counts) is expected


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        majority_met("dictator", Count3(1, yes=1))


@pytest.mark.django_db
def test_the_istanbul_vote_reads_as_the_article_reports_it():
    motion = MotionFactory(
        convening__reported_room=25, convening__reported_online=29, status="closed"
    )
    TallyFactory(motion=motion, channel="room", eligible=25, yes=24, no=0, abstain=0)
    TallyFactory(motion=motion, channel="online", eligible=29, yes=9, no=0, abstain=0)
    result = compute(motion)
    room, online = result.channels["room"], result.channels["online"]
    assert (room.yes, room.eligible, online.yes, online.eligible) == (24, 25, 9, 29)
    assert (result.total.voted, result.total.eligible) == (33, 54)
    assert result.adopted


@pytest.mark.django_db
def test_a_quorum_can_sink_a_majority():
    motion = MotionFactory(quorum=75, convening__reported_room=25, convening__reported_online=29)
    TallyFactory(motion=motion, channel="room", eligible=25, yes=24, no=0, abstain=0)
    TallyFactory(motion=motion, channel="online", eligible=29, yes=9, no=0, abstain=0)
    result = compute(motion)
    assert result.majority_met and not result.quorum_met and not result.adopted


@pytest.mark.django_db
def test_a_due_date_before_the_convening_is_refused():
    import datetime

    from django.core.exceptions import ValidationError

    from .factories import RecommendationFactory

    recommendation = RecommendationFactory()
    held_on = recommendation.convening.local_start.date()
    recommendation.due_date = held_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert "due_date" in error.value.message_dict
    recommendation.due_date = held_on
    recommendation.full_clean()
