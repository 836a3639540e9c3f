"""The coordinators hear when their organization's registration is made, changed or cancelled."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from events import notifications, services
from events.services import DelegateData
from members.errors import Refused
from members.models import Message
from tests.members.factories import AffiliationFactory

from .factories import ConveningFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 6, 12, 10, 30, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def convening():
    return ConveningFactory(
        slug="assembly",
        title_en="General Assembly 2030",
        title_ar="الجمعية العمومية 2030",
        timezone="America/New_York",
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=6),
        format="hybrid",
        venue_name_en="Community Hall",
        venue_name_ar="قاعة المجتمع",
        venue_city_en="New York",
        venue_city_ar="نيويورك",
        venue_country="US",
        online_platform="Webex",
        join_url="https://meet.example.org/assembly-2030",
    )


@pytest.fixture
def coordinator():
    return AffiliationFactory(user__preferred_language="en", user__name="Layla Haddad").user


def org_of(user):
    return user.affiliations.get().organization


def register(user, convening, channel="room"):
    return services.registration_create(
        user=user,
        convening=convening,
        organization=org_of(user),
        channel=channel,
        delegates=[DelegateData("Huda Ahmad", "Head of delegation"), DelegateData("عمر خليل")],
    )


def notices(event=""):
    return Message.objects.filter(kind="registration", key__contains=event).order_by("pk")


def test_a_registration_tells_each_active_coordinator_once(
    convening, coordinator, django_capture_on_commit_callbacks
):
    organization = org_of(coordinator)
    colleague = AffiliationFactory(organization=organization).user
    AffiliationFactory(organization=organization, role="member")  # not a coordinator
    AffiliationFactory(organization=organization, user__is_active=False)  # account closed
    AffiliationFactory()  # another organization's coordinator

    with django_capture_on_commit_callbacks() as callbacks:
        registration = register(coordinator, convening)

    assert set(notices().values_list("recipient", flat=True)) == {coordinator.pk, colleague.pk}
    assert set(notices().values_list("key", flat=True)) == {f"registration-{registration.pk}-made"}
    # Queued inside the transaction; each is published once it commits.
    assert len(callbacks) == 2
    # Told once, whatever calls it again.
    notifications.registration_changed(registration=registration, event="made", by=coordinator)
    assert notices().count() == 2


def test_in_the_room_the_email_gives_the_venue_time_and_place_not_the_join_link(
    convening, coordinator
):
    register(coordinator, convening, channel="room")
    message = notices().get()
    assert "General Assembly 2030" in message.subject
    for body in (message.body_text, message.body_html):
        assert "General Assembly 2030" in body
        assert "In the room" in body
        assert "Wednesday" in body
        assert "10:30" in body and "16:30" in body  # New York time, not UTC's 14:30
        assert "14:30" not in body
        assert "America/New_York" in body and "UTC-04:00" in body
        assert "Community Hall" in body and "New York" in body
        assert "meet.example.org" not in body
        assert "Huda Ahmad" in body and "Head of delegation" in body
        assert "http://127.0.0.1:8000/en/convenings/assembly/" in body
        assert "Layla Haddad" in body  # who registered
    assert message.to_address == coordinator.email


def test_online_the_email_gives_the_join_link_not_the_place(convening, coordinator):
    register(coordinator, convening, channel="online")
    body = notices().get().body_text
    assert "https://meet.example.org/assembly-2030" in body and "Webex" in body
    assert "Community Hall" not in body
    assert "Online" in body


def test_arabic_coordinators_read_it_in_arabic(convening):
    coordinator = AffiliationFactory(user__preferred_language="ar").user
    register(coordinator, convening, channel="room")
    message = notices().get()
    assert message.language == "ar"
    assert "الجمعية العمومية 2030" in message.subject
    assert "الأربعاء" in message.body_text  # Wednesday
    assert "يونيو" in message.body_text  # June
    assert "10:30" in message.body_text and "America/New_York" in message.body_text
    assert "قاعة المجتمع" in message.body_text
    assert "عمر خليل" in message.body_text
    assert "/ar/convenings/assembly/" in message.body_text
    assert "General Assembly" not in message.body_text
    assert '<html lang="ar" dir="rtl">' in message.body_html
    assert "<bdi>Huda Ahmad</bdi>" in message.body_html


def test_each_change_is_told_once_and_a_save_without_change_not_at_all(convening, coordinator):
    registration = register(coordinator, convening)
    same = [DelegateData("Huda Ahmad", "Head of delegation"), DelegateData("عمر خليل")]

    services.registration_update(
        user=coordinator, registration=registration, channel="room", delegates=same
    )
    assert not notices("changed").exists()

    services.registration_update(
        user=coordinator, registration=registration, channel="online", delegates=same
    )
    first = notices("changed").get()
    assert first.key.startswith(f"registration-{registration.pk}-changed-")
    assert "https://meet.example.org/assembly-2030" in first.body_text

    services.registration_update(
        user=coordinator,
        registration=registration,
        channel="online",
        delegates=[DelegateData("Samer Youssef", "Treasurer")],
    )
    changes = list(notices("changed"))
    assert len(changes) == 2 and changes[0].key != changes[1].key
    assert "Samer Youssef" in changes[1].body_text and "Huda Ahmad" not in changes[1].body_text
    assert changes[1].subject == "Registration changed: General Assembly 2030"


def test_a_refused_change_tells_nobody(convening, coordinator):
    registration = register(coordinator, convening)
    with pytest.raises(Refused):
        services.registration_update(
            user=coordinator,
            registration=registration,
            channel="room",
            delegates=[DelegateData("X"), DelegateData("x")],
        )
    assert not notices("changed").exists()


def test_a_cancellation_is_told_once_without_the_join_link(convening, coordinator):
    registration = register(coordinator, convening, channel="online")
    pk = registration.pk
    services.registration_cancel(user=coordinator, registration=registration)
    message = notices("cancelled").get()
    assert message.key.startswith(f"registration-{pk}-cancelled-")
    assert message.subject == "Registration cancelled: General Assembly 2030"
    assert "meet.example.org" not in message.body_text
    assert "America/New_York" in message.body_text
    assert "Huda Ahmad" in message.body_text
    assert "http://127.0.0.1:8000/en/convenings/assembly/" in message.body_text


def test_arabic_cancellation(convening):
    coordinator = AffiliationFactory(user__preferred_language="ar").user
    registration = register(coordinator, convening, channel="room")
    services.registration_cancel(user=coordinator, registration=registration)
    message = notices("cancelled").get()
    assert message.language == "ar"
    assert "قاعة المجتمع" in message.body_text
    assert "/ar/convenings/assembly/" in message.body_text


def test_a_coordinator_who_muted_registrations_hears_nothing(convening, coordinator):
    colleague = AffiliationFactory(
        organization=org_of(coordinator), user__muted_notifications=["registration"]
    ).user
    register(coordinator, convening)
    assert list(notices().values_list("recipient", flat=True)) == [coordinator.pk]
    assert colleague.pk not in notices().values_list("recipient", flat=True)


def test_an_unknown_event_is_a_programming_error(convening, coordinator):
    registration = register(coordinator, convening)
    with pytest.raises(ValueError):
        notifications.registration_changed(registration=registration, event="moved", by=None)
