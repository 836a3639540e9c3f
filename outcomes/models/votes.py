"""Motions and their votes: ballots, secret counters and recorded tallies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Channel, Convening
from members.models import Organization


class Motion(models.Model):
    """A question put to a vote at a convening."""

    class Kind(models.TextChoices):
        BYLAW = "bylaw", _("Bylaw amendment")
        RESOLUTION = "resolution", _("Resolution")
        ELECTION = "election", _("Election of a body")
        OTHER = "other", pgettext_lazy("motion kind", "Other")

    class Rule(models.TextChoices):
        SIMPLE = "simple", _("Simple majority of votes cast")
        ABSOLUTE = "absolute", _("Absolute majority of eligible organizations")
        TWO_THIRDS = "two_thirds", _("Two thirds of votes cast")
        # A past vote whose sources give the tallies and the outcome but no rule or quorum:
        # the outcome is recorded as reported rather than computed from an invented rule.
        NOT_STATED = "not_stated", _("Rule and quorum not stated; result as reported")

    class ReportedResult(models.TextChoices):
        ADOPTED = "adopted", _("Adopted, as reported")
        REJECTED = "rejected", _("Rejected, as reported")

    class BallotKind(models.TextChoices):
        NAMED = "named", _("Named")
        SECRET = "secret", _("Secret")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", pgettext_lazy("motion status", "Withdrawn")

    # Fields that are frozen once the motion has opened.
    SETTINGS = (
        "title_ar",
        "title_en",
        "text_ar",
        "text_en",
        "kind",
        "majority_rule",
        "quorum",
        "reported_result",
        "ballot_kind",
        "convening_id",
    )

    convening = models.ForeignKey(
        Convening, verbose_name=_("convening"), on_delete=models.CASCADE, related_name="motions"
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("text"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.RESOLUTION)
    majority_rule = models.CharField(
        _("majority rule"), max_length=12, choices=Rule.choices, default=Rule.SIMPLE
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of eligible organizations that must vote."),
    )
    reported_result = models.CharField(
        _("reported result"),
        max_length=10,
        choices=ReportedResult.choices,
        blank=True,
        help_text=_("Only when the majority rule is not stated: the result the sources report."),
    )
    ballot_kind = models.CharField(
        _("ballot"), max_length=8, choices=BallotKind.choices, default=BallotKind.NAMED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects motion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text=_(
            "A closed vote never reopens: a correction is a new motion that names the one it "
            "corrects."
        ),
    )

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["convening", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convening", "number"], name="motion_number_unique"),
            models.CheckConstraint(condition=Q(quorum__lte=100), name="motion_quorum_percent"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        super().clean()
        if self.majority_rule == self.Rule.NOT_STATED:
            if self.quorum:
                raise ValidationError(
                    {"quorum": _("A vote whose rule is not stated has no stated quorum either.")}
                )
            if not self.reported_result:
                raise ValidationError({"reported_result": _("Give the result the sources report.")})
        elif self.reported_result:
            raise ValidationError(
                {
                    "reported_result": _(
                        "A reported result is only recorded when the rule is not stated."
                    )
                }
            )
        if self.pk:
            stored = Motion.objects.filter(pk=self.pk).first()
            if stored and stored.status != self.Status.DRAFT:
                changed = [f for f in self.SETTINGS if getattr(stored, f) != getattr(self, f)]
                if changed:
                    raise ValidationError(
                        _("The motion has opened; its settings can no longer change."),
                        code="frozen",
                    )

    @property
    def is_secret(self):
        return self.ballot_kind == self.BallotKind.SECRET

    @property
    def results_visible(self):
        # Results are hidden while the vote runs, so early numbers cannot sway late voters.
        return self.status == self.Status.CLOSED


class Ballot(models.Model):
    """One organization's vote on one motion (the database allows no second live one).

    For a secret motion the row records only *that* the organization voted, and through which
    channel; `choice` stays empty and the choice itself is added to SecretCount, which holds
    counters, never rows: nothing ties a secret choice to an organization.

    A ballot is never deleted: one recorded in error is voided by a teller while the vote is
    open (who, when, why), and the organization may then vote again.
    """

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")

    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="ballots"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="ballots",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices, blank=True)
    proxy = models.ForeignKey(
        "outcomes.Proxy",
        verbose_name=_("cast by proxy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.CharField(_("why it was voided"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "organization"],
                condition=Q(voided_at__isnull=True),
                name="one_live_ballot_per_org",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["room", "online"]), name="ballot_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(choice__in=["", "yes", "no", "abstain"]), name="ballot_choice_valid"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="ballot_void_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.motion}"

    @property
    def is_void(self):
        return self.voided_at is not None


class SecretCount(models.Model):
    """Counters of secret choices per channel: the only place a secret choice is kept."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="secret_counts")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    choice = models.CharField(max_length=8, choices=Ballot.Choice.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "channel", "choice"], name="one_secret_counter"
            )
        ]

    def __str__(self):
        return f"{self.motion} ({self.channel}): {self.count}"


class Tally(models.Model):
    """Counts per channel entered by the secretariat when only totals are known."""

    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="tallies"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    eligible = models.PositiveIntegerField(_("eligible"))
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)

    class Meta:
        verbose_name = _("recorded tally")
        verbose_name_plural = _("recorded tallies")
        constraints = [
            models.UniqueConstraint(fields=["motion", "channel"], name="one_tally_per_channel"),
            models.CheckConstraint(
                condition=Q(eligible__gte=models.F("yes") + models.F("no") + models.F("abstain")),
                name="tally_votes_within_eligible",
            ),
        ]

    def __str__(self):
        return f"{self.motion} ({self.get_channel_display()})"


# The rules a vote held in the portal can be counted by: a default is never "not stated".
COUNTED_RULES = [(value, label) for value, label in Motion.Rule.choices if value != "not_stated"]


class VotingRules(models.Model):
    """What a kind of convening may vote on, and the rule and quorum a new motion starts from.
    Set by the secretariat; a kind without a row may vote, with a simple majority and no
    quorum, but may not amend the bylaws."""

    kind = models.CharField(
        _("kind of convening"), max_length=20, choices=Convening.Kind.choices, unique=True
    )
    may_vote = models.BooleanField(_("may hold votes"), default=True)
    may_amend_bylaws = models.BooleanField(_("may adopt bylaw amendments"), default=False)
    majority_rule = models.CharField(
        _("default majority rule"),
        max_length=12,
        choices=COUNTED_RULES,
        default=Motion.Rule.SIMPLE,
    )
    quorum = models.PositiveSmallIntegerField(
        _("default quorum (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("voting rules of a kind of convening")
        verbose_name_plural = _("voting rules")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum__lte=100), name="voting_rules_quorum"),
        ]

    def __str__(self):
        return (
            str(Convening.Kind(self.kind).label)
            if self.kind in Convening.Kind.values
            else self.kind
        )

    @classmethod
    def for_kind(cls, kind):
        """The rules of `kind`, or the defaults of a kind without a row (unsaved)."""
        return cls.objects.filter(kind=kind).first() or cls(kind=kind)
