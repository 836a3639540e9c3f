"""Offices: terms with a start and an end, one holder at a time where the office has one,
history kept, and who may record them."""

import datetime

import pytest
from django.utils import translation

from members import services
from members.errors import NotAllowed, Refused
from members.models import Affiliation, Office
from members.services import people as people_services

from .factories import (
    AffiliationFactory,
    BranchFactory,
    OfficeFactory,
    OrganizationFactory,
    PersonFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
K = Office.Kind
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def secretariat():
    return SecretariatFactory()


def assign(by, **kwargs):
    kwargs.setdefault("person", PersonFactory())
    kwargs.setdefault("kind", K.PRESIDENT)
    kwargs.setdefault("starts_on", D(2024, 1, 1))
    return services.office_assign(by=by, **kwargs)


# Recording an office -------------------------------------------------------------------------


def test_the_secretariat_records_an_office_of_the_federation(secretariat):
    person = PersonFactory(name_en="Khudr al-Sotari")
    office = assign(secretariat, person=person, kind=K.SECRETARY_GENERAL, title_en="Acting")
    office.refresh_from_db()
    assert (office.person, office.organization, office.branch) == (person, None, None)
    assert office.title_en == "Acting"
    assert list(Office.objects.current(D(2025, 1, 1)).of_federation()) == [office]


def test_a_superuser_holds_the_secretariat_role_too():
    office = assign(StaffFactory(), kind=K.TREASURER)
    assert office.pk


def test_a_term_that_ends_before_it_starts_is_refused(secretariat):
    with pytest.raises(Refused, match="cannot end before it starts") as refused:
        assign(secretariat, starts_on=D(2024, 5, 1), ends_on=D(2024, 4, 30))
    assert refused.value.code == "term_order"
    assert not Office.objects.exists()


def test_a_one_day_term_is_allowed(secretariat):
    office = assign(secretariat, starts_on=D(2024, 5, 1), ends_on=D(2024, 5, 1))
    assert office.is_current(D(2024, 5, 1)) and not office.is_current(D(2024, 5, 2))


def test_a_branch_chair_needs_a_branch(secretariat):
    with pytest.raises(Refused) as refused:
        assign(secretariat, kind=K.BRANCH_CHAIR)
    assert refused.value.code == "branch_required"
    assert not Office.objects.exists()


def test_no_other_office_is_held_on_a_branch(secretariat):
    with pytest.raises(Refused) as refused:
        assign(secretariat, kind=K.TREASURER, branch=BranchFactory())
    assert refused.value.code == "branch_not_allowed"
    assert not Office.objects.exists()


def test_a_branch_chair_belongs_to_the_branch_not_an_organization(secretariat):
    with pytest.raises(Refused) as refused:
        assign(
            secretariat,
            kind=K.BRANCH_CHAIR,
            branch=BranchFactory(),
            organization=OrganizationFactory(),
        )
    assert refused.value.code == "one_body"
    assert not Office.objects.exists()


def test_an_unknown_office_is_refused(secretariat):
    with pytest.raises(Refused):
        assign(secretariat, kind="emperor")
    assert not Office.objects.exists()


# One holder at a time ------------------------------------------------------------------------


def test_one_president_at_a_time_in_an_organization(secretariat):
    organization = OrganizationFactory()
    first = assign(secretariat, organization=organization)
    with pytest.raises(Refused, match="one holder at a time") as refused:
        assign(secretariat, organization=organization, starts_on=D(2025, 1, 1))
    assert refused.value.code == "one_holder"
    assert list(Office.objects.all()) == [first]


def test_overlapping_dated_terms_are_refused_not_only_open_ones(secretariat):
    organization = OrganizationFactory()
    assign(secretariat, organization=organization, starts_on=D(2020, 1, 1), ends_on=D(2022, 12, 31))
    with pytest.raises(Refused):
        assign(
            secretariat, organization=organization, starts_on=D(2022, 12, 31), ends_on=D(2023, 6, 1)
        )
    with pytest.raises(Refused):  # starts before and runs across the first term
        assign(secretariat, organization=organization, starts_on=D(2019, 1, 1))
    assert Office.objects.count() == 1


def test_terms_that_follow_each_other_are_history(secretariat):
    organization = OrganizationFactory()
    assign(secretariat, organization=organization, starts_on=D(2020, 1, 1), ends_on=D(2022, 12, 31))
    assign(secretariat, organization=organization, starts_on=D(2023, 1, 1))
    assert Office.objects.filter(organization=organization).count() == 2


def test_each_organization_and_the_federation_have_their_own_president(secretariat):
    assign(secretariat, organization=OrganizationFactory())
    assign(secretariat, organization=OrganizationFactory())
    assign(secretariat)
    with pytest.raises(Refused):
        assign(secretariat, starts_on=D(2030, 1, 1))
    assert Office.objects.count() == 3


def test_one_chair_per_branch_at_a_time(secretariat):
    branch = BranchFactory()
    assign(secretariat, kind=K.BRANCH_CHAIR, branch=branch)
    assign(secretariat, kind=K.BRANCH_CHAIR, branch=BranchFactory())
    with pytest.raises(Refused):
        assign(secretariat, kind=K.BRANCH_CHAIR, branch=branch, starts_on=D(2026, 1, 1))
    assert Office.objects.filter(branch=branch).count() == 1


def test_a_board_has_many_members_but_not_the_same_person_twice(secretariat):
    organization = OrganizationFactory()
    person = PersonFactory()
    assign(secretariat, kind=K.BOARD_MEMBER, organization=organization, person=person)
    assign(secretariat, kind=K.BOARD_MEMBER, organization=organization)
    with pytest.raises(Refused) as refused:
        assign(secretariat, kind=K.BOARD_MEMBER, organization=organization, person=person)
    assert refused.value.code == "already_held"
    assert Office.objects.count() == 2


def test_the_database_backstop_is_refused_with_the_same_message(secretariat, monkeypatch):
    """Two requests that both passed the check: the partial unique constraint refuses the
    second, and the service says so as it would have."""
    organization = OrganizationFactory()
    assign(secretariat, organization=organization)
    monkeypatch.setattr(people_services, "_check_office", lambda *args, **kwargs: None)
    with pytest.raises(Refused, match="one holder at a time") as refused:
        assign(secretariat, organization=organization, starts_on=D(2025, 1, 1))
    assert refused.value.code == "one_holder"
    assert Office.objects.count() == 1


# Ending and handing over ---------------------------------------------------------------------


def test_a_term_that_ends_deletes_nothing(secretariat):
    office = assign(secretariat, kind=K.SECRETARY_GENERAL, starts_on=D(2020, 1, 1))
    services.office_end(by=secretariat, office=office, ends_on=D(2024, 6, 30))
    office.refresh_from_db()
    assert office.ends_on == D(2024, 6, 30)
    assert Office.objects.current(D(2024, 6, 30)).exists()
    assert not Office.objects.current(D(2024, 7, 1)).exists()
    assert Office.objects.count() == 1


def test_ending_a_term_before_it_started_is_refused(secretariat):
    office = assign(secretariat, starts_on=D(2020, 1, 1))
    with pytest.raises(Refused) as refused:
        services.office_end(by=secretariat, office=office, ends_on=D(2019, 12, 31))
    assert refused.value.code == "term_order"
    office.refresh_from_db()
    assert office.ends_on is None


def test_handing_over_ends_the_term_the_day_before(secretariat):
    branch = BranchFactory()
    old, new = PersonFactory(), PersonFactory()
    first = assign(secretariat, kind=K.BRANCH_CHAIR, branch=branch, person=old)
    second = services.office_hand_over(
        by=secretariat, kind=K.BRANCH_CHAIR, branch=branch, person=new, on=D(2025, 3, 10)
    )
    first.refresh_from_db()
    assert first.ends_on == D(2025, 3, 9)
    assert (second.person, second.starts_on, second.ends_on) == (new, D(2025, 3, 10), None)
    assert Office.objects.current(D(2025, 3, 9)).get(branch=branch).person == old
    assert Office.objects.current(D(2025, 3, 10)).get(branch=branch).person == new


def test_handing_over_a_vacant_office_just_fills_it(secretariat):
    organization = OrganizationFactory()
    office = services.office_hand_over(
        by=secretariat,
        kind=K.TREASURER,
        organization=organization,
        person=PersonFactory(),
        on=D(2025, 1, 1),
    )
    assert Office.objects.get() == office


def test_handing_over_to_the_holder_is_refused(secretariat):
    person = PersonFactory()
    assign(secretariat, person=person, starts_on=D(2020, 1, 1))
    with pytest.raises(Refused) as refused:
        services.office_hand_over(by=secretariat, kind=K.PRESIDENT, person=person, on=D(2025, 1, 1))
    assert refused.value.code == "already_held"
    assert Office.objects.get().ends_on is None


def test_handing_over_on_the_day_the_holder_started_is_refused(secretariat):
    assign(secretariat, starts_on=D(2025, 1, 1))
    with pytest.raises(Refused) as refused:
        services.office_hand_over(
            by=secretariat, kind=K.PRESIDENT, person=PersonFactory(), on=D(2025, 1, 1)
        )
    assert refused.value.code == "term_order"
    assert Office.objects.count() == 1 and Office.objects.get().ends_on is None


def test_only_a_single_holder_office_is_handed_over(secretariat):
    with pytest.raises(Refused) as refused:
        services.office_hand_over(
            by=secretariat,
            kind=K.BOARD_MEMBER,
            organization=OrganizationFactory(),
            person=PersonFactory(),
            on=D(2025, 1, 1),
        )
    assert refused.value.code == "not_single"
    assert not Office.objects.exists()


# Who may record offices ----------------------------------------------------------------------


def test_a_coordinator_records_their_own_organizations_offices():
    affiliation = AffiliationFactory()
    office = assign(affiliation.user, organization=affiliation.organization)
    services.office_end(by=affiliation.user, office=office, ends_on=D(2024, 12, 31))
    services.office_hand_over(
        by=affiliation.user,
        kind=K.PRESIDENT,
        organization=affiliation.organization,
        person=PersonFactory(),
        on=D(2025, 1, 1),
    )
    assert Office.objects.filter(organization=affiliation.organization).count() == 2


@pytest.mark.parametrize(
    "where",
    ["another organization", "a branch", "the federation"],
)
def test_a_coordinator_may_not_record_other_bodies_offices(where):
    coordinator = AffiliationFactory().user
    body = {
        "another organization": {"kind": K.PRESIDENT, "organization": OrganizationFactory()},
        "a branch": {"kind": K.BRANCH_CHAIR, "branch": BranchFactory()},
        "the federation": {"kind": K.SECRETARY_GENERAL},
    }[where]
    with pytest.raises(NotAllowed):
        assign(coordinator, **body)
    assert not Office.objects.exists()


def test_a_staff_member_of_the_organization_may_not_record_its_offices():
    affiliation = AffiliationFactory(role=Affiliation.Role.MEMBER)
    with pytest.raises(NotAllowed):
        assign(affiliation.user, organization=affiliation.organization)
    assert not Office.objects.exists()


def test_others_may_not_end_or_hand_over_an_office():
    office = OfficeFactory(kind=K.PRESIDENT)
    stranger = UserFactory()
    with pytest.raises(NotAllowed):
        services.office_end(by=stranger, office=office, ends_on=D(2024, 1, 1))
    with pytest.raises(NotAllowed):
        services.office_hand_over(
            by=stranger,
            kind=K.PRESIDENT,
            organization=office.organization,
            person=PersonFactory(),
            on=D(2025, 1, 1),
        )
    office.refresh_from_db()
    assert office.ends_on is None and Office.objects.count() == 1


def test_a_coordinator_may_not_move_an_office_out_of_their_organization():
    affiliation = AffiliationFactory()
    office = assign(affiliation.user, organization=affiliation.organization)
    with pytest.raises(NotAllowed):
        services.office_update(by=affiliation.user, office=office, organization=None)
    office.refresh_from_db()
    assert office.organization == affiliation.organization
