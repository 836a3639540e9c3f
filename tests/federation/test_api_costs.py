"""What a page of each resource costs: the same number of queries for a few rows and for many
(django_assert_num_queries at two sizes), for an anonymous visitor and for a token."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Attendance
from outcomes.models import Motion
from tests.events.factories import PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    BoardSeatFactory,
    BranchFactory,
    OrganizationFactory,
    SecretariatFactory,
    SectorFactory,
)
from tests.outcomes.factories import (
    BallotFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    MotionFactory,
    RecommendationFactory,
)

from .api_world import _generous_limits, record_past, token_for  # noqa: F401

pytestmark = pytest.mark.django_db

# Queries per page: (anonymous, token). A token costs its lookup with its owner (one query)
# and the owner's permissions (two, where a role is asked); the convenings' visibility asks
# once whether the user belongs to a member organization.
EXPECTED = {
    "organizations": (4, 7),  # rows, countries of the filter, sectors' links, sectors
    "branches": (2, 3),  # rows with member counts, board seats
    "convenings": (2, 6),  # rows, attendance counts
    "motions": (4, 8),  # rows, stored results, their channels, roll calls
    "recommendations": (1, 5),
    "committees": (2, 6),  # rows, current seats
}


@pytest.fixture
def grow():
    """Adds `n` of everything each resource lists, with what its rows show."""
    secretariat = SecretariatFactory()
    branch = BranchFactory()
    sector = SectorFactory()
    state = {"n": 0}

    def add(count):
        for _ in range(count):
            state["n"] += 1
            n = state["n"]
            organization = OrganizationFactory(branch=branch)
            organization.sectors.add(sector)
            BoardSeatFactory(branch=BranchFactory(), organization=organization)
            convening = PastConveningFactory()
            Attendance.objects.create(
                convening=convening, organization=organization, channel="room"
            )
            named = MotionFactory(
                convening=convening, number=1, status=Motion.Status.OPEN, opened_at=timezone.now()
            )
            BallotFactory(motion=named, organization=organization, channel="room")
            from outcomes import services

            services.motion_close(user=secretariat, motion=named)
            secret = MotionFactory(convening=convening, number=2, ballot_kind="secret")
            record_past(secret, secretariat, {"room": (1, 1, 0, 0)})
            committee = CommitteeFactory(convening=convening)
            CommitteeMemberFactory(committee=committee, organization=organization)
            RecommendationFactory(
                convening=convening,
                committee=committee,
                responsible=organization,
                sector=sector,
                due_date=datetime.date(2030, 1, n % 28 + 1),
            )

    return add


def _token_client():
    user = AffiliationFactory().user
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")


@pytest.mark.parametrize("resource", list(EXPECTED))
def test_a_page_costs_the_same_for_few_rows_and_many(resource, grow, django_assert_num_queries):
    anonymous, token = EXPECTED[resource]
    clients = [(Client(), anonymous), (_token_client(), token)]
    for size in (2, 25):
        grow(size - (2 if size == 25 else 0))
        for client, expected in clients:
            with django_assert_num_queries(expected):
                response = client.get(f"/api/v1/{resource}/?limit=100")
            assert response.status_code == 200
            assert len(response.json()["data"]) >= size


def test_a_row_costs_what_a_page_costs(grow, django_assert_num_queries):
    grow(3)
    motion = Motion.objects.filter(status=Motion.Status.CLOSED, ballot_kind="named").first()
    with django_assert_num_queries(EXPECTED["motions"][0]):
        assert Client().get(f"/api/v1/motions/{motion.pk}/").status_code == 200
