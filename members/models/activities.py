"""Who does what where: an organization's activities in a sector and a place for a period.

A Place is a country's first-level division (governorate, state, province), keyed by its ISO
3166-2 code ("SY-HL"); the rows come from members/data/places.json (members.places_data) after
every migrate and flush, so the demo and the tests have them without a network.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Left
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from ..collation import LocalizedCountries
from .core import Organization, Sector


class ActivityQuerySet(models.QuerySet):
    def during(self, start, end):
        """Activities going on at some day between `start` and `end` (both included)."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=start), start__lte=end)

    def visible_to(self, user):
        """Those of the organizations the directory shows `user`."""
        return self.filter(organization__in=Organization.objects.visible_to(user))


class Place(models.Model):
    """A first-level division of a country; `name` is translated (name_ar, name_en)."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=6, primary_key=True)
    country = CountryField(_("country"), countries=LocalizedCountries, db_index=True)
    name = models.CharField(pgettext_lazy("place", "name"), max_length=120)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country", "code"]
        constraints = [
            # The code begins with its country's: "SY-HL" is in SY.
            models.CheckConstraint(
                condition=Exact(Left("code", 2), F("country")), name="place_code_in_country"
            )
        ]

    def __str__(self):
        return self.name or self.code


class Activity(models.Model):
    """What an organization does (a sector), where (a place), when (a period)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="activities"
    )
    country = CountryField(_("country"), countries=LocalizedCountries)
    place = models.ForeignKey(
        Place,
        verbose_name=pgettext_lazy("activity", "place"),
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("The governorate, state or province."),
    )
    start = models.DateField(pgettext_lazy("period", "from"))
    end = models.DateField(
        pgettext_lazy("period", "until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the activity goes on."),
    )
    reached = models.PositiveIntegerField(
        _("beneficiaries reached"), null=True, blank=True, help_text=_("Leave empty if unknown.")
    )
    description = models.CharField(_("short description"), max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start", "pk"]
        indexes = [models.Index(fields=["sector", "place", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="activity_end_after_start",
            ),
            # The place is in the chosen country (a place's code begins with its country's).
            models.CheckConstraint(
                condition=Exact(Left("place", 2), F("country")), name="activity_place_in_country"
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.sector} — {self.place}"
