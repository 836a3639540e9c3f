"""Convening reminders: two days before, in the venue's time zone, to registered coordinators."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import reminders
from events.models import Channel, Convening
from events.tasks import send_convening_reminders_task
from members.models import Affiliation, Message, User
from tests.members.factories import (
    AffiliationFactory,
    FederationFactory,
    OrganizationFactory,
    PersonFactory,
)

from .factories import AgendaItemFactory, ConveningFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 6, 10)  # reminders go out for convenings on 12 June


@pytest.fixture(autouse=True)
def federation(db):
    return FederationFactory(timezone="Europe/Istanbul")


@pytest.fixture
def eager(settings):
    """Publish runs the task in-process, whatever REDIS_URL says (the app read it at import)."""
    from federation.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def convening_at(zone, *moment, **fields):
    starts_at = datetime.datetime(*moment, tzinfo=ZoneInfo(zone))
    return ConveningFactory(
        timezone=zone,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=6),
        **fields,
    )


def registered_coordinator(convening, language="en", channel=Channel.ROOM, **user_fields):
    """A coordinator of an organization registered for the convening."""
    affiliation = AffiliationFactory(
        user__preferred_language=language, **{f"user__{k}": v for k, v in user_fields.items()}
    )
    RegistrationFactory(convening=convening, organization=affiliation.organization, channel=channel)
    return affiliation.user


def recipients(result):
    return {(reminder.convening, reminder.user) for reminder in result}


# -- selection ---------------------------------------------------------------------------------


def test_two_days_before_in_the_venue_time_zone_and_not_one_or_three(mailoutbox):
    due = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    # 23:00 on the 12th in Los Angeles is already the 13th in UTC: still due.
    due_west = convening_at("America/Los_Angeles", 2030, 6, 12, 23)
    # 01:00 on the 13th in Tokyo is still the 12th in UTC: not due yet.
    not_yet_east = convening_at("Asia/Tokyo", 2030, 6, 13, 1)
    tomorrow = convening_at("Europe/Istanbul", 2030, 6, 11, 10)
    in_three_days = convening_at("Europe/Istanbul", 2030, 6, 13, 10)
    coordinators = {
        convening: registered_coordinator(convening)
        for convening in (due, due_west, not_yet_east, tomorrow, in_three_days)
    }

    result = reminders.send_convening_reminders(today=TODAY)

    assert recipients(result) == {(due, coordinators[due]), (due_west, coordinators[due_west])}
    assert Message.objects.filter(kind="convening_reminder").count() == 2
    # A day later, Tokyo's convening (13 June there) and the one on the 13th are due.
    result = reminders.send_convening_reminders(today=datetime.date(2030, 6, 11))
    assert recipients(result) == {
        (not_yet_east, coordinators[not_yet_east]),
        (in_three_days, coordinators[in_three_days]),
    }


@pytest.mark.parametrize("status", [Convening.Status.CANCELLED, Convening.Status.POSTPONED])
def test_convenings_not_planned_are_skipped(status):
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10, status=status)
    registered_coordinator(convening)
    assert reminders.send_convening_reminders(today=TODAY) == []
    assert not Message.objects.exists()


def test_only_active_coordinators_of_registered_organizations(mailoutbox):
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    coordinator = registered_coordinator(convening)
    organization = coordinator.affiliations.get().organization
    AffiliationFactory(organization=organization, role=Affiliation.Role.MEMBER)  # staff member
    AffiliationFactory(organization=organization, user__is_active=False)  # left, account closed
    AffiliationFactory()  # a coordinator of an organization that did not register

    result = reminders.send_convening_reminders(today=TODAY)

    assert recipients(result) == {(convening, coordinator)}
    assert list(Message.objects.values_list("recipient", flat=True)) == [coordinator.pk]


def test_a_coordinator_of_two_registered_organizations_gets_one_email_naming_both():
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    coordinator = registered_coordinator(convening)
    second = AffiliationFactory(user=coordinator).organization
    RegistrationFactory(convening=convening, organization=second, channel=Channel.ONLINE)

    result = reminders.send_convening_reminders(today=TODAY)

    assert len(result) == 1
    message = Message.objects.get()
    assert message.key == f"convening-{convening.pk}"
    for organization in coordinator.affiliations.values_list("organization__name_en", flat=True):
        assert organization in message.body_text


def test_a_coordinator_who_muted_reminders_gets_none():
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    coordinator = registered_coordinator(convening)
    muted = AffiliationFactory(
        organization=coordinator.affiliations.get().organization,
        user__muted_notifications=["convening_reminder"],
    ).user

    result = reminders.send_convening_reminders(today=TODAY)

    assert recipients(result) == {(convening, coordinator)}
    assert not Message.objects.filter(recipient=muted).exists()


def test_the_agenda_names_its_speakers_and_guests():
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    item = AgendaItemFactory(convening=convening, title_en="Opening", facilitators="A guest")
    item.speakers.add(
        PersonFactory(
            name_en="Khudr al-Sotari", organization=OrganizationFactory(name_en="The League")
        )
    )
    registered_coordinator(convening)
    reminders.send_convening_reminders(today=TODAY)
    assert "Opening — Khudr al-Sotari (The League), A guest" in Message.objects.get().body_text


def test_today_is_the_federations_date(monkeypatch):
    # 22:30 UTC on 9 June is already 10 June in Istanbul (UTC+3): the 12 June convening is due.
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2030, 6, 9, 22, 30, tzinfo=datetime.UTC)
    )
    due = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    coordinator = registered_coordinator(due)
    registered_coordinator(convening_at("Europe/Istanbul", 2030, 6, 11, 10))

    assert recipients(reminders.send_convening_reminders()) == {(due, coordinator)}


def test_dry_run_queues_nothing_and_says_what_it_would_do():
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    coordinator = registered_coordinator(convening)
    out = io.StringIO()

    result = reminders.send_convening_reminders(today=TODAY, dry_run=True, stdout=out)

    assert recipients(result) == {(convening, coordinator)}
    assert result[0].message is None
    assert not Message.objects.exists()
    assert coordinator.email in out.getvalue()
    assert convening.slug in out.getvalue()


# -- content -----------------------------------------------------------------------------------


def test_time_in_the_venue_zone_with_its_name_place_join_link_and_agenda():
    convening = convening_at(
        "America/New_York",
        2030,
        6,
        12,
        9,
        30,
        format=Convening.Format.HYBRID,
        venue_name_en="Community Hall",
        venue_city_en="New York",
        venue_country="US",
        join_url="https://meet.example.org/assembly-2030",
    )
    AgendaItemFactory(
        convening=convening,
        position=1,
        title_en="Opening and welcome",
        starts_at=datetime.datetime(2030, 6, 12, 9, 45, tzinfo=ZoneInfo("America/New_York")),
        facilitators="Huda Ahmad",
    )
    AgendaItemFactory(convening=convening, position=2, title_en="Vote on the annual plan")
    coordinator = registered_coordinator(convening, language="en")

    reminders.send_convening_reminders(today=TODAY)
    message = Message.objects.get()
    for body in (message.body_text, message.body_html):
        assert "Wednesday" in body
        assert "09:30" in body  # New York time, not UTC's 13:30
        assert "13:30" not in body
        assert "15:30" in body  # the end, six hours later
        assert "America/New_York" in body
        assert "UTC-04:00" in body
        assert "Community Hall" in body
        assert "New York" in body
        assert "https://meet.example.org/assembly-2030" in body
        assert "09:45" in body
        assert "Opening and welcome" in body
        assert "Huda Ahmad" in body
        assert "Vote on the annual plan" in body
        assert f"http://127.0.0.1:8000/en/convenings/{convening.slug}/" in body
    assert convening.title_en in message.subject
    assert message.to_address == coordinator.email
    assert 'dir="ltr"' in message.body_html


def test_in_person_has_no_join_link_and_online_has_no_place():
    in_person = convening_at(
        "Europe/Istanbul",
        2030,
        6,
        12,
        10,
        format=Convening.Format.IN_PERSON,
        join_url="https://meet.example.org/internal-only",
        venue_name_en="Grand Hotel",
    )
    online = convening_at(
        "Europe/Istanbul",
        2030,
        6,
        12,
        14,
        format=Convening.Format.ONLINE,
        venue_name_en="",
        venue_name_ar="",
        join_url="https://meet.example.org/online-only",
    )
    registered_coordinator(in_person)
    registered_coordinator(online, channel=Channel.ONLINE)

    reminders.send_convening_reminders(today=TODAY)

    in_person_text = Message.objects.get(key=f"convening-{in_person.pk}").body_text
    assert "Grand Hotel" in in_person_text
    assert "meet.example.org" not in in_person_text
    online_text = Message.objects.get(key=f"convening-{online.pk}").body_text
    assert "https://meet.example.org/online-only" in online_text
    assert "Where:" not in online_text


def test_arabic_speakers_get_arabic_right_to_left(
    mailoutbox, eager, django_capture_on_commit_callbacks
):
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10, title_ar="الجمعية العمومية")
    AgendaItemFactory(convening=convening, title_ar="كلمة الافتتاح", title_en="Opening")
    registered_coordinator(convening, language="ar")

    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_convening_reminders(today=TODAY)

    message = Message.objects.get()
    assert message.language == "ar"
    assert "الجمعية العمومية" in message.subject
    assert "الأربعاء" in message.body_text  # Wednesday
    assert "يونيو" in message.body_text  # June
    assert "كلمة الافتتاح" in message.body_text
    assert "Opening" not in message.body_text
    assert f"/ar/convenings/{convening.slug}/" in message.body_text
    assert '<html lang="ar" dir="rtl">' in message.body_html
    [email] = mailoutbox
    assert email.alternatives[0].content == message.body_html


# -- idempotency -------------------------------------------------------------------------------


def test_running_twice_queues_and_sends_once(mailoutbox, eager, django_capture_on_commit_callbacks):
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    coordinator = registered_coordinator(convening)

    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.send_convening_reminders(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders.send_convening_reminders(today=TODAY)

    assert len(first) == 1
    assert second == []
    assert Message.objects.get().status == Message.Status.SENT
    assert [email.to for email in mailoutbox] == [[coordinator.email]]


def test_the_task_is_idempotent_and_takes_an_iso_day(
    mailoutbox, eager, django_capture_on_commit_callbacks
):
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    registered_coordinator(convening)
    registered_coordinator(convening)

    with django_capture_on_commit_callbacks(execute=True):
        send_convening_reminders_task.delay(day="2030-06-10")
        send_convening_reminders_task.delay(day="2030-06-10")

    assert Message.objects.count() == 2
    assert len(mailoutbox) == 2


def test_a_user_without_an_address_is_skipped():
    convening = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    coordinator = registered_coordinator(convening)
    User.objects.filter(pk=coordinator.pk).update(email="")
    assert reminders.send_convening_reminders(today=TODAY) == []


# -- queries -----------------------------------------------------------------------------------


def _reading_queries(queries):
    """Queries that load what the reminders are about: not the outbox's own writes, and not the
    federation row mail.render() loads for each message."""
    skipped = ("SAVEPOINT", "RELEASE SAVEPOINT", "INSERT INTO")
    return [
        q["sql"]
        for q in queries
        if not q["sql"].startswith(skipped) and '"members_federation"' not in q["sql"]
    ]


@pytest.mark.parametrize("dry_run", [True, False])
def test_query_count_does_not_grow_with_registrations(dry_run):
    small = convening_at("Europe/Istanbul", 2030, 6, 12, 10)
    large = convening_at("Europe/Istanbul", 2030, 6, 22, 10)
    for convening, count in ((small, 1), (large, 20)):
        for item in AgendaItemFactory.create_batch(3, convening=convening):
            item.speakers.add(
                *(PersonFactory(organization=OrganizationFactory()) for _ in range(count))
            )
        for index in range(count):
            registered_coordinator(convening, language=("ar", "en")[index % 2])

    with CaptureQueriesContext(connection) as one:
        assert len(reminders.send_convening_reminders(today=TODAY, dry_run=dry_run)) == 1
    with CaptureQueriesContext(connection) as twenty:
        result = reminders.send_convening_reminders(
            today=datetime.date(2030, 6, 20), dry_run=dry_run
        )
        assert len(result) == 20

    if dry_run:
        assert len(twenty) == len(one)
    else:
        assert len(_reading_queries(twenty.captured_queries)) == len(
            _reading_queries(one.captured_queries)
        )
