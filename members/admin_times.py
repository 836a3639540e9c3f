"""Times in the admin, in the zone they happened in, and saying which.

The server keeps UTC. A convening's times (and those of its registrations, attendance, motions
and ballots) are shown in its venue's zone; everything else in the federation's. Lists and
read-only fields show each time with its zone's name, so "14:00" is never left to guess; the
forms already take the venue's times in the venue's zone (events.forms.VenueTimeFormMixin).
"""

import zoneinfo

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import clock


def timezone_choices() -> list[tuple[str, str]]:
    """Every zone the server knows (the validator's list), by name."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class TimeZoneChoiceField(forms.ChoiceField):
    """The time zone as a choice among the known ones, not typed by hand."""

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=timezone_choices, **kwargs)


def shown_in_zone(value, zone: zoneinfo.ZoneInfo):
    """`value` on the clock of `zone`, followed by the zone's name; "—" when empty."""
    if value is None:
        return "—"
    local = timezone.localtime(value, zone)
    return format_html(
        '{} <span class="zone" dir="ltr">({})</span>',
        date_format(local, "DATETIME_FORMAT"),
        zone.key,
    )


def zone_of(obj, path: str | None) -> zoneinfo.ZoneInfo:
    """The zone of `obj`'s times: the convening reached by `path` ("convening",
    "motion.convening", "" for the object itself), else the federation's."""
    if obj is not None and path is not None:
        target = obj
        for step in [part for part in path.split(".") if part]:
            target = getattr(target, step, None)
            if target is None:
                break
        zone = getattr(target, "tz", None)
        if isinstance(zone, zoneinfo.ZoneInfo):
            return zone
    return clock.federation_zone()


class ZonedTimesMixin:
    """For a ModelAdmin or an inline: its date-time columns and read-only fields in the zone of
    `venue_zone_path` (see zone_of; None: the federation's), labelled with the zone."""

    venue_zone_path: str | None = None

    def _datetime_names(self) -> set[str]:
        return {
            field.name
            for field in self.model._meta.get_fields()
            if isinstance(field, models.DateTimeField)
        }

    def _zoned(self, name: str) -> str:
        zoned = f"{name}__zoned"
        if not hasattr(self, zoned):
            field = self.model._meta.get_field(name)
            path = self.venue_zone_path

            @admin.display(description=field.verbose_name, ordering=name)
            def show(obj, name=name, path=path):
                return shown_in_zone(getattr(obj, name), zone_of(obj, path))

            setattr(self, zoned, show)
        return zoned

    def _swap(self, names, readonly) -> list:
        datetimes = self._datetime_names()
        return [
            self._zoned(name)
            if isinstance(name, str) and name in datetimes and name in readonly
            else name
            for name in names
        ]

    def get_list_display(self, request):
        names = list(super().get_list_display(request))
        return self._swap(names, set(names))

    def get_readonly_fields(self, request, obj=None):
        return self._swap(list(super().get_readonly_fields(request, obj)), self._datetime_names())

    def get_fields(self, request, obj=None):
        readonly = set(super().get_readonly_fields(request, obj))
        return self._swap(list(super().get_fields(request, obj)), readonly)

    def get_fieldsets(self, request, obj=None):
        readonly = set(super().get_readonly_fields(request, obj))
        return [
            (name, {**options, "fields": self._swap_nested(options["fields"], readonly)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def _swap_nested(self, fields, readonly):
        return [
            tuple(self._swap(list(item), readonly)) if isinstance(item, list | tuple) else item
            for item in self._swap(list(fields), readonly)
        ]


VENUE_TIME_HELP = _("In the venue's time zone (the “time zone” field).")


def venue_time_help(form_class: type[forms.ModelForm], names) -> type[forms.ModelForm]:
    """Say on each venue-time field that it is typed in the venue's zone."""
    for name in names:
        field = form_class.base_fields.get(name)
        if field is not None and VENUE_TIME_HELP not in str(field.help_text or ""):
            field.help_text = VENUE_TIME_HELP
    return form_class
