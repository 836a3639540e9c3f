"""Every page costs the same number of queries for 1 row as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import BoardSeatFactory, BranchFactory, OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def add_branches(n):
    for _ in range(n):
        branch = BranchFactory(countries=["TR", "SY"])
        BoardSeatFactory(branch=branch, role="chair")
        BoardSeatFactory(branch=branch, role="member")
        OrganizationFactory(branch=branch)


def add_branch_members(branch, n):
    sector = SectorFactory()
    for _ in range(n):
        OrganizationFactory(branch=branch).sectors.add(sector)
        BoardSeatFactory(branch=branch, organization=OrganizationFactory())


@pytest.mark.parametrize("path", ["/en/branches/", "/en/secretariat/", "/en/"])
def test_branch_pages_and_home_cost_the_same_for_1_and_50_branches(client, path):
    add_branches(1)
    one = queries_for(client, path)
    add_branches(49)
    assert queries_for(client, path) == one


def test_a_branch_page_costs_the_same_for_1_and_50_members(client):
    branch = BranchFactory(slug="turkey")
    add_branch_members(branch, 1)
    one = queries_for(client, "/en/branches/turkey/")
    add_branch_members(branch, 49)
    assert queries_for(client, "/en/branches/turkey/") == one


def test_an_organization_page_costs_the_same_for_1_and_50_sectors_and_seats(client, staff):
    organization = OrganizationFactory(slug="relief")
    client.force_login(staff)

    def grow(n):
        for _ in range(n):
            organization.sectors.add(SectorFactory())
            BoardSeatFactory(organization=organization)

    grow(1)
    one = queries_for(client, "/en/organizations/relief/")
    grow(49)
    assert queries_for(client, "/en/organizations/relief/") == one
