import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import BoardSeat, Organization

from .factories import BoardSeatFactory, BranchFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_secretariat_lists_the_chair_of_each_active_branch(client):
    turkey, jordan = BranchFactory(name_en="Turkey"), BranchFactory(name_en="Jordan")
    dormant = BranchFactory(name_en="Dormant", is_active=False)
    BoardSeatFactory(branch=turkey, role="chair", organization__name_en="Chair Turkey")
    BoardSeatFactory(branch=turkey, role="member", organization__name_en="Plain Member")
    BoardSeatFactory(branch=jordan, role="chair", organization__name_en="Chair Jordan")
    BoardSeatFactory(branch=dormant, role="chair", organization__name_en="Chair Dormant")
    BoardSeatFactory(
        branch=jordan,
        role="chair",
        organization__name_en="Former Chair",
        term_start=datetime.date(2017, 2, 1),
        term_end=datetime.date(2019, 2, 1),
    )
    body = client.get("/en/secretariat/").content.decode()
    assert "Chair Turkey" in body and "Chair Jordan" in body
    assert "Plain Member" not in body
    assert "Chair Dormant" not in body
    assert "Former Chair" not in body


def test_a_branch_page_shows_its_board_and_member_organizations(client):
    branch = BranchFactory(name_en="Turkey")
    BoardSeatFactory(branch=branch, role="chair", organization__name_en="Chair Org")
    OrganizationFactory(branch=branch, name_en="Member Org")
    OrganizationFactory(branch=branch, name_en="Hidden Applicant", status="applicant")
    body = client.get(branch.get_absolute_url()).content.decode()
    assert "Chair Org" in body and "Member Org" in body
    assert "Hidden Applicant" not in body


def test_a_large_branch_shows_its_organizations_a_page_at_a_time(client):
    branch = BranchFactory(name_en="Turkey", slug="turkey")
    for number in range(25):
        OrganizationFactory(branch=branch, name_en=f"Member {number:02}", status="active")
    first = client.get("/en/branches/turkey/")
    body = first.content.decode()
    assert [o.name_en for o in first.context["page"].object_list] == [
        f"Member {number:02}" for number in range(20)
    ]
    assert "25 organizations" in body
    assert 'href="/en/organizations/?branch=turkey"' in body
    assert "Page 1 of 2" in body
    second = client.get("/en/branches/turkey/?page=2")
    assert [o.name_en for o in second.context["page"].object_list] == [
        f"Member {number:02}" for number in range(20, 25)
    ]
    # A page number that is not one shows the first page, never an error.
    assert client.get("/en/branches/turkey/?page=x%00").status_code in (200, 400)
    assert client.get("/en/branches/turkey/?page=99").status_code == 200


def test_branch_list_and_unknown_branch(client):
    BranchFactory(name_en="Turkey")
    assert "Turkey" in client.get("/en/branches/").content.decode()
    assert client.get("/en/branches/nowhere/").status_code == 404


def test_the_database_allows_one_open_chair_per_branch():
    branch = BranchFactory()
    BoardSeatFactory(branch=branch, role="chair")
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardSeatFactory(branch=branch, role="chair")


def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardSeatFactory(term_start=datetime.date(2020, 1, 2), term_end=datetime.date(2020, 1, 1))


def test_only_member_organizations_sit_on_boards():
    seat = BoardSeat(
        branch=BranchFactory(),
        organization=OrganizationFactory(status=Organization.Status.PARTNER),
        term_start=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert "organization" in error.value.message_dict


def test_overlapping_chair_terms_are_refused_by_validation():
    branch = BranchFactory()
    BoardSeatFactory(
        branch=branch,
        role="chair",
        term_start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2021, 12, 31),
    )
    seat = BoardSeat(
        branch=branch,
        organization=OrganizationFactory(),
        role="chair",
        term_start=datetime.date(2021, 6, 1),
        term_end=datetime.date(2022, 6, 1),
    )
    with pytest.raises(ValidationError):
        seat.full_clean()
