"""Members: the federation, its accounts, organizations, sectors and branches."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from .. import roles, search
from ..collation import LocalizedCountries
from ..querysets import BoardSeatQuerySet, OrganizationQuerySet


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account; logs in by e-mail. Organizations are reached through `affiliations`."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ar",
        help_text=_("E-mails from the portal are written in this language."),
    )
    # Kinds of notification this user turned off under My account (members.notify.KINDS).
    muted_notifications = models.JSONField(_("muted notifications"), default=list, blank=True)
    # The secret part of the personal calendar feed's URL; resetting it kills the old URL.
    feed_token = models.CharField(
        _("calendar feed token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name or self.email


class Federation(models.Model):
    """The one federation this deployment serves (a single row, enforced by a constraint)."""

    singleton = models.BooleanField(default=True, editable=False, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    short_description = models.TextField(_("short description"), blank=True)
    # Indexed: federation.views_media finds the record by the file's name to serve it.
    logo = models.ImageField(_("logo"), upload_to="federation/", blank=True, db_index=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Istanbul", validators=[validate_timezone]
    )

    class Meta:
        verbose_name = _("federation")
        verbose_name_plural = _("federation")
        # Roles are groups holding these (members.roles); the admin superuser holds them all.
        permissions = [("act_for_secretariat", _("Acts for the general secretariat"))]
        constraints = [models.CheckConstraint(condition=Q(singleton=True), name="one_federation")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .. import clock  # the clock reads this row; it must not keep an old zone

        clock.remember(self.timezone)

    @classmethod
    def load(cls):
        """The federation row (remembered between requests while it does not change), or an
        unsaved placeholder before the secretariat creates it."""
        from .. import memo

        stored = memo.remembered("federation", ("members",), cls.objects.first)
        return stored or cls(name=_("Tansiq"), short_name=_("Tansiq"))


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class Branch(models.Model):
    """A branch of the federation in one or more countries, run by a board of member orgs."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    countries = CountryField(
        _("countries covered"), multiple=True, blank=True, countries=LocalizedCountries
    )
    seat_city = models.CharField(_("seat city"), max_length=120, blank=True)
    founded_on = models.DateField(_("date founded"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:branch_detail", kwargs={"slug": self.slug})


class Organization(models.Model):
    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        REGISTERED = "registered", _("Registered")
        ACTIVE = "active", _("Active member")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", pgettext_lazy("organization status", "Withdrawn")
        PARTNER = "partner", _("Partner (non-member)")

    # The membership life cycle, in one place; MembershipChange's constraint mirrors it.
    TRANSITIONS = {
        Status.APPLICANT: {Status.REGISTERED, Status.WITHDRAWN},
        Status.REGISTERED: {Status.ACTIVE, Status.SUSPENDED, Status.WITHDRAWN},
        Status.ACTIVE: {Status.REGISTERED, Status.SUSPENDED, Status.WITHDRAWN},
        Status.SUSPENDED: {Status.REGISTERED, Status.ACTIVE, Status.WITHDRAWN},
        Status.WITHDRAWN: {Status.APPLICANT},
        Status.PARTNER: {Status.APPLICANT},
    }
    # The status sets every rule reads; nowhere else are they spelled out.
    MEMBER_STATUSES = (Status.REGISTERED, Status.ACTIVE)  # "registered or active": members
    VOTING_STATUSES = (Status.ACTIVE,)  # "may vote": only active members vote
    # May not register for convenings (partners may, to take part as guests).
    REGISTRATION_BARRED_STATUSES = (Status.APPLICANT, Status.SUSPENDED, Status.WITHDRAWN)

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    # Indexed: federation.views_media finds the record by the file's name to serve it.
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, db_index=True)
    description = models.TextField(_("description"), blank=True)
    country = CountryField(_("headquarters country"), blank=True, countries=LocalizedCountries)
    city = models.CharField(_("headquarters city"), max_length=120, blank=True)
    countries_of_work = CountryField(
        _("countries of work"), multiple=True, blank=True, countries=LocalizedCountries
    )
    areas_of_work = models.CharField(
        _("areas of work"), max_length=300, blank=True, help_text=_("Cities, regions, camps…")
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    registration_number = models.CharField(
        _("registration or licence number"), max_length=80, blank=True
    )
    registration_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    status = models.CharField(
        _("membership status"), max_length=16, choices=Status.choices, default=Status.APPLICANT
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "applicant",
                        "registered",
                        "active",
                        "suspended",
                        "withdrawn",
                        "partner",
                    ]
                ),
                name="organization_status_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The search column follows the names and texts it is made of on every save.
        self.search_text = search.document(
            self.name_ar,
            self.name_en,
            self.acronym,
            self.city_ar,
            self.city_en,
            self.areas_of_work_ar,
            self.areas_of_work_en,
            self.description_ar,
            self.description_en,
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:organization_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not (self.name_ar or self.name_en):
            raise ValidationError(
                {"name_ar": _("Give the organization's name in Arabic or in English.")}
            )

    @property
    def is_member(self) -> bool:
        return self.status in self.MEMBER_STATUSES

    @property
    def may_vote(self) -> bool:
        return self.status in self.VOTING_STATUSES

    @property
    def may_register(self) -> bool:
        return self.status not in self.REGISTRATION_BARRED_STATUSES

    def can_move_to(self, status):
        return status in self.TRANSITIONS.get(self.status, set())

    def can_edit(self, user) -> bool:
        """The secretariat and the organization's coordinators. One query at most."""
        return roles.may_act_for(user, self)


def _transition_condition():
    allowed = Q(from_status="")  # the first record, when the organization is created
    for source, targets in Organization.TRANSITIONS.items():
        allowed |= Q(from_status=source, to_status__in=sorted(targets))
    return allowed


class MembershipChange(models.Model):
    """One step of an organization's membership history: who moved it, from what, to what."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=Organization.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Organization.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership history")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_transition_condition(), name="membership_change_valid_transition"
            )
        ]

    def __str__(self):
        return f"{self.organization}: {self.from_status or '∅'} → {self.to_status}"


class Affiliation(models.Model):
    """A user's link to an organization. Coordinators keep its profile and act for it."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Staff member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_affiliation"),
        ]

    def __str__(self):
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


class BoardSeat(models.Model):
    """A member organization's seat on a branch board for a term."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Board member")

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="board_seats"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="board_seats",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    objects = BoardSeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("board seat")
        verbose_name_plural = _("board")
        ordering = ["role", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="board_seat_term_order",
            ),
            models.UniqueConstraint(
                fields=["branch"],
                condition=Q(role="chair", term_end__isnull=True),
                name="one_open_chair_per_branch",
            ),
            # One seat per organization on a board (clean() also refuses overlapping terms).
            models.UniqueConstraint(
                fields=["branch", "organization"],
                condition=Q(term_end__isnull=True),
                name="one_open_seat_per_organization",
            ),
        ]

    def __str__(self):
        return f"{self.branch}: {self.organization} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
        if self.organization_id and not self.organization.is_member:
            raise ValidationError(
                {"organization": _("Only registered or active member organizations sit on boards.")}
            )
        if (
            self.role == self.Role.CHAIR
            and self.organization_id
            and self.branch_id
            and self.organization.branch_id != self.branch_id
        ):
            # The chair represents the branch on the general secretariat.
            raise ValidationError(
                {
                    "organization": _(
                        "A branch is chaired by one of its own member organizations; "
                        "%(organization)s belongs to another branch or to none."
                    )
                    % {"organization": self.organization}
                }
            )
        if self.organization_id and self.branch_id and self.term_start:
            twice = (
                BoardSeat.objects.filter(
                    branch_id=self.branch_id, organization_id=self.organization_id
                )
                .overlapping(self.term_start, self.term_end)
                .exclude(pk=self.pk)
            )
            if twice.exists():
                raise ValidationError(
                    {
                        "organization": _(
                            "%(organization)s already has a seat on this board for that term."
                        )
                        % {"organization": self.organization}
                    }
                )
        if self.role == self.Role.CHAIR and self.branch_id and self.term_start:
            overlapping = (
                BoardSeat.objects.filter(branch_id=self.branch_id, role=self.Role.CHAIR)
                .overlapping(self.term_start, self.term_end)
                .exclude(pk=self.pk)
            )
            if overlapping.exists():
                raise ValidationError(_("This branch already has a chair for that term."))
