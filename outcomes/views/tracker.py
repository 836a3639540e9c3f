"""The recommendations tracker across convenings, and its CSV export."""

import csv
import io

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..filters import RecommendationFilter
from ..models import Recommendation
from ..selectors import recommendation_summary

PAGE_SIZE = 25
# A spreadsheet program reads a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def filtered_recommendations(request):
    """The filter set and the recommendations it selects, in tracker order.

    Filters that do not validate select nothing (the page shows their errors)."""
    visible = Recommendation.objects.visible_to(request.user)
    filterset = RecommendationFilter(request.GET or None, queryset=visible, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    results = visible.none() if invalid else filterset.qs
    results = (
        results.for_listing()
        .with_owner_flag()
        .order_by(F("due_date").asc(nulls_last=True), "convening__starts_at", "number", "pk")
    )
    return filterset, results, invalid


@require_safe
def recommendation_list(request):
    filterset, recommendations, invalid = filtered_recommendations(request)
    page = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "outcomes/recommendation_list.html",
        {
            "filter": filterset,
            "page": page,
            "summary": recommendation_summary(recommendations),
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "invalid": invalid,
        },
    )


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@require_safe
def recommendation_csv(request):
    _filterset, recommendations, invalid = filtered_recommendations(request)
    if invalid:
        return HttpResponseBadRequest(
            _("Some filters could not be used. Correct them and search again."),
            content_type="text/plain; charset=utf-8",
        )
    buffer = io.StringIO()
    # The byte order mark tells spreadsheet programs the file is UTF-8, so Arabic shows.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(
        [
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
    )
    for recommendation in recommendations:
        writer.writerow(
            [
                _cell(recommendation.convening),
                recommendation.number,
                _cell(recommendation.text),
                _cell(recommendation.sector),
                _cell(recommendation.committee),
                _cell(recommendation.responsible),
                _("Yes") if recommendation.is_open and not recommendation.has_owner else _("No"),
                recommendation.due_date.isoformat() if recommendation.due_date else "",
                recommendation.get_status_display(),
                recommendation.progress,
                _("Yes") if recommendation.is_overdue else _("No"),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return response
