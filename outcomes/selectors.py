"""Reads that pages share: the counts above a list of recommendations.

The tracker and the follow-up report show the same counts for the same filters because both
ask this function, on the same filtered queryset."""

from django.db.models import Count, Q, QuerySet

from members import clock

from .models import Ballot, Motion, Recommendation
from .querysets import OPEN_STATUSES


def recommendation_summary(recommendations: QuerySet) -> dict:
    """How many recommendations there are, how many in each status, how many are overdue and
    how many are open with nobody but the secretariat able to report on them: one query
    (and the clock's, at most once a minute)."""
    open_ = Q(status__in=OPEN_STATUSES)
    counts = recommendations.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=open_ & Q(due_date__lt=clock.federation_today())),
        unowned=Count("pk", filter=open_ & ~Recommendation.objects.owner_condition()),
        **{value: Count("pk", filter=Q(status=value)) for value in Recommendation.Status.values},
    )
    return {
        "total": counts["total"],
        "statuses": [
            {"value": value, "label": label, "count": counts[value]}
            for value, label in Recommendation.Status.choices
        ],
        "overdue": counts["overdue"],
        "unowned": counts["unowned"],
    }


def roll_calls(motions) -> dict[int, list[Ballot]]:
    """{motion id: [ballot]} for the closed named motions among `motions`, in one query: the
    roll call is published with the result, by organization, with any proxy."""
    ids = [m.pk for m in motions if m.status == Motion.Status.CLOSED and not m.is_secret]
    calls = {}
    if not ids:
        return calls
    ballots = (
        Ballot.objects.filter(motion_id__in=ids, voided_at=None)
        .exclude(choice="")
        .select_related("organization", "proxy__holder")
        .order_by("organization__name_ar", "organization__name_en", "pk")
    )
    for ballot in ballots:
        calls.setdefault(ballot.motion_id, []).append(ballot)
    return calls
