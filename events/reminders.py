"""Convening reminders: two days before, the coordinators of registered organizations get the
time (in the venue's time zone), the place or the join link, and the agenda.

Run hourly by beat (events.send_convening_reminders). A run only queues what is due for its
day, and the outbox's rows are unique per convening and recipient, so later runs that day (or
two beat processes) add nothing.
"""

import datetime
import zoneinfo
from collections import namedtuple

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import formats, timezone, translation

from members import mail
from members.models import Affiliation, Federation, Message

from .models import Convening, Registration

KIND = "convening_reminder"
DAYS_BEFORE = 2

Reminder = namedtuple("Reminder", ["convening", "user", "message"])
Reminder.__doc__ = "One reminder: `message` is the queued row, None in a dry run."


def message_key(convening):
    return f"convening-{convening.pk}"


def federation_today():
    """Today's date where the federation is (its secretariat's day, not the server's)."""
    try:
        tz = zoneinfo.ZoneInfo(Federation.load().timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = datetime.UTC
    return timezone.localtime(timezone.now(), tz).date()


def due_convenings(day):
    """Planned convenings whose start, in their own venue's time zone, falls on `day`."""
    # Venue offsets lie between UTC-12 and UTC+14: a window a day wider on each side catches
    # every candidate; the exact local date is then checked per convening.
    midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    candidates = Convening.objects.filter(
        status=Convening.Status.PLANNED,
        starts_at__gte=midnight - datetime.timedelta(days=1),
        starts_at__lt=midnight + datetime.timedelta(days=2),
    ).order_by("starts_at", "pk")
    return [convening for convening in candidates if convening.local_start.date() == day]


def _load_recipients(convenings):
    """Registrations, their organizations and active coordinators, and the agenda: four queries
    for all the convenings, however many registrations they have."""
    coordinators = Affiliation.objects.filter(
        role=Affiliation.Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    registrations = Registration.objects.select_related("organization").prefetch_related(
        Prefetch("organization__affiliations", queryset=coordinators, to_attr="coordinators")
    )
    prefetch_related_objects(
        convenings, "agenda", Prefetch("registrations", queryset=registrations)
    )


def _utc_offset(moment):
    offset = moment.strftime("%z")  # "+0300"
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def _comma():
    return "، " if translation.get_language_bidi() else ", "


def _long_date(moment):
    """ "Wednesday, 12 June 2030" in the active language (the weekday helps across zones)."""
    return formats.date_format(moment, "l") + _comma() + formats.date_format(moment, "DATE_FORMAT")


def _when(start, end):
    """ "Wednesday, 12 June 2030, 10:00 – 16:00", with the end's date when it is another day."""
    until = formats.time_format(end, "H:i")
    if end.date() != start.date():
        until = _long_date(end) + _comma() + until
    return f"{_long_date(start)}{_comma()}{formats.time_format(start, 'H:i')} – {until}"


def _details(convening, language):
    """What the e-mail says about the convening, formatted in `language` and the venue's zone."""
    with translation.override(language):
        start, end = convening.local_start, convening.local_end
        place = []
        if convening.has_room:
            place = [
                part
                for part in (
                    convening.venue_name,
                    convening.venue_city,
                    convening.venue_country.name if convening.venue_country else "",
                )
                if part
            ]
        agenda = [
            {
                "time": (
                    formats.time_format(timezone.localtime(item.starts_at, convening.tz), "H:i")
                    if item.starts_at
                    else ""
                ),
                "title": item.title,
                "topics": item.topics,
                "facilitators": item.facilitators,
            }
            for item in convening.agenda.all()
        ]
        return {
            "starts_date": _long_date(start),
            "when": _when(start, end),
            "timezone_name": convening.timezone,
            "utc_offset": _utc_offset(start),
            "place": _comma().join(str(part) for part in place),
            "join_url": convening.join_url if convening.has_online else "",
            "online_platform": convening.online_platform if convening.has_online else "",
            "agenda": agenda,
            "url": mail.absolute(
                reverse("events:convening_detail", kwargs={"slug": convening.slug})
            ),
        }


def send_convening_reminders(*, today=None, dry_run=False, stdout=None):
    """Queue the reminders for convenings starting the day after tomorrow (venue-local date),
    `today` being the federation's date unless given. Returns the Reminders queued, or in a dry
    run those that would be; reminders already in the outbox are left out of both."""
    today = today or federation_today()
    convenings = due_convenings(today + datetime.timedelta(days=DAYS_BEFORE))
    if not convenings:
        return []
    _load_recipients(convenings)
    already = set(
        Message.objects.filter(
            kind=KIND, key__in=[message_key(convening) for convening in convenings]
        ).values_list("key", "recipient_id")
    )

    reminders = []
    for convening in convenings:
        key = message_key(convening)
        # A user who coordinates several registered organizations gets one e-mail listing them.
        recipients = {}
        for registration in convening.registrations.all():
            for affiliation in registration.organization.coordinators:
                user = affiliation.user
                if (key, user.pk) in already or not user.email:
                    continue
                recipients.setdefault(user.pk, (user, []))[1].append(registration)

        details = {}
        for user, registrations in recipients.values():
            language = user.preferred_language or settings.LANGUAGE_CODE
            if language not in details:
                details[language] = _details(convening, language)
            message = None
            if not dry_run:
                message = mail.queue(
                    user=user,
                    kind=KIND,
                    key=key,
                    template="convening_reminder",
                    context={
                        **details[language],
                        "convening": convening,
                        "registrations": registrations,
                    },
                )
                if message is None:  # queued meanwhile by another run
                    continue
            reminders.append(Reminder(convening, user, message))
            if stdout is not None:
                prefix = "would remind" if dry_run else "reminded"
                stdout.write(f"{prefix} {user.email} of {convening.slug}\n")
    return reminders
