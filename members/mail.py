"""The outbox: e-mails are rendered into Message rows, then sent by a task.

queue() is called inside the transaction that makes the news (a status change, a digest run);
the send is published only after commit, and publishing never blocks a request for long: if
the broker is down the row simply waits, and drain_outbox (every minute, by beat) sends it.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Federation, Message

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A row left in SENDING this long was claimed by a worker that died mid-send: we cannot know
# whether the mail left, so it is marked failed (visible in admin) rather than sent twice.
STUCK_AFTER = timedelta(minutes=15)


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def render(*, user, template, context):
    """Subject, text and HTML in the recipient's language."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        federation = Federation.load()
        context = {
            **context,
            "user": user,
            "federation": federation,
            "site_url": settings.SITE_URL.rstrip("/"),
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
        }
        subject = render_to_string(f"email/{template}_subject.txt", context).strip()
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
    return language, " ".join(subject.split()), text, html


def queue(*, user, kind, key, template, context):
    """Create the message unless the same one exists; send it after commit. Returns the row,
    or None when it was already queued (the duplicate-proof path)."""
    if not user.email:
        return None
    language, subject, text, html = render(user=user, template=template, context=context)
    return queue_rendered(
        address=user.email,
        language=language,
        kind=kind,
        key=key,
        subject=subject,
        text=text,
        html=html,
        recipient=user,
    )


@dataclass(frozen=True)
class Addressee:
    """Someone known only by an address (an invitee who may have no account): what the
    templates and render() read of a user."""

    email: str
    preferred_language: str
    name: str = ""


def queue_to_address(*, address, language, kind, key, template, context):
    """Like queue(), to a bare address written in `language`; unique per (kind, key, address).
    Returns the row, or None when it was already queued."""
    if not address:
        return None
    addressee = Addressee(email=address, preferred_language=language)
    language, subject, text, html = render(user=addressee, template=template, context=context)
    return queue_rendered(
        address=address,
        language=language,
        kind=kind,
        key=key,
        subject=subject,
        text=text,
        html=html,
    )


# allauth's mails (members.adapters) carry sign-in links and codes: whoever reads a password
# reset link can take the account. Their bodies are not shown in the admin and are dropped once
# the mail has left.
SECRET_KIND_PREFIX = "account:"


def holds_secret(message: Message) -> bool:
    return message.kind.startswith(SECRET_KIND_PREFIX)


def queue_rendered(*, address, language, kind, key, subject, text, html="", recipient=None):
    """A rendered message (queue() and queue_to_address() render theirs; allauth's mails come
    rendered): stored, sent after commit; unique per (kind, key, recipient) or, without a
    recipient, (kind, key, address). Returns the row, or None when it was already queued."""
    if not address:
        return None
    try:
        with transaction.atomic():
            message = Message.objects.create(
                kind=kind,
                key=key,
                recipient=recipient,
                to_address=address,
                language=language,
                subject=" ".join(subject.split())[:250],
                body_text=text,
                body_html=html,
            )
    except IntegrityError:
        return None
    message_id = message.pk  # the callback keeps the id, not the rendered bodies
    transaction.on_commit(lambda: publish(message_id))
    return message


SEND_TASK = "members.send_message"  # members.tasks.send_message


def publish(message_id: int) -> None:
    """Hand the message to a worker; if the broker cannot be reached, leave it for the drain."""
    try:
        # By the task's name: members.tasks imports this module, never the other way round.
        current_app.signature(SEND_TASK, kwargs={"message_id": message_id}).apply_async(retry=False)
    except Exception as error:
        log.warning("broker unavailable, message %s waits in the outbox: %s", message_id, error)


def _claim(message_id):
    """Mark the row as being sent, in its own committed transaction; None if not sendable."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Message.Status.PENDING)
            .first()
        )
        if message is None:
            return None
        message.status = Message.Status.SENDING
        message.attempts += 1
        message.next_attempt_at = timezone.now()  # while SENDING: when it was claimed
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        return message


def deliver(message_id):
    """Send one message at most once. Returns True when this call sent it."""
    message = _claim(message_id)
    if message is None:
        return False
    federation = Federation.load()
    with translation.override(message.language):
        sender = formataddr((str(federation.name), settings.DEFAULT_FROM_EMAIL))
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=sender,
        to=[message.to_address],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if message.body_html:  # allauth's mails are text only
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        retry = message.attempts < MAX_ATTEMPTS
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.PENDING if retry else Message.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            # Backoff: 1, 2, 4, 8 minutes.
            next_attempt_at=timezone.now() + timedelta(minutes=2 ** (message.attempts - 1)),
        )
        log.warning(
            "sending message %s failed (attempt %s): %s", message.pk, message.attempts, error
        )
        return False
    sent = {"status": Message.Status.SENT, "sent_at": timezone.now(), "last_error": ""}
    if holds_secret(message):
        sent.update(body_text="", body_html="")
    Message.objects.filter(pk=message.pk).update(**sent)
    return True


def due_messages(now=None):
    now = now or timezone.now()
    return Message.objects.filter(status=Message.Status.PENDING, next_attempt_at__lte=now)


def drain(now=None):
    """Send what is due (new messages whose publish was lost, and retries); mark stuck sends
    failed. Each message separately: one bad address does not stop the others."""
    now = now or timezone.now()
    Message.objects.filter(
        status=Message.Status.SENDING, next_attempt_at__lte=now - STUCK_AFTER
    ).update(
        status=Message.Status.FAILED,
        last_error="The worker stopped while sending; it may or may not have left.",
    )
    sent = 0
    for message_id in due_messages(now).values_list("pk", flat=True)[:500]:
        sent += deliver(message_id)
    return sent


def send_again(queryset):
    """The admin's action: failed (or stuck) messages go back to the queue."""
    ids = list(queryset.exclude(status=Message.Status.SENT).values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids).update(
        status=Message.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
    )
    for message_id in ids:
        transaction.on_commit(lambda message_id=message_id: publish(message_id))
    return len(ids)
