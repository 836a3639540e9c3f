"""The outbox: rendered once, published after commit, sent at most once, retried with backoff."""

import datetime
import email.header
import email.utils
import smtplib
import time
from contextlib import contextmanager

import kombu.pools
import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from members import mail, services
from members.models import Affiliation, Message, Organization

from .factories import AffiliationFactory, FederationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def federation(db):
    return FederationFactory()


def _reset_connections(app):
    # kombu keeps connection and producer pools, bound to the broker URL they were made for, in
    # the app and in its own registry: close and forget them all.
    app.pool.force_close_all()
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_app(*, eager, broker_url=None):
    """The Celery app as the test needs it. It read Django's settings once, at first use, so the
    settings fixture alone does not reach it."""
    from federation.celery import app

    before = (app.conf.task_always_eager, app.conf.broker_url)
    _reset_connections(app)
    app.conf.task_always_eager = eager
    if broker_url:
        app.conf.broker_url = broker_url
    try:
        yield app
    finally:
        _reset_connections(app)
        app.conf.task_always_eager, app.conf.broker_url = before


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with celery_app(eager=True):
        yield


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() under the test's control: clock.now, clock.advance(minutes=…)."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)
            return self.now

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def queue(user, key="thing-1", note=""):
    organization = OrganizationFactory.build(name_en="Hope Society", name_ar="جمعية الأمل")
    return mail.queue(
        user=user,
        kind="status_change",
        key=key,
        template="status_change",
        context={
            "organization": organization,
            "status_label": "Registered",
            "note": note,
            "url": mail.absolute("/en/organizations/hope/"),
        },
    )


def smtp_refuses(monkeypatch, refused=lambda message: True):
    """SMTP refuses the recipients of the messages `refused` picks; others go through."""
    original = EmailMultiAlternatives.send

    def send(self, fail_silently=False):
        if refused(self):
            raise smtplib.SMTPRecipientsRefused({self.to[0]: (550, b"5.1.1 No such user")})
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)


# -- queue and deliver -------------------------------------------------------------------------


def test_queue_sends_after_commit_once(user, eager, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue(user)
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert [sent.to for sent in mailoutbox] == [[user.email]]


def test_the_same_message_queued_twice_is_one_row_and_one_email(
    user, eager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(user)
        second = queue(user)
    assert first is not None
    assert second is None
    assert Message.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_same_key_for_another_recipient_is_another_message(user):
    queue(user)
    queue(UserFactory())
    assert Message.objects.count() == 2


def test_no_address_no_message():
    assert queue(UserFactory(email="")) is None
    assert not Message.objects.exists()


def test_deliver_twice_sends_once(user, mailoutbox):
    message = queue(user)
    assert mail.deliver(message.pk) is True
    assert mail.deliver(message.pk) is False
    assert len(mailoutbox) == 1
    assert mail.drain() == 0
    assert len(mailoutbox) == 1


def test_a_crash_between_send_and_record_never_sends_again_by_itself(
    user, monkeypatch, mailoutbox, eager, django_capture_on_commit_callbacks
):
    message = queue(user)
    original = EmailMultiAlternatives.send

    def send_then_die(self, fail_silently=False):
        original(self, fail_silently)
        raise RuntimeError("worker killed before it could record the send")

    monkeypatch.setattr(EmailMultiAlternatives, "send", send_then_die)
    with pytest.raises(RuntimeError):
        mail.deliver(message.pk)
    monkeypatch.undo()
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING
    assert len(mailoutbox) == 1

    # A redelivered task, or the drain, must not send it a second time.
    assert mail.deliver(message.pk) is False
    assert mail.drain() == 0
    assert mail.drain(now=timezone.now() + mail.STUCK_AFTER - datetime.timedelta(minutes=1)) == 0
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING
    assert len(mailoutbox) == 1

    # After STUCK_AFTER it is marked failed, for a person to decide...
    assert mail.drain(now=timezone.now() + mail.STUCK_AFTER + datetime.timedelta(minutes=1)) == 0
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert "stopped while sending" in message.last_error
    assert len(mailoutbox) == 1

    # ...and "send again" is that deliberate decision.
    with django_capture_on_commit_callbacks(execute=True):
        assert mail.send_again(Message.objects.filter(pk=message.pk)) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(mailoutbox) == 2


def test_send_again_leaves_sent_messages_alone(user, mailoutbox):
    message = queue(user)
    mail.deliver(message.pk)
    assert mail.send_again(Message.objects.all()) == 0
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


# -- SMTP failures -----------------------------------------------------------------------------


def test_an_smtp_failure_is_retried_with_growing_backoff_then_marked_failed(
    user, monkeypatch, mailoutbox, clock
):
    message = queue(user)
    smtp_refuses(monkeypatch)

    assert mail.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert "SMTPRecipientsRefused" in message.last_error
    assert message.next_attempt_at == clock.now + datetime.timedelta(minutes=1)

    # Not due yet: the drain leaves it alone.
    assert mail.drain() == 0
    message.refresh_from_db()
    assert message.attempts == 1

    for attempt, backoff in ((2, 2), (3, 4), (4, 8)):
        clock.now = message.next_attempt_at
        assert mail.drain() == 0
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Message.Status.PENDING, attempt)
        assert message.next_attempt_at == clock.now + datetime.timedelta(minutes=backoff)

    clock.now = message.next_attempt_at
    assert mail.drain() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, mail.MAX_ATTEMPTS)
    assert "SMTPRecipientsRefused" in message.last_error

    clock.advance(days=1)
    assert mail.drain() == 0
    message.refresh_from_db()
    assert message.attempts == mail.MAX_ATTEMPTS
    assert mailoutbox == []


