"""Convening reminders: two days before, the coordinators of registered organizations get the
time (in the venue's time zone), the place or the join link, and the agenda.

Run hourly by beat (events.send_convening_reminders). A run only queues what is due for its
day, and the outbox's rows are unique per convening and recipient, so later runs that day (or
two beat processes) add nothing.
"""

import datetime
from collections import namedtuple

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation

from members import clock, mail, notify
from members.models import Affiliation, Message, Person

from .models import AgendaItem, Convening, Registration
from .notifications import convening_details

KIND = "convening_reminder"
DAYS_BEFORE = 2

Reminder = namedtuple("Reminder", ["convening", "user", "message"])
Reminder.__doc__ = "One reminder: `message` is the queued row, None in a dry run."


def message_key(convening):
    return f"convening-{convening.pk}"


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
    """Registrations, their organizations and active coordinators, and the agenda with its
    speakers: a fixed number of queries for all the convenings, however many registrations,
    sessions and speakers they have."""
    coordinators = Affiliation.objects.filter(
        role=Affiliation.Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    registrations = Registration.objects.select_related("organization").prefetch_related(
        Prefetch("organization__affiliations", queryset=coordinators, to_attr="coordinators")
    )
    agenda = AgendaItem.objects.prefetch_related(
        Prefetch("speakers", queryset=Person.objects.select_related("organization"))
    )
    prefetch_related_objects(
        convenings,
        Prefetch("agenda", queryset=agenda),
        Prefetch("registrations", queryset=registrations),
    )


def send_convening_reminders(*, today=None, dry_run=False, stdout=None):
    """Queue the reminders for convenings starting the day after tomorrow (venue-local date),
    `today` being the federation's date unless given. Returns the Reminders queued, or in a dry
    run those that would be; reminders already in the outbox are left out of both."""
    today = today or clock.federation_today()
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
                if (key, user.pk) in already or not user.email or not notify.wants(user, KIND):
                    continue
                recipients.setdefault(user.pk, (user, []))[1].append(registration)

        details = {}
        for user, registrations in recipients.values():
            language = user.preferred_language or settings.LANGUAGE_CODE
            if language not in details:
                with translation.override(language):
                    details[language] = convening_details(convening)
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
