import pytest

from .factories import AffiliationFactory, OrganizationFactory, StaffFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def coordinator(db, organization):
    return AffiliationFactory(organization=organization).user