def test_a_retry_that_succeeds_clears_the_error(user, monkeypatch, mailoutbox, clock):
    message = queue(user)
    smtp_refuses(monkeypatch)
    mail.deliver(message.pk)
    monkeypatch.undo()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)

    clock.advance(minutes=1)
    assert mail.drain() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Message.Status.SENT, 2, "")
    assert len(mailoutbox) == 1


def test_one_bad_address_does_not_stop_the_others(monkeypatch, mailoutbox):
    good = [UserFactory(email=f"good{n}@example.org") for n in range(2)]
    bad = UserFactory(email="bad@example.org")
    for user in (good[0], bad, good[1]):
        queue(user)
    smtp_refuses(monkeypatch, refused=lambda message: message.to == ["bad@example.org"])

    assert mail.drain() == 2

    assert sorted(sent.to[0] for sent in mailoutbox) == ["good0@example.org", "good1@example.org"]
    failed = Message.objects.get(recipient=bad)
    assert (failed.status, failed.attempts) == (Message.Status.PENDING, 1)
    assert Message.objects.filter(status=Message.Status.SENT).count() == 2


# -- what the e-mail looks like ----------------------------------------------------------------


def _display_name(from_header):
    name, address = email.utils.parseaddr(from_header)
    return str(email.header.make_header(email.header.decode_header(name))), address


def test_html_and_text_parts_right_to_left_for_arabic(mailoutbox, federation):
    arabic = UserFactory(preferred_language="ar")
    english = UserFactory(preferred_language="en")
    for user in (arabic, english):
        mail.deliver(queue(user).pk)

    by_address = {sent.to[0]: sent for sent in mailoutbox}
    for user, direction in ((arabic, "rtl"), (english, "ltr")):
        sent = by_address[user.email]
        assert sent.body.strip()  # the plain-text part
        [(html, mimetype)] = sent.alternatives
        assert mimetype == "text/html"
        assert f'lang="{user.preferred_language}" dir="{direction}"' in html
        assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "جمعية الأمل" in by_address[arabic.email].body
    assert "Hope Society" in by_address[english.email].body


def test_the_sender_is_named_after_the_federation(mailoutbox, federation, settings):
    arabic = UserFactory(preferred_language="ar")
    english = UserFactory(preferred_language="en")
    for user in (arabic, english):
        mail.deliver(queue(user).pk)

    by_address = {sent.to[0]: sent for sent in mailoutbox}
    assert _display_name(by_address[arabic.email].from_email) == (
        federation.name_ar,
        settings.DEFAULT_FROM_EMAIL,
    )
    assert _display_name(by_address[english.email].from_email) == (
        federation.name_en,
        settings.DEFAULT_FROM_EMAIL,
    )
    # And the header survives encoding into a real MIME message.
    assert by_address[arabic.email].message()["From"]


