"""Follow-up: committees and their seats, recommendations and their progress updates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Convening
from members import clock
from members.models import Organization, Person, Sector

from ..querysets import CommitteeMemberQuerySet, CommitteeQuerySet, RecommendationQuerySet
from .votes import Motion


class Committee(models.Model):
    """A follow-up committee (or office) formed by a convening."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    convening = models.ForeignKey(
        Convening,
        verbose_name=_("formed at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committees",
    )
    mandate = models.TextField(_("mandate"), blank=True)
    is_active = models.BooleanField(pgettext_lazy("committee", "active"), default=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up committee")
        verbose_name_plural = _("follow-up committees")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outcomes:committee_detail", kwargs={"slug": self.slug})


class CommitteeMember(models.Model):
    """A person's seat on a committee for a term: the committee's offices (chair, rapporteur,
    member). Terms end, they are not deleted; `ends_on` is the last day on the committee."""

    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("committee office", "Chair")
        RAPPORTEUR = "rapporteur", _("Rapporteur")
        MEMBER = "member", pgettext_lazy("committee office", "Member")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organization the member represents, if any."),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="committee_seat_term_order",
            ),
            models.UniqueConstraint(
                fields=["committee", "person"],
                condition=Q(ends_on__isnull=True),
                name="one_open_seat_per_person",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(ends_on__isnull=True, role="chair"),
                name="one_open_committee_chair",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    @property
    def user(self):
        """The account the seat's holder signs in with, if any."""
        return self.person.user

    def is_current(self, on):
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class Recommendation(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    convening = models.ForeignKey(
        Convening,
        verbose_name=_("convening"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    motion = models.ForeignKey(
        Motion,
        verbose_name=_("adopted by motion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("follow-up committee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    responsible = models.ForeignKey(
        Organization,
        verbose_name=_("organization in charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    # The tracker's order: undated last, which is where an ascending b-tree index on
    # PostgreSQL keeps NULLs, so the index below serves it as it is.
    TRACKER_ORDER = (F("due_date").asc(nulls_last=True), "convening_id", "number")

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["convening", "number"]
        indexes = [
            models.Index(
                fields=["due_date", "convening", "number"], name="recommendation_due_order"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["convening", "number"], name="recommendation_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="recommendation_progress_percent"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    def get_absolute_url(self):
        return reverse(
            "outcomes:recommendation_detail",
            kwargs={"convening": self.convening.slug, "number": self.number},
        )

    def clean(self):
        super().clean()
        if self.due_date and self.convening_id:
            held_on = self.convening.local_start.date()
            if self.due_date < held_on:
                raise ValidationError(
                    {"due_date": _("The due date cannot be before the convening.")}
                )
        if self.motion_id and self.convening_id and self.motion.convening_id != self.convening_id:
            raise ValidationError(
                {
                    "motion": _(
                        "A recommendation cites a motion of its own convening; this motion was "
                        "put to %(convening)s."
                    )
                    % {"convening": self.motion.convening}
                }
            )

    @property
    def is_open(self):
        return self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self):
        return (
            self.due_date is not None and self.due_date < clock.federation_today() and self.is_open
        )


class ProgressUpdate(models.Model):
    """A dated step in a recommendation's follow-up: who said what, and what changed."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    note = models.TextField(_("note"))
    from_status = models.CharField(
        _("from"), max_length=12, choices=Recommendation.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=12, choices=Recommendation.Status.choices, blank=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    attachment = models.FileField(
        _("evidence"),
        upload_to="updates/",
        blank=True,
        db_index=True,  # federation.views_media finds the update by its file's name
        help_text=_("A PDF document or a PNG, JPEG or WebP image."),
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_update_percent"),
        ]

    def __str__(self):
        return f"{self.recommendation} @ {self.created_at:%Y-%m-%d}"
