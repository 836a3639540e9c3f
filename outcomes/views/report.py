"""The follow-up report: every recommendation with its owner, progress and latest update,
grouped by convening, with the tracker's filters and counts; made to be printed."""

import datetime
from itertools import groupby

from django import forms
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import render
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from members import clock, pagecache

from ..filters import RecommendationFilter
from ..models import ProgressUpdate, Recommendation
from ..selectors import recommendation_summary


def latest_update():
    """Each recommendation's newest update only, in one query for all of them."""
    newest = (
        ProgressUpdate.objects.filter(recommendation=OuterRef("recommendation"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return Prefetch(
        "updates",
        queryset=ProgressUpdate.objects.filter(pk=Subquery(newest)).select_related("author"),
        to_attr="latest_updates",
    )


def _shown(field, value):
    """A cleaned filter value as the reader should see it; "" for a ticked box."""
    if value is True:
        return ""
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def applied_filters(filterset):
    """The filters in use, as (label, value) pairs in the form's order, for the heading."""
    form = filterset.form
    applied = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", False):
            continue
        applied.append({"label": field.label, "value": _shown(field, value)})
    return applied


# A printed report lists at most this many recommendations; beyond, the page asks for narrower
# filters (a period, a convening, a committee) rather than print a registry's 50,000.
REPORT_LIMIT = 60


@require_safe
@pagecache.public_page("members", "events", "outcomes")
def recommendation_report(request):
    # The same visibility and filters as the tracker, so the counts are the tracker's.
    visible = Recommendation.objects.visible_to(request.user)
    filterset = RecommendationFilter(request.GET or None, queryset=visible, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    selected = visible.none() if invalid else filterset.qs
    recommendations = (
        selected.for_listing()
        .with_owner_flag()
        .prefetch_related(latest_update())
        .order_by("convening__starts_at", "convening__pk", "number", "pk")
    )
    listed = list(recommendations[: REPORT_LIMIT + 1])
    truncated = len(listed) > REPORT_LIMIT
    groups = []
    for _convening, rows in groupby(listed[:REPORT_LIMIT], lambda r: r.convening_id):
        rows = list(rows)
        groups.append({"convening": rows[0].convening, "recommendations": rows})
    return render(
        request,
        "outcomes/report.html",
        {
            "filter": filterset,
            "invalid": invalid,
            "applied": [] if invalid or not filterset.is_bound else applied_filters(filterset),
            "groups": groups,
            "truncated": truncated,
            "limit": REPORT_LIMIT,
            "summary": recommendation_summary(selected),
            "today": clock.federation_today(),
            "query": request.GET.urlencode(),
            "filtered": any(request.GET.values()),
        },
    )