# -- the status-change e-mail ------------------------------------------------------------------


def test_coordinators_hear_when_their_organization_is_approved(
    staff, mailoutbox, eager, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(status=Organization.Status.APPLICANT)
    coordinators = [AffiliationFactory(organization=organization).user for _ in range(2)]
    AffiliationFactory(organization=organization, role=Affiliation.Role.MEMBER)
    AffiliationFactory(organization=organization, user__is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.organization_change_status(
            organization=organization, to_status=Organization.Status.REGISTERED, user=staff
        )

    assert sorted(sent.to[0] for sent in mailoutbox) == sorted(u.email for u in coordinators)
    assert set(Message.objects.values_list("kind", "status")) == {
        ("status_change", Message.Status.SENT)
    }


def test_no_email_when_a_registered_organization_becomes_active(
    staff, mailoutbox, eager, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(status=Organization.Status.REGISTERED)
    AffiliationFactory(organization=organization)

    with django_capture_on_commit_callbacks(execute=True):
        services.organization_change_status(
            organization=organization, to_status=Organization.Status.ACTIVE, user=staff
        )

    assert mailoutbox == []
    assert not Message.objects.exists()


# -- the admin's outbox ------------------------------------------------------------------------


def test_the_admin_outbox_lists_messages_and_sends_failed_ones_again(
    client, staff, user, mailoutbox, eager, django_capture_on_commit_callbacks
):
    message = queue(user)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.FAILED, attempts=mail.MAX_ATTEMPTS, last_error="SMTP said no"
    )
    client.force_login(staff)
    url = reverse("admin:members_message_changelist")

    page = client.get(url)
    assert page.status_code == 200
    assert user.email in page.content.decode()
    assert message.subject in page.content.decode()
    assert client.get(reverse("admin:members_message_change", args=[message.pk])).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send_again", "_selected_action": [message.pk]})
    assert response.status_code == 302

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert [sent.to for sent in mailoutbox] == [[user.email]]


def test_the_outbox_is_not_editable_by_hand(client, staff, user):
    message = queue(user)
    client.force_login(staff)
    response = client.post(
        reverse("admin:members_message_change", args=[message.pk]),
        {"status": Message.Status.SENT, "subject": "changed"},
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING


# -- the broker is down ------------------------------------------------------------------------


def test_a_broker_outage_does_not_hold_up_the_request_and_the_drain_sends_later(
    client, staff, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = UNREACHABLE_BROKER
    settings.CELERY_TASK_ALWAYS_EAGER = False
    organization = OrganizationFactory(status=Organization.Status.APPLICANT)
    coordinators = [AffiliationFactory(organization=organization).user for _ in range(2)]
    client.force_login(staff)

    with celery_app(eager=False, broker_url=UNREACHABLE_BROKER):
        started = time.monotonic()
        # The test's transaction never commits: the callbacks run when this block ends, as they
        # would when the request's transaction commits.
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(
                reverse("admin:members_organization_changelist"),
                {"action": "move_to_registered", "_selected_action": [organization.pk]},
            )
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert len(callbacks) == 2  # one publish per message was attempted, and failed
    organization.refresh_from_db()
    assert organization.status == Organization.Status.REGISTERED
    assert set(Message.objects.values_list("recipient", "status")) == {
        (user.pk, Message.Status.PENDING) for user in coordinators
    }
    assert mailoutbox == []

    # The broker is back: beat's drain sends what waited, once.
    assert mail.drain() == 2
    assert mail.drain() == 0
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}
    assert sorted(sent.to[0] for sent in mailoutbox) == sorted(u.email for u in coordinators)
    # Publishing gave up on the dead broker at once instead of holding up the request.
    assert elapsed < 2, f"the request took {elapsed:.1f} s with the broker down"
