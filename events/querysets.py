from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone

from members import roles
from members.models import Organization


class ConveningQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members-only convenings: for users of member organizations, the secretariat, and the
        tellers named for them (who must open the page, the live panel and the check-in)."""
        if roles.is_secretariat(user):
            return self.all()
        visible = Q(visibility="public")
        if user.is_authenticated:
            member_of = user.affiliations.filter(
                organization__status__in=Organization.MEMBER_STATUSES
            )
            if member_of.exists():
                visible |= Q(visibility="members")
            else:
                visible |= Q(pk__in=user.teller_for.values("pk"))
        return self.filter(visible)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).exclude(status="cancelled")

    def listing_order(self, now=None):
        """Upcoming first (soonest first), then past ones (latest first)."""
        now = now or timezone.now()
        return self.annotate(
            is_over=Case(When(ends_at__lt=now, then=Value(1)), default=Value(0)),
            upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at")), default=None),
        ).order_by("is_over", "upcoming_start", "-starts_at", "pk")

    def with_attendance_counts(self):
        """Listed attendance per channel, as annotations read by attendance_breakdown(): member
        organizations per channel, and the others (partners, suspended…) apart."""
        member = Q(attendances__organization__status__in=Organization.MEMBER_STATUSES)
        return self.annotate(
            listed_room=Count("attendances", filter=member & Q(attendances__channel="room")),
            listed_online=Count("attendances", filter=member & Q(attendances__channel="online")),
            listed_others=Count("attendances", filter=~member & Q(attendances__isnull=False)),
        )

    def for_listing(self):
        return self.select_related("organizer_branch", "organizer_organization")


def attach_attendance_counts(convenings):
    """Set `listed_room`, `listed_online` and `listed_others` (read by attendance_breakdown) on
    a page of convenings: one grouped query for the page, not a count per convening.
    Returns the convenings as a list."""
    from .models import Attendance  # models import this module

    convenings = list(convenings)
    counts = {}
    for row in (
        Attendance.objects.filter(convening__in=[c.pk for c in convenings])
        .order_by()  # the default ordering would split the groups
        .values("convening_id", "channel", "organization__status")
        .annotate(n=Count("pk"))
    ):
        member = row["organization__status"] in Organization.MEMBER_STATUSES
        key = (row["convening_id"], row["channel"] if member else "others")
        counts[key] = counts.get(key, 0) + row["n"]
    for convening in convenings:
        convening.listed_room = counts.get((convening.pk, "room"), 0)
        convening.listed_online = counts.get((convening.pk, "online"), 0)
        convening.listed_others = counts.get((convening.pk, "others"), 0)
    return convenings
