import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.models import Convening, Registration
from events.services import DelegateData
from members.errors import NotAllowed, Refused
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    SecretariatFactory,
    UserFactory,
)

from .factories import ConveningFactory, PastConveningFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return AffiliationFactory().user


def org_of(user):
    return user.affiliations.get().organization


def people(*names):
    return [DelegateData(name=name) for name in names]


def register(user, convening, channel="room", delegates=None, organization=None):
    return services.registration_create(
        user=user,
        convening=convening,
        organization=organization or org_of(user),
        channel=channel,
        delegates=people("Huda", "Omar") if delegates is None else delegates,
    )


def refused(code, call, *args, **kwargs):
    before = Registration.objects.count()
    with pytest.raises(Refused) as error:
        call(*args, **kwargs)
    assert error.value.code == code
    assert Registration.objects.count() == before
    return error.value


def names(registration):
    return [str(person) for person in registration.delegate_list()]


def test_a_coordinator_registers_their_organization(coordinator):
    registration = register(coordinator, ConveningFactory())
    assert names(registration) == ["Huda", "Omar"]
    assert registration.registered_by == coordinator


def test_refusals_are_validation_errors_for_existing_callers(coordinator):
    # Refused is a ValidationError: forms and older callers keep catching it.
    with pytest.raises(ValidationError):
        register(coordinator, ConveningFactory(status=Convening.Status.CANCELLED))


