"""The secretariat's dashboard: what is waiting for the secretariat, in one page.

Each section is read here from the apps' own querysets (members, events, outcomes: federation
is the one place that may import them all) and returned as a Section: how many there are, the
first few rows, and where the full list lives. Every section costs two queries (its count and
its rows), whatever the number of rows, so the page costs the same for one row as for many.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from events.models import Channel, Convening
from members import clock
from members.models import Message, Organization
from outcomes.models import Committee, Motion, Recommendation

ROWS = 10  # rows shown per section; the full list is one link away


@dataclass
class Section:
    count: int
    rows: list
    url: str  # the full list, filtered to what the section counts

    @property
    def more(self):
        return self.count > len(self.rows)


def _url(name, **query):
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def _section(queryset, url, rows=ROWS):
    return Section(count=queryset.order_by().count(), rows=list(queryset[:rows]), url=url)


def pending_applications():
    """Organizations that applied and wait for a decision, the longest waiting first."""
    applicants = Organization.objects.filter(status=Organization.Status.APPLICANT).order_by(
        "status_changed_at", "pk"
    )
    return _section(
        applicants,
        _url("admin:members_organization_changelist", status__exact=Organization.Status.APPLICANT),
    )


def upcoming_registrations(now=None):
    """Planned convenings not yet over, soonest first, with registrations per channel."""
    convenings = (
        Convening.objects.upcoming(now)
        .filter(status=Convening.Status.PLANNED)
        .annotate(
            registered_room=Count("registrations", filter=Q(registrations__channel=Channel.ROOM)),
            registered_online=Count(
                "registrations", filter=Q(registrations__channel=Channel.ONLINE)
            ),
        )
        .order_by("starts_at", "pk")
    )
    section = _section(
        convenings,
        _url("admin:events_convening_changelist", status__exact=Convening.Status.PLANNED),
    )
    now = now or timezone.now()
    registrations = reverse("admin:events_registration_changelist")
    for convening in section.rows:
        registered = {
            Channel.ROOM: convening.registered_room,
            Channel.ONLINE: convening.registered_online,
        }
        # Only the channels the convening has; capacity None means no limit.
        convening.channel_counts = [
            {
                "label": channel.label,
                "registered": registered[channel],
                "capacity": convening.capacity(channel),
                "full": convening.capacity(channel) is not None
                and registered[channel] >= convening.capacity(channel),
            }
            for channel in convening.channels()
        ]
        convening.registration_open = convening.registration_is_open(now)
        convening.registrations_url = (
            f"{registrations}?{urlencode({'convening__id__exact': convening.pk})}"
        )
    return section


def open_votes():
    """Motions whose vote is open, the longest open first."""
    motions = (
        Motion.objects.filter(status=Motion.Status.OPEN)
        .select_related("convening")
        .order_by("opened_at", "pk")
    )
    return _section(
        motions, _url("admin:outcomes_motion_changelist", status__exact=Motion.Status.OPEN)
    )


def _with_days_late(section, today):
    for recommendation in section.rows:
        recommendation.days_overdue = (
            (today - recommendation.due_date).days if recommendation.due_date else None
        )
    return section


def overdue_recommendations(today: datetime.date):
    """Open recommendations past their due date, the longest overdue first."""
    overdue = (
        Recommendation.objects.overdue(today)
        .for_listing()
        .with_owner_flag()
        .order_by("due_date", "convening__starts_at", "number", "pk")
    )
    section = _section(overdue, _url("outcomes:recommendation_list", overdue="1"))
    return _with_days_late(section, today)


def unowned_recommendations(today: datetime.date):
    """Open recommendations that nobody but the secretariat can report on."""
    unowned = (
        Recommendation.objects.unowned()
        .for_listing()
        .order_by("convening__starts_at", "number", "pk")
    )
    section = _section(unowned, _url("outcomes:recommendation_list", unowned="1"))
    for recommendation in section.rows:
        recommendation.late = (
            recommendation.due_date is not None and recommendation.due_date < today
        )
    return section


def committees_without_owner():
    """Active committees with no current member or no current chair."""
    committees = Committee.objects.without_owner().select_related("convening").order_by("slug")
    return _section(committees, reverse("outcomes:committee_list"))


def failed_emails():
    """E-mails the outbox gave up on, the latest first."""
    failed = Message.objects.filter(status=Message.Status.FAILED).order_by("-created_at", "-pk")
    return _section(
        failed, _url("admin:members_message_changelist", status__exact=Message.Status.FAILED)
    )


def presence_alerts(today):
    """Sectors and places where more organizations than the threshold work today (one query):
    the presence page lists them, with a link to convene them."""
    from members import presence

    return Section(
        count=presence.duplication_count(None, today, everyone=True),
        rows=[],
        url=reverse("members:presence") + "#duplications",
    )


def sections():
    """Every section of the dashboard, by name, in the order the page shows them."""
    today = clock.federation_today()
    return {
        "applications": pending_applications(),
        "registrations": upcoming_registrations(),
        "votes": open_votes(),
        "overdue": overdue_recommendations(today),
        "unowned": unowned_recommendations(today),
        "committees": committees_without_owner(),
        "emails": failed_emails(),
        "presence": presence_alerts(today),
    }
