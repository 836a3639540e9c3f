"""The minutes of a convening: written from the record (outcomes.minutes gathers it), with a
discussion per agenda session that the secretariat writes, approved and then published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import AgendaItem, Convening

from .votes import Motion


class Minutes(models.Model):
    """One convening's minutes. A draft is seen by the secretariat only; minutes are approved
    once (by the secretariat, or by a motion adopted at a later convening), and only published
    minutes are shown to those who may see the convening."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    convening = models.OneToOneField(
        Convening, verbose_name=_("convening"), on_delete=models.CASCADE, related_name="minutes"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who approved the minutes, or recorded the motion that approved them."),
    )
    approved_by_motion = models.ForeignKey(
        Motion,
        verbose_name=_("approved by motion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-convening__starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(approved_at__isnull=False),
                name="minutes_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="minutes_published_has_date",
            ),
        ]

    def __str__(self):
        return str(self.convening)

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED


class MinutesDiscussion(models.Model):
    """What was discussed in one agenda session, in the secretariat's words."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="discussions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda session"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("discussion"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="one_discussion_per_session"
            )
        ]

    def __str__(self):
        return str(self.agenda_item)
