"""The recommendations tracker across convenings, and its CSV export."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from members import clock, export, pagecache
from members.listing import filtered, listing

from ..filters import RecommendationFilter
from ..models import Recommendation
from ..selectors import recommendation_summary

PAGE_SIZE = 25


def tracker_order(results):
    """Due date first (undated last), then the convening and the number: the order of the
    recommendation_due_order index, so a page is read from it without sorting the rest."""
    return results.for_listing().with_owner_flag().order_by(*Recommendation.TRACKER_ORDER)


@require_safe
@pagecache.public_page("members", "events", "outcomes")
def recommendation_list(request):
    found = listing(
        request,
        RecommendationFilter,
        Recommendation.objects.visible_to(request.user),
        order=tracker_order,
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "outcomes/recommendation_list.html",
        found.context(summary=recommendation_summary(found.results)),
    )


@require_safe
def recommendation_csv(request):
    """The filtered tracker as CSV, streamed: the rows are read 2,000 at a time through a
    server-side cursor and written as they come (50,000 rows: first byte at once, the worker's
    memory flat)."""
    _filterset, recommendations, invalid = filtered(
        request, RecommendationFilter, Recommendation.objects.visible_to(request.user)
    )
    recommendations = tracker_order(recommendations)
    if invalid:
        return export.filters_refused()
    yes, no = _("Yes"), _("No")
    statuses = dict(Recommendation.Status.choices)
    today = clock.federation_today()

    def rows():
        for recommendation in recommendations.iterator(chunk_size=2000):
            overdue = (
                recommendation.is_open
                and recommendation.due_date is not None
                and recommendation.due_date < today
            )
            yield [
                recommendation.convening,
                recommendation.number,
                recommendation.text,
                recommendation.sector or "",
                recommendation.committee or "",
                recommendation.responsible or "",
                yes if recommendation.is_open and not recommendation.has_owner else no,
                recommendation.due_date.isoformat() if recommendation.due_date else "",
                statuses[recommendation.status],
                recommendation.progress,
                yes if overdue else no,
            ]

    header = [
        _("Convening"),
        _("Number"),
        _("Recommendation"),
        _("Sector"),
        _("Follow-up committee"),
        _("Organization in charge"),
        _("No owner"),
        _("Due date"),
        _("Status"),
        _("Progress (%)"),
        _("Overdue"),
    ]
    return export.csv_response(header, rows(), "recommendations.csv")
