"""People and the offices they hold, and invitations to join an organization's account."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..querysets import OfficeQuerySet, PersonQuerySet
from .core import Affiliation, Branch, Organization


class Person(models.Model):
    """Someone who carries the federation's work: an officer, a delegate, a speaker.

    A person may have an account (`user`) or not (a delegate named at registration, a guest
    speaker). Contact details are shown to others only when `contact_public` is set.
    """

    name = models.CharField(_("name"), max_length=150)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_public = models.BooleanField(
        _("contact details are public"),
        default=False,
        help_text=_("Show the e-mail and phone to visitors of the portal."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_ar", "name_en", "pk"]

    def __str__(self):
        return self.name or self.name_en or self.name_ar or "—"

    def clean(self):
        super().clean()
        if not (self.name_ar or self.name_en):
            raise ValidationError({"name_ar": _("Give the person's name in Arabic or in English.")})


class Office(models.Model):
    """An office a person holds for a term: in an organization, on a branch board, or on the
    federation's own general secretariat (neither organization nor branch).

    Terms end, they are never deleted: the rows are the history. `ends_on` is the last day in
    office; a term with no end is current. Offices of follow-up committees are committee seats
    (outcomes.CommitteeMember), since committees live in a higher layer.
    """

    class Kind(models.TextChoices):
        PRESIDENT = "president", _("President")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
        EXECUTIVE_DIRECTOR = "executive_director", _("Executive director")
        TREASURER = "treasurer", _("Treasurer")
        BOARD_MEMBER = "board_member", _("Board member")
        MEDIA_OFFICER = "media_officer", _("Media officer")
        BRANCH_CHAIR = "branch_chair", _("Branch board chair")
        OTHER = "other", pgettext_lazy("office", "Other office")

    # One holder at a time per body; board members and "other" offices may be many.
    SINGLE_HOLDER = (
        Kind.PRESIDENT,
        Kind.SECRETARY_GENERAL,
        Kind.EXECUTIVE_DIRECTOR,
        Kind.TREASURER,
        Kind.MEDIA_OFFICER,
        Kind.BRANCH_CHAIR,
    )

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="offices"
    )
    kind = models.CharField(_("office"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        pgettext_lazy("office", "title"),
        max_length=200,
        blank=True,
        help_text=_("The office's own name where the list above has none, or a precision."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offices",
        help_text=_("Empty for an office of the federation itself."),
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offices",
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="office_term_order",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(branch__isnull=True),
                name="office_one_body",
            ),
            # A branch chair chairs a branch; no other office is held on a branch here.
            models.CheckConstraint(
                condition=(
                    Q(kind="branch_chair", branch__isnull=False)
                    | (~Q(kind="branch_chair") & Q(branch__isnull=True))
                ),
                name="office_branch_chair_has_branch",
            ),
            # One open-ended holder of a single-holder office per body (the service also refuses
            # overlapping dated terms).
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(
                    ends_on__isnull=True,
                    organization__isnull=True,
                    branch__isnull=True,
                    kind__in=[
                        "president",
                        "secretary_general",
                        "executive_director",
                        "treasurer",
                        "media_officer",
                    ],
                ),
                name="office_one_open_federation_holder",
            ),
            models.UniqueConstraint(
                fields=["kind", "organization"],
                condition=Q(
                    ends_on__isnull=True,
                    organization__isnull=False,
                    kind__in=[
                        "president",
                        "secretary_general",
                        "executive_director",
                        "treasurer",
                        "media_officer",
                    ],
                ),
                name="office_one_open_organization_holder",
            ),
            models.UniqueConstraint(
                fields=["branch"],
                condition=Q(ends_on__isnull=True, kind="branch_chair"),
                name="office_one_open_branch_chair",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.label}"

    @property
    def label(self):
        """The office's name as shown: its own title when it has one."""
        return self.title or self.get_kind_display()

    @property
    def body(self):
        """The organization or branch the office belongs to; None for the federation."""
        return self.organization or self.branch

    def is_current(self, on: datetime.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class Invitation(models.Model):
    """A coordinator's invitation to a colleague to join the organization's account.

    The link carries a secret token; only its SHA-256 is stored. An invitation is used once
    and expires.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=16, choices=Affiliation.Role.choices, default=Affiliation.Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["coordinator", "member"]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organization}"
