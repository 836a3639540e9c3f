import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.models import Convening, Registration
from tests.members.factories import AffiliationFactory, OrganizationFactory, UserFactory

from .factories import ConveningFactory, PastConveningFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return AffiliationFactory().user


def org_of(user):
    return user.affiliations.get().organization


def register(user, convening, channel="room", delegates="Huda\nOmar", organization=None):
    return services.registration_create(
        user=user,
        convening=convening,
        organization=organization or org_of(user),
        channel=channel,
        delegates=delegates,
    )


def refused(code, call, *args, **kwargs):
    before = Registration.objects.count()
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    assert error.value.code == code
    assert Registration.objects.count() == before
    return error.value


def test_a_coordinator_registers_their_organization(coordinator):
    registration = register(coordinator, ConveningFactory())
    assert registration.delegate_list() == ["Huda", "Omar"]
    assert registration.registered_by == coordinator


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
    refused("not_coordinator", register, coordinator, ConveningFactory(), organization=other)


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
    refused("no_delegates", register, coordinator, ConveningFactory(), delegates=" \n ")


def test_changing_the_channel_respects_the_capacity(coordinator):
    convening = ConveningFactory(capacity_online=1)
    RegistrationFactory(convening=convening, channel="online")
    registration = register(coordinator, convening, "room")
    with pytest.raises(ValidationError):
        services.registration_update(
            user=coordinator, registration=registration, channel="online", delegates="X"
        )
    registration.refresh_from_db()
    assert registration.channel == "room"


def test_cancelling_until_the_deadline_but_not_after(coordinator):
    convening = ConveningFactory()
    registration = register(coordinator, convening)
    Convening.objects.filter(pk=convening.pk).update(registration_deadline=in_days(-1))
    registration.refresh_from_db()
    with pytest.raises(ValidationError):
        services.registration_cancel(user=coordinator, registration=registration)
    assert Registration.objects.filter(pk=registration.pk).exists()
    Convening.objects.filter(pk=convening.pk).update(registration_deadline=None)
    registration.refresh_from_db()
    services.registration_cancel(user=coordinator, registration=registration)
    assert not Registration.objects.filter(pk=registration.pk).exists()


# Through the pages ---------------------------------------------------------------------------


def test_the_register_page_needs_a_signed_in_user(client):
    convening = ConveningFactory()
    response = client.get(f"/en/convenings/{convening.slug}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_refusal_is_shown_translated_and_saves_nothing(client, coordinator):
    convening = ConveningFactory(capacity_room=0)
    client.force_login(coordinator)
    response = client.post(
        f"/ar/convenings/{convening.slug}/register/",
        {"organization": org_of(coordinator).pk, "channel": "room", "delegates": "هدى"},
    )
    assert response.status_code == 200
    assert "لا يوجد مكان" in response.content.decode()
    assert not Registration.objects.exists()


def test_another_organization_cannot_be_chosen_in_the_form(client, coordinator):
    convening = ConveningFactory()
    stranger = OrganizationFactory()
    client.force_login(coordinator)
    response = client.post(
        f"/en/convenings/{convening.slug}/register/",
        {"organization": stranger.pk, "channel": "room", "delegates": "X"},
    )
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


def test_malformed_registration_posts_never_fail(client, coordinator):
    convening = ConveningFactory()
    client.force_login(coordinator)
    for data in (
        {"organization": "abc", "channel": "room", "delegates": "x"},
        {"organization": "", "channel": "zzz", "delegates": ""},
        {"organization": "99999999999999999999", "channel": "room", "delegates": "x"},
        {"delegates": "x" * 5000},
    ):
        response = client.post(f"/en/convenings/{convening.slug}/register/", data)
        assert response.status_code == 200
    assert not Registration.objects.exists()


def test_the_join_link_is_shown_only_to_registered_organizations_and_staff(client, coordinator):
    convening = ConveningFactory(join_url="https://meet.example.org/secret-room")
    page = f"/en/convenings/{convening.slug}/"
    assert "secret-room" not in client.get(page).content.decode()
    client.force_login(UserFactory())
    assert "secret-room" not in client.get(page).content.decode()
    client.force_login(coordinator)
    assert "secret-room" not in client.get(page).content.decode()
    register(coordinator, convening)
    assert "secret-room" in client.get(page).content.decode()
    client.force_login(UserFactory(is_staff=True))
    assert "secret-room" in client.get(page).content.decode()


def test_the_form_starts_from_the_existing_registration(client, coordinator):
    registration = register(coordinator, ConveningFactory(), "online", "Huda\nOmar")
    client.force_login(coordinator)
    form = client.get(f"/en/convenings/{registration.convening.slug}/register/").context["form"]
    assert form["channel"].initial == "online"
    assert form["delegates"].initial == "Huda\nOmar"
