"""The turnout bar beside a result shows turnout: organizations that voted ÷ those eligible."""

import datetime

import pytest
from django.utils import timezone

from outcomes import services
from tests.members.factories import UserFactory
from tests.outcomes.factories import MotionFactory, TallyFactory


@pytest.mark.django_db
def test_the_turnout_bar_is_voted_over_eligible_not_yes(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    motion = MotionFactory()
    TallyFactory(motion=motion, eligible=10, yes=2, no=5, abstain=1)
    closed = timezone.now() - datetime.timedelta(days=1)
    services.motion_record_past(
        user=admin, motion=motion, opened_at=closed - datetime.timedelta(hours=1), closed_at=closed
    )
    page = client.get(motion.convening.get_absolute_url()).content.decode()
    # 8 of 10 voted (2 yes, 5 no, 1 abstention); a bar of yes would read 2.
    assert '<meter class="bar" min="0" max="10" value="8"' in page
    assert 'value="2"' not in page


@pytest.mark.django_db
def test_turnout_reads_in_the_pages_direction(client):
    """ "8 / 10" in English; in Arabic «8 من 10», which reads right to left as a sentence where a
    slash between two numbers would not."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    motion = MotionFactory()
    TallyFactory(motion=motion, eligible=10, yes=2, no=5, abstain=1)
    closed = timezone.now() - datetime.timedelta(days=1)
    services.motion_record_past(
        user=admin, motion=motion, opened_at=closed - datetime.timedelta(hours=1), closed_at=closed
    )
    path = motion.convening.get_absolute_url().split("/", 2)[2]
    assert "8 / 10" in client.get(f"/en/{path}").content.decode()
    arabic = client.get(f"/ar/{path}").content.decode()
    assert "8 من 10" in arabic and "8 / 10" not in arabic
