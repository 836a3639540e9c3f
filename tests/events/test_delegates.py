"""Delegates are people: the registration service's rules, and who is reused or created."""

import pytest
from django.utils import translation

from events import services
from events.models import Delegate, Registration
from events.services import DelegateData
from members.errors import Refused
from members.models import Person
from tests.members.factories import AffiliationFactory, OrganizationFactory, PersonFactory

from .factories import ConveningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return AffiliationFactory().user


def org_of(user):
    return user.affiliations.get().organization


def register(user, delegates, convening=None):
    return services.registration_create(
        user=user,
        convening=convening or ConveningFactory(),
        organization=org_of(user),
        channel="room",
        delegates=delegates,
    )


def refused(code, user, delegates):
    """The registration is refused with `code`, and neither it nor any person is saved."""
    people, registrations = Person.objects.count(), Registration.objects.count()
    with pytest.raises(Refused) as error:
        register(user, delegates)
    assert error.value.code == code
    assert (Person.objects.count(), Registration.objects.count()) == (people, registrations)
    return error.value


def rows(registration):
    return [
        (str(d.person), d.role, d.person.email)
        for d in registration.delegates.select_related("person")
    ]


# -- rules -------------------------------------------------------------------------------------


def test_delegates_are_recorded_as_people_of_the_organization_in_order(coordinator):
    registration = register(
        coordinator,
        [
            DelegateData("Huda Ahmad", "Executive director", "Huda@Example.org"),
            DelegateData("عمر خليل", "أمين الصندوق"),
        ],
    )
    assert rows(registration) == [
        ("Huda Ahmad", "Executive director", "huda@example.org"),
        ("عمر خليل", "أمين الصندوق", ""),
    ]
    huda, omar = registration.delegate_list()
    assert {huda.organization, omar.organization} == {org_of(coordinator)}
    # The name goes in the field of its script.
    assert (huda.name_en, huda.name_ar) == ("Huda Ahmad", "")
    assert (omar.name_ar, omar.name_en) == ("عمر خليل", "")
    assert list(registration.delegates.values_list("position", flat=True)) == [1, 2]


def test_spaces_are_tidied(coordinator):
    registration = register(coordinator, [DelegateData("  Huda   Ahmad ", "  Chair  ", " ")])
    assert rows(registration) == [("Huda Ahmad", "Chair", "")]


def test_at_least_one_delegate(coordinator):
    refused("no_delegates", coordinator, [])


def test_at_most_twenty_delegates(coordinator):
    twenty = [DelegateData(f"Delegate {n}") for n in range(20)]
    refused("too_many_delegates", coordinator, [*twenty, DelegateData("One too many")])
    assert len(register(coordinator, twenty).delegate_list()) == 20


def test_every_delegate_has_a_name(coordinator):
    with translation.override("en"):
        error = refused(
            "delegate_without_name",
            coordinator,
            [DelegateData("Huda"), DelegateData("  ", "Treasurer", "t@example.org")],
        )
    assert error.params["row"] == 1
    assert "Delegate 2" in error.messages[0]


@pytest.mark.parametrize(
    "delegate", [DelegateData("x" * 151), DelegateData("Huda", role="r" * 121)]
)
def test_names_and_roles_have_a_length_limit(coordinator, delegate):
    refused("delegate_too_long", coordinator, [delegate])


@pytest.mark.parametrize("email", ["not-an-address", "huda@", "a@b@c.org", "x" * 250 + "@a.org"])
def test_an_invalid_email_is_refused(coordinator, email):
    error = refused("delegate_email", coordinator, [DelegateData("Huda", email=email)])
    assert error.params["row"] == 0


@pytest.mark.parametrize(
    "pair",
    [
        (DelegateData("Huda"), DelegateData("huda")),
        (DelegateData("Huda", email="h@example.org"), DelegateData("Huda")),
        (DelegateData("Huda", email="h@example.org"), DelegateData("Hoda", email="H@example.org")),
        (DelegateData("هدى أحمد"), DelegateData(" هدى  أحمد ", "رئيسة")),
    ],
)
def test_no_one_is_named_twice(coordinator, pair):
    error = refused("duplicate_delegate", coordinator, [DelegateData("Omar"), *pair])
    assert error.params["row"] == 2


def test_namesakes_with_different_emails_are_two_people(coordinator):
    registration = register(
        coordinator,
        [
            DelegateData("Mohammad Ali", email="m1@example.org"),
            DelegateData("Mohammad Ali", email="m2@example.org"),
        ],
    )
    first, second = registration.delegate_list()
    assert first.pk != second.pk


def test_two_rows_that_are_the_same_known_person_are_refused(coordinator):
    PersonFactory(
        organization=org_of(coordinator), name_en="Huda Ahmad", name_ar="", email="h@example.org"
    )
    error = refused(
        "duplicate_delegate",
        coordinator,
        [DelegateData("Dr Huda", email="h@example.org"), DelegateData("Huda Ahmad")],
    )
    assert error.params["row"] == 1


