"""What every benchmarked page costs, at two sizes of data: the same number of queries (at most
12), no write on a GET, and at most 100 KB of HTML. `make bench` measures the time; this file
makes sure nothing grows with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Attendance, Convening
from tests.events.factories import PastConveningFactory
from tests.members.factories import BranchFactory, OrganizationFactory, SectorFactory
from tests.outcomes.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    MotionFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
MAX_BYTES = 100 * 1024
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def world():
    """Objects the pages name, and `grow(n)` to add n of everything around them."""
    branch = BranchFactory(slug="turkey")
    sector = SectorFactory(slug="health")
    big = PastConveningFactory(slug="big")
    committee = CommitteeFactory(slug="office", convening=big)
    MotionFactory(convening=big, status="closed", closed_at=timezone.now())
    state = {"n": 0}

    def grow(count):
        for _ in range(count):
            state["n"] += 1
            organization = OrganizationFactory(branch=branch, country="SY")
            organization.sectors.add(sector)
            Attendance.objects.create(
                convening=big,
                organization=organization,
                channel="room" if state["n"] % 2 else "online",
            )
            convening = PastConveningFactory()
            recommendation = RecommendationFactory(
                convening=big,
                committee=committee,
                responsible=organization,
                due_date=datetime.date(2020, 1, state["n"] % 28 + 1),
                number=state["n"],
            )
            ProgressUpdateFactory(recommendation=recommendation)
            CommitteeMemberFactory(committee=committee)
            RecommendationFactory(convening=convening)

    grow(2)
    return {"grow": grow, "organization": OrganizationFactory(slug="seen", branch=branch)}


PAGES = [
    "/en/",
    "/ar/organizations/",
    "/ar/organizations/?country=SY&status=active&sector=health",
    "/ar/organizations/?q=organization",
    "/en/organizations/?q=organization",
    "/ar/organizations/?page=2",
    "/ar/organizations/seen/",
    "/ar/convenings/",
    "/ar/convenings/big/",
    "/ar/convenings/big/live.json",
    "/ar/recommendations/?overdue=1",
    "/ar/recommendations/report/",
    "/ar/committees/",
    "/ar/committees/office/",
]


def measure(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, path
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]
    return len(queries), writes, len(body)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_costs_the_same_at_two_sizes_without_writing(client, world, path):
    small, writes, _size = measure(client, path)
    assert not writes, f"a GET wrote: {writes}"
    world["grow"](10)
    large, writes, size = measure(client, path)
    assert not writes
    assert small == large, f"{path}: {small} queries with little data, {large} with more"
    assert large <= MAX_QUERIES, f"{path}: {large} queries"
    assert size <= MAX_BYTES, f"{path}: {size} bytes"


def test_the_tracker_csv_streams_in_a_constant_number_of_queries(client, world):
    small, _writes, _size = measure(client, "/ar/recommendations/export.csv")
    world["grow"](10)
    large, _writes, _size = measure(client, "/ar/recommendations/export.csv")
    assert small == large


def test_a_convening_with_invitations_lists_them_in_the_same_query_as_its_attendance(client, world):
    """The page names attendees and invitees in one query (events.selectors)."""
    Convening.objects.get(slug="big").invited.add(
        *OrganizationFactory.create_batch(3, status="active")
    )
    count, writes, _size = measure(client, "/ar/convenings/big/")
    assert not writes
    assert count <= MAX_QUERIES, f"{count} queries"
