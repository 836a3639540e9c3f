"""What a closed vote decided, stored once at closing, and the proxies organizations give."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.files import validate_pdf
from events.models import Channel, Convening
from members.models import Organization

from .votes import Motion


class MotionResult(models.Model):
    """The result as it stood when the motion closed, with the rule and quorum then in force.

    Pages, exports and minutes read this row, never a new count: a late check-in, a membership
    change or an edited tally after closing changes nothing here.
    """

    class Source(models.TextChoices):
        BALLOTS = "ballots", _("Ballots cast through the portal")
        TALLIES = "tallies", _("Totals reported per channel")

    motion = models.OneToOneField(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="result"
    )
    source = models.CharField(_("counted from"), max_length=8, choices=Source.choices)
    majority_rule = models.CharField(_("majority rule"), max_length=12, choices=Motion.Rule.choices)
    quorum = models.PositiveSmallIntegerField(_("quorum (%)"))
    ballot_kind = models.CharField(_("ballot"), max_length=8, choices=Motion.BallotKind.choices)
    eligible = models.PositiveIntegerField(_("eligible"))
    yes = models.PositiveIntegerField(_("yes"))
    no = models.PositiveIntegerField(_("no"))
    abstain = models.PositiveIntegerField(_("abstain"))
    quorum_met = models.BooleanField(_("quorum met"))
    majority_met = models.BooleanField(_("majority met"))
    adopted = models.BooleanField(_("adopted"))
    closed_at = models.DateTimeField(_("closed"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("stored result")
        verbose_name_plural = _("stored results")
        constraints = [
            models.CheckConstraint(
                condition=Q(eligible__gte=F("yes") + F("no") + F("abstain")),
                name="result_votes_within_eligible",
            ),
            models.CheckConstraint(
                condition=Q(adopted=False) | Q(quorum_met=True, majority_met=True),
                name="result_adopted_needs_quorum_and_majority",
            ),
        ]

    def __str__(self):
        return str(self.motion)

    @property
    def voted(self):
        return self.yes + self.no + self.abstain


class MotionResultChannel(models.Model):
    """One channel's line of a stored result."""

    result = models.ForeignKey(MotionResult, on_delete=models.PROTECT, related_name="channels")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    eligible = models.PositiveIntegerField(_("eligible"))
    yes = models.PositiveIntegerField(_("yes"))
    no = models.PositiveIntegerField(_("no"))
    abstain = models.PositiveIntegerField(_("abstain"))

    class Meta:
        verbose_name = _("result per channel")
        verbose_name_plural = _("results per channel")
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(fields=["result", "channel"], name="one_result_per_channel"),
            models.CheckConstraint(
                condition=Q(eligible__gte=F("yes") + F("no") + F("abstain")),
                name="result_channel_votes_within_eligible",
            ),
        ]

    def __str__(self):
        return f"{self.result} ({self.get_channel_display()})"

    @property
    def voted(self):
        return self.yes + self.no + self.abstain


class Proxy(models.Model):
    """An attending organization gives its vote on a convening's motions to another attending
    organization of the same channel, by a letter the secretariat records. The holder's
    coordinator (or the teller, in the room) then casts both ballots."""

    convening = models.ForeignKey(
        Convening, verbose_name=_("convening"), on_delete=models.PROTECT, related_name="proxies"
    )
    giver = models.ForeignKey(
        Organization,
        verbose_name=_("organization giving its vote"),
        on_delete=models.PROTECT,
        related_name="proxies_given",
    )
    holder = models.ForeignKey(
        Organization,
        verbose_name=_("organization holding the proxy"),
        on_delete=models.PROTECT,
        related_name="proxies_held",
    )
    letter = models.FileField(
        _("proxy letter (PDF)"), upload_to="proxies/", validators=[validate_pdf], db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["convening", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convening", "giver"], name="one_proxy_per_giver"),
            models.CheckConstraint(condition=~Q(giver=F("holder")), name="proxy_not_to_self"),
        ]

    def __str__(self):
        return f"{self.giver} → {self.holder}"