# -- reusing people ------------------------------------------------------------------------------


def test_a_person_of_the_organization_with_the_same_email_is_reused(coordinator):
    known = PersonFactory(
        organization=org_of(coordinator), name_en="Huda Ahmad", email="huda@example.org"
    )
    registration = register(coordinator, [DelegateData("Huda A.", email="HUDA@example.org")])
    assert registration.delegate_list() == [known]
    assert Person.objects.count() == 1
    known.refresh_from_db()
    assert known.name_en == "Huda Ahmad"  # a name already given is not overwritten


def test_a_person_whose_account_has_the_email_is_reused(coordinator):
    organization = org_of(coordinator)
    colleague = AffiliationFactory(organization=organization, role="member").user
    known = PersonFactory(user=colleague, organization=organization, email="")
    registration = register(coordinator, [DelegateData("Someone", email=colleague.email)])
    assert registration.delegate_list() == [known]


def test_without_an_email_a_namesake_of_the_organization_is_reused(coordinator):
    known = PersonFactory(organization=org_of(coordinator), name_ar="هدى أحمد", name_en="")
    registration = register(coordinator, [DelegateData("هدى أحمد", "رئيسة")])
    assert registration.delegate_list() == [known]
    assert Person.objects.count() == 1


def test_a_namesake_without_an_email_takes_the_email_given(coordinator):
    known = PersonFactory(organization=org_of(coordinator), name_en="Omar Khalil", email="")
    registration = register(coordinator, [DelegateData("omar khalil", email="omar@example.org")])
    assert registration.delegate_list() == [known]
    known.refresh_from_db()
    assert known.email == "omar@example.org"


def test_a_person_found_by_email_takes_the_name_in_the_other_script(coordinator):
    known = PersonFactory(
        organization=org_of(coordinator), name_en="Omar Khalil", name_ar="", email="o@example.org"
    )
    register(coordinator, [DelegateData("عمر خليل", email="o@example.org")])
    known.refresh_from_db()
    assert (known.name_ar, known.name_en) == ("عمر خليل", "Omar Khalil")


def test_people_of_other_organizations_are_never_reused(coordinator):
    stranger = PersonFactory(
        organization=OrganizationFactory(), name_en="Huda Ahmad", email="huda@example.org"
    )
    PersonFactory(organization=None, name_en="Omar", email="")
    registration = register(
        coordinator, [DelegateData("Huda Ahmad", email="huda@example.org"), DelegateData("Omar")]
    )
    assert stranger not in registration.delegate_list()
    assert Person.objects.count() == 4


def test_the_same_delegates_at_the_next_convening_are_the_same_people(coordinator):
    delegates = [DelegateData("Huda Ahmad", email="h@example.org"), DelegateData("Omar")]
    first = register(coordinator, delegates)
    second = register(coordinator, delegates)
    assert first.delegate_list() == second.delegate_list()
    assert Person.objects.count() == 2


# -- changing ----------------------------------------------------------------------------------


def test_changing_the_delegates_replaces_them_and_keeps_the_people(coordinator):
    registration = register(coordinator, [DelegateData("Huda"), DelegateData("Omar", "Member")])
    huda, omar = registration.delegate_list()
    services.registration_update(
        user=coordinator,
        registration=registration,
        channel="room",
        delegates=[DelegateData("Omar", "Head of delegation"), DelegateData("Samer")],
    )
    assert rows(registration) == [("Omar", "Head of delegation", ""), ("Samer", "", "")]
    assert registration.delegate_list()[0] == omar
    # Huda is no longer a delegate, but people are kept: they may hold offices or speak.
    assert Person.objects.filter(pk=huda.pk).exists()
    assert Delegate.objects.count() == 2


def test_a_refused_change_keeps_the_delegates(coordinator):
    registration = register(coordinator, [DelegateData("Huda")])
    with pytest.raises(Refused):
        services.registration_update(
            user=coordinator,
            registration=registration,
            channel="room",
            delegates=[DelegateData("Omar"), DelegateData("omar")],
        )
    assert rows(registration) == [("Huda", "", "")]
    assert not Person.objects.filter(name_en="Omar").exists()


def test_a_change_to_a_registration_cancelled_meanwhile_is_refused(coordinator):
    registration = register(coordinator, [DelegateData("Huda")])
    Registration.objects.filter(pk=registration.pk).delete()
    with pytest.raises(Refused) as error:
        services.registration_update(
            user=coordinator,
            registration=registration,
            channel="room",
            delegates=[DelegateData("Omar")],
        )
    assert error.value.code == "gone"


def test_only_a_coordinator_changes_the_delegates(coordinator):
    registration = register(coordinator, [DelegateData("Huda")])
    member = AffiliationFactory(organization=registration.organization, role="member").user
    with pytest.raises(Refused) as error:
        services.registration_update(
            user=member, registration=registration, channel="room", delegates=[DelegateData("X")]
        )
    assert error.value.code == "not_coordinator"
    assert rows(registration) == [("Huda", "", "")]