def test_registration_past_the_deadline_is_refused(coordinator):
    convening = ConveningFactory(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    refused("deadline", register, coordinator, convening)


def test_registration_is_refused_beyond_a_channels_capacity(coordinator):
    convening = ConveningFactory(capacity_room=1)
    RegistrationFactory(convening=convening, channel="room")
    refused("full", register, coordinator, convening, "room")
    assert register(coordinator, convening, "online").channel == "online"


def test_registering_the_same_organization_twice_is_refused(coordinator):
    convening = ConveningFactory()
    register(coordinator, convening)
    refused("duplicate", register, coordinator, convening, "online")


def test_someone_who_is_not_its_coordinator_cannot_register_an_organization(coordinator):
    other = OrganizationFactory()
    error = refused(
        "not_coordinator", register, coordinator, ConveningFactory(), organization=other
    )
    assert isinstance(error, NotAllowed)


@pytest.mark.parametrize("status", ["applicant", "suspended", "withdrawn"])
def test_an_organization_that_is_not_in_good_standing_cannot_register(status):
    coordinator = AffiliationFactory(organization=OrganizationFactory(status=status)).user
    refused("barred", register, coordinator, ConveningFactory())


def test_a_plain_member_of_the_organization_cannot_register_it():
    member = AffiliationFactory(role="member").user
    refused("not_coordinator", register, member, ConveningFactory())


@pytest.mark.parametrize(
    ("status", "code"),
    [(Convening.Status.CANCELLED, "cancelled"), (Convening.Status.HELD, "closed")],
)
def test_registration_for_a_cancelled_or_held_convening_is_refused(coordinator, status, code):
    refused(code, register, coordinator, ConveningFactory(status=status))


def test_registration_for_a_past_convening_is_refused(coordinator):
    past = PastConveningFactory(status=Convening.Status.PLANNED)
    refused("closed", register, coordinator, past)


def test_a_channel_the_convening_does_not_have_is_refused(coordinator):
    in_person = ConveningFactory(format="in_person", join_url="")
    refused("channel", register, coordinator, in_person, "online")


def test_registration_without_delegates_is_refused(coordinator):
    refused("no_delegates", register, coordinator, ConveningFactory(), delegates=[])


def test_changing_the_channel_respects_the_capacity(coordinator):
    convening = ConveningFactory(capacity_online=1)
    RegistrationFactory(convening=convening, channel="online")
    registration = register(coordinator, convening, "room")
    with pytest.raises(Refused):
        services.registration_update(
            user=coordinator, registration=registration, channel="online", delegates=people("X")
        )
    registration.refresh_from_db()
    assert registration.channel == "room"


def test_cancelling_until_the_deadline_but_not_after(coordinator):
    convening = ConveningFactory()
    registration = register(coordinator, convening)
    Convening.objects.filter(pk=convening.pk).update(registration_deadline=in_days(-1))
    registration.refresh_from_db()
    with pytest.raises(Refused):
        services.registration_cancel(user=coordinator, registration=registration)
    assert Registration.objects.filter(pk=registration.pk).exists()
    Convening.objects.filter(pk=convening.pk).update(registration_deadline=None)
    registration.refresh_from_db()
    services.registration_cancel(user=coordinator, registration=registration)
    assert not Registration.objects.filter(pk=registration.pk).exists()


# Through the pages ---------------------------------------------------------------------------


def form_data(organization, channel="room", rows=(("Huda Ahmad", "", ""),), total=None):
    """The register page's POST: the form and its delegate rows (name, role, e-mail)."""
    data = {
        "organization": getattr(organization, "pk", organization),
        "channel": channel,
        "delegates-TOTAL_FORMS": len(rows) if total is None else total,
        "delegates-INITIAL_FORMS": 0,
        "delegates-MIN_NUM_FORMS": 0,
        "delegates-MAX_NUM_FORMS": 20,
    }
    for index, (name, role, email) in enumerate(rows):
        data.update(
            {
                f"delegates-{index}-name": name,
                f"delegates-{index}-role": role,
                f"delegates-{index}-email": email,
            }
        )
    return data


def test_the_register_page_needs_a_signed_in_user(client):
    convening = ConveningFactory()
    response = client.get(f"/en/convenings/{convening.slug}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_refusal_is_shown_translated_and_saves_nothing(client, coordinator):
    convening = ConveningFactory(capacity_room=0)
    client.force_login(coordinator)
    response = client.post(
        f"/ar/convenings/{convening.slug}/register/",
        form_data(org_of(coordinator), rows=[("هدى", "", "")]),
    )
    assert response.status_code == 200
    assert "لا يوجد مكان" in response.content.decode()
    assert not Registration.objects.exists()


def test_another_organization_cannot_be_chosen_in_the_form(client, coordinator):
    convening = ConveningFactory()
    stranger = OrganizationFactory()
    client.force_login(coordinator)
    response = client.post(f"/en/convenings/{convening.slug}/register/", form_data(stranger))
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not Registration.objects.exists()


def test_cancelling_through_the_page_asks_for_confirmation(client, coordinator):
    registration = register(coordinator, ConveningFactory())
    client.force_login(coordinator)
    url = f"/en/convenings/{registration.convening.slug}/register/"
    data = {"action": "cancel", "registration": registration.pk}
    assert "Cancel the registration?" in client.post(url, data).content.decode()
    assert Registration.objects.filter(pk=registration.pk).exists()
    client.post(url, {**data, "confirm": "yes"})
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_nobody_cancels_another_organizations_registration(client, coordinator):
    other = RegistrationFactory()
    client.force_login(coordinator)
    for value in (other.pk, "x", "", "%00"):
        client.post(
            f"/en/convenings/{other.convening.slug}/register/",
            {"action": "cancel", "registration": value, "confirm": "yes"},
        )
    assert Registration.objects.filter(pk=other.pk).exists()


def test_the_join_link_is_shown_only_to_registered_organizations_and_the_secretariat(
    client, coordinator
):
    convening = ConveningFactory(join_url="https://meet.example.org/secret-room")
    page = f"/en/convenings/{convening.slug}/"
    assert "secret-room" not in client.get(page).content.decode()
    client.force_login(UserFactory())
    assert "secret-room" not in client.get(page).content.decode()
    client.force_login(coordinator)
    assert "secret-room" not in client.get(page).content.decode()
    register(coordinator, convening)
    assert "secret-room" in client.get(page).content.decode()
    client.force_login(SecretariatFactory())
    assert "secret-room" in client.get(page).content.decode()
