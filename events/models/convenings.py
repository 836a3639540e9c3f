"""Convenings: general assemblies, forums and meetings, in the room, online or both."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.collation import LocalizedCountries
from members.models import Branch, Organization, Person, validate_timezone

from ..files import validate_pdf
from ..querysets import ConveningQuerySet


class Channel(models.TextChoices):
    ROOM = "room", _("In the room")
    ONLINE = "online", _("Online")


class Convening(models.Model):
    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
        FORUM = "forum", _("Coordination forum")
        CONSULTATION = "consultation", _("Consultative meeting")
        WORKSHOP = "workshop", _("Workshop or training")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Istanbul",
        validators=[validate_timezone],
        help_text=_("The venue's time zone; times are entered and shown in it."),
    )
    date_is_approximate = models.BooleanField(
        _("date is approximate"),
        default=False,
        help_text=_("The sources do not give the exact date."),
    )
    # starts_at and ends_at stay required (ordering, calendars, "past or planned"): when the
    # sources give no date at all they hold a placeholder that pages never show.
    date_not_stated = models.BooleanField(
        _("date not stated"),
        default=False,
        help_text=_(
            "The sources give no date: pages say so, and the stored date only places the "
            "convening in lists."
        ),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_city = models.CharField(_("city"), max_length=120, blank=True)
    venue_country = CountryField(_("country"), blank=True, countries=LocalizedCountries)
    place_not_stated = models.BooleanField(
        _("place not stated"),
        default=False,
        help_text=_("The sources do not say where it was held: the venue may stay empty."),
    )
    online_platform = models.CharField(_("online platform"), max_length=80, blank=True)
    join_url = models.URLField(_("join link"), blank=True)
    organizer_branch = models.ForeignKey(
        Branch,
        verbose_name=_("organizing branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convenings",
    )
    organizer_organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizing organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organized_convenings",
        help_text=_("Leave both organizer fields empty when the federation itself organizes."),
    )
    slogan = models.CharField(_("slogan"), max_length=250, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # Indexed (as every file field): federation.views_media finds a file's record by its name.
    cover = models.ImageField(
        _("cover image"), upload_to="convenings/covers/", blank=True, db_index=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    capacity_room = models.PositiveIntegerField(
        _("capacity in the room"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    capacity_online = models.PositiveIntegerField(
        _("capacity online"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    reported_room = models.PositiveIntegerField(
        _("reported attendance in the room"),
        null=True,
        blank=True,
        help_text=_("When only totals are known, not the list of organizations."),
    )
    reported_online = models.PositiveIntegerField(
        _("reported attendance online"), null=True, blank=True
    )
    tellers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tellers"),
        blank=True,
        related_name="teller_for",
        help_text=_(
            "Members of the teller role who record attendance and room ballots at this convening."
        ),
    )
    # Organizations asked to come, e.g. those the presence page found doing the same work in
    # the same place (members.presence): the secretariat's list, apart from registrations.
    invited = models.ManyToManyField(
        Organization,
        verbose_name=_("invited organizations"),
        blank=True,
        related_name="invited_to",
    )
    reported_at_least = models.BooleanField(
        _("reported counts are minimums"), default=False, help_text=_("As in “40+ associations”.")
    )
    reported_in_words = models.CharField(
        _("reported attendance, in words"),
        max_length=200,
        blank=True,
        help_text=_(
            "When the sources give no figure, their words, as in “dozens of participants”."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConveningQuerySet.as_manager()

    class Meta:
        verbose_name = _("convening")
        verbose_name_plural = _("convenings")
        # Reports list convenings' outcomes in the order the convenings were held.
        indexes = [models.Index(fields=["starts_at", "id"], name="convening_start_order")]
        permissions = [
            (
                "act_as_teller",
                _("Records attendance and room ballots at the convenings they are teller for"),
            )
        ]
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="convening_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("ends_at")),
                name="convening_registration_closes_by_its_end",
            ),
            models.CheckConstraint(
                condition=Q(format="in_person") | ~Q(join_url=""),
                name="convening_online_has_join_link",
            ),
            models.CheckConstraint(
                condition=Q(format="online") | ~Q(venue_name="") | Q(place_not_stated=True),
                name="convening_in_person_has_venue_or_unstated",
            ),
            models.CheckConstraint(
                condition=Q(organizer_branch__isnull=True) | Q(organizer_organization__isnull=True),
                name="convening_one_organizer",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:convening_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The convening cannot end before it starts.")
        if (
            self.registration_deadline
            and self.ends_at
            and self.registration_deadline > self.ends_at
        ):
            errors["registration_deadline"] = _(
                "Registration cannot close after the convening has ended."
            )
        if self.format != self.Format.IN_PERSON and not self.join_url:
            errors["join_url"] = _("An online or hybrid convening needs a join link.")
        if self.format != self.Format.ONLINE and not (self.venue_name or self.place_not_stated):
            errors["venue_name"] = _("An in-person or hybrid convening needs a venue.")
        if self.organizer_branch_id and self.organizer_organization_id:
            errors["organizer_organization"] = _(
                "Choose a branch or an organization as organizer, not both."
            )
        if errors:
            raise ValidationError(errors)

    # -- time ------------------------------------------------------------------------------

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tz)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    # -- channels and registration -----------------------------------------------------------

    @property
    def has_room(self):
        return self.format != self.Format.ONLINE

    @property
    def has_online(self):
        return self.format != self.Format.IN_PERSON

    def channels(self):
        return [
            c
            for c in Channel
            if (c == Channel.ROOM and self.has_room) or (c == Channel.ONLINE and self.has_online)
        ]

    def capacity(self, channel):
        return self.capacity_room if channel == Channel.ROOM else self.capacity_online

    def registration_closes_at(self):
        return self.registration_deadline or self.starts_at

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.PLANNED and now < self.registration_closes_at()

    @property
    def organizer_name(self):
        organizer = self.organizer_organization or self.organizer_branch
        return str(organizer) if organizer else None


class ConveningPartner(models.Model):
    """An organization, member or not, that co-organized or supported a convening."""

    class Role(models.TextChoices):
        CO_ORGANIZER = "co_organizer", _("Co-organizer")
        PARTNER = "partner", _("Partner")

    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="convening_partnerships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("co-organizer or partner")
        verbose_name_plural = _("co-organizers and partners")
        constraints = [
            models.UniqueConstraint(fields=["convening", "organization"], name="one_partnership")
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class AgendaItem(models.Model):
    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    topics = models.TextField(_("topics"), blank=True)
    speakers = models.ManyToManyField(
        Person,
        verbose_name=_("speakers and facilitators"),
        blank=True,
        related_name="agenda_items",
    )
    facilitators = models.CharField(
        _("guests"),
        max_length=300,
        blank=True,
        help_text=_("Speakers or facilitators who are not recorded as people, by name."),
    )

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda")
        ordering = ["position", "starts_at", "pk"]

    def __str__(self):
        return self.title


class ConveningPhoto(models.Model):
    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="convenings/photos/", db_index=True)
    caption = models.CharField(
        _("caption"), max_length=250, help_text=_("Also read out to people who cannot see it.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption


class ConveningDocument(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")
        OTHER = "other", _("Other document")

    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(
        _("PDF file"),
        upload_to="convenings/documents/",
        validators=[validate_pdf],
        db_index=True,
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.title
