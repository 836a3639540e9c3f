import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members import services
from members.models import MembershipChange, Organization

from .factories import OrganizationFactory

S = Organization.Status
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.APPLICANT, S.REGISTERED),
        (S.REGISTERED, S.ACTIVE),
        (S.ACTIVE, S.SUSPENDED),
        (S.SUSPENDED, S.ACTIVE),
        (S.ACTIVE, S.WITHDRAWN),
        (S.WITHDRAWN, S.APPLICANT),
        (S.PARTNER, S.APPLICANT),
    ],
)
def test_valid_transition_moves_and_records_who_did_it(start, target, staff):
    organization = OrganizationFactory(status=start)
    services.organization_change_status(
        organization=organization, to_status=target, user=staff, note="board decision"
    )
    organization.refresh_from_db()
    assert organization.status == target
    change = organization.status_history.first()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        start,
        target,
        staff,
        "board decision",
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.APPLICANT, S.ACTIVE),
        (S.APPLICANT, S.SUSPENDED),
        (S.WITHDRAWN, S.ACTIVE),
        (S.PARTNER, S.ACTIVE),
        (S.ACTIVE, S.ACTIVE),
        (S.ACTIVE, S.APPLICANT),
    ],
)
def test_invalid_transition_is_refused_and_changes_nothing(start, target, staff):
    organization = OrganizationFactory(status=start)
    before = MembershipChange.objects.count()
    with pytest.raises(ValidationError) as error:
        services.organization_change_status(organization=organization, to_status=target, user=staff)
    assert error.value.code == "invalid_transition"
    organization.refresh_from_db()
    assert organization.status == start
    assert MembershipChange.objects.count() == before


def test_database_refuses_a_history_row_for_an_invalid_transition():
    organization = OrganizationFactory(status=S.APPLICANT)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipChange.objects.create(
            organization=organization, from_status=S.APPLICANT, to_status=S.ACTIVE
        )


def test_database_refuses_an_unknown_status():
    organization = OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(status="emperor")


def test_register_makes_an_applicant_with_its_coordinator_and_history(user):
    organization = services.organization_register(
        user=user, data={"name_ar": "جمعية جديدة", "name_en": "New Society", "acronym": "NS"}
    )
    assert organization.status == S.APPLICANT
    assert organization.slug == "ns"
    assert organization.can_edit(user)
    assert organization.status_history.get().to_status == S.APPLICANT


def test_register_gives_unique_slugs(user):
    first = services.organization_register(user=user, data={"name_en": "Hope"})
    second = services.organization_register(user=user, data={"name_en": "Hope"})
    assert (first.slug, second.slug) == ("hope", "hope-2")


def test_register_with_an_arabic_name_only_gets_a_slug(user):
    organization = services.organization_register(user=user, data={"name_ar": "أمل"})
    assert organization.slug
    assert organization.name == "أمل"
