"""The outbox's rows: every e-mail the portal sends is one of these first."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Message(models.Model):
    """One e-mail in the outbox: rendered once, sent at most once.

    `(kind, key, recipient)` is unique: a task that runs twice, a retried task or two beat
    processes find the row already there and add nothing. A message to someone who may have no
    account yet (an invitation) has no recipient and is unique per `(kind, key, to_address)`.
    Sending claims the row (status SENDING, committed) before talking to SMTP, so a crash
    between send and record leaves a row that is never sent again by itself; the admin's
    "send again" is the deliberate way.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(pgettext_lazy("e-mail", "kind"), max_length=40)
    key = models.CharField(
        pgettext_lazy("e-mail", "about"),
        max_length=120,
        help_text=_("The thing it is about, and the day."),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    to_address = models.EmailField(pgettext_lazy("e-mail", "address"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(pgettext_lazy("e-mail", "subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "recipient"], name="one_message_per_thing"
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "to_address"],
                condition=models.Q(recipient__isnull=True),
                name="one_message_per_thing_to_address",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} → {self.to_address}: {self.subject}"
