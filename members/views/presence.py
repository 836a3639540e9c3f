"""The presence page (who does what where), a cell's organizations, and the export with HXL
hashtags. What a visitor sees follows the directory (Organization.objects.visible_to)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from .. import export, pagecache, presence, roles
from ..forms_activities import PresenceFilterForm
from ..models import Organization, Place, Sector

# The hashtag row under the header (HXL 1.1), so that humanitarian tools read the columns.
HXL = [
    "#org +name",
    "#org +acronym",
    "#org +type",
    "#sector",
    "#country +code",
    "#adm1 +name",
    "#adm1 +code",
    "#date +start",
    "#date +end",
    "#reached",
]


def _filters(request):
    """The filters of the query string, or (None, form) when some do not validate."""
    form = PresenceFilterForm(request.GET)
    if not form.is_valid():
        return None, form
    data = form.cleaned_data
    return (
        presence.Filters(
            start=data["from"],
            end=data["to"],
            country=data.get("country") or "",
            branch=data.get("branch"),
            sector=data.get("sector"),
        ),
        form,
    )


@require_safe
@pagecache.public_page("members")
def presence_page(request):
    filters, form = _filters(request)
    context = {"form": form, "filters": filters, "result": None}
    if filters is not None:
        context["result"] = presence.presence(request.user, filters)
        context["export_query"] = filters.query()
        context["may_convene"] = roles.is_secretariat(request.user)
    return render(request, "members/presence.html", context, status=200 if filters else 400)


@require_safe
@pagecache.public_page("members")
def presence_cell(request, sector, place):
    """The organizations of one cell (a sector in a place) for the period of the query."""
    sector = Sector.objects.filter(slug=sector).first()
    place = Place.objects.filter(pk=place.upper()).first()
    if sector is None or place is None:
        raise Http404(_("There is no such sector or place."))
    filters, form = _filters(request)
    if filters is None:
        return render(request, "members/presence.html", {"form": form, "result": None}, status=400)
    activities = (
        presence.activities(request.user, filters, sector=False)
        .filter(sector=sector, place=place)
        .select_related("organization")
        .order_by("organization__slug", "start", "pk")
    )
    by_organization = {}
    for activity in activities:
        by_organization.setdefault(activity.organization, []).append(activity)
    return render(
        request,
        "members/presence_cell.html",
        {
            "sector": sector,
            "place": place,
            "filters": filters,
            "back_query": filters.query(),
            "organizations": list(by_organization.items()),
        },
    )


def _rows(activities):
    statuses = {value: str(label) for value, label in Organization.Status.choices}
    for chunk in export.chunks(activities):
        for activity in chunk:
            organization = activity.organization
            yield [
                organization.name,
                organization.acronym,
                statuses.get(organization.status, organization.status),
                activity.sector.name,
                activity.country.code,
                activity.place.name,
                activity.place_id,
                activity.start,
                activity.end,
                activity.reached,
            ]


@require_safe
def presence_export(request, fmt):
    filters, _form = _filters(request)
    if filters is None:
        return export.filters_refused()
    activities = (
        presence.activities(request.user, filters)
        .select_related("organization", "sector", "place")
        .order_by("country", "place_id", "sector__position", "organization__slug", "pk")
    )
    header = [
        _("Organization"),
        _("Acronym"),
        _("Membership status"),
        _("Sector"),
        _("Country"),
        pgettext("activity", "Place"),
        _("Place code"),
        pgettext("period", "From"),
        pgettext("period", "Until"),
        _("Beneficiaries reached"),
    ]

    def rows():
        yield HXL
        yield from _rows(activities)

    return export.table_response(
        fmt, header, rows(), name="tansiq-presence", sheet=_("Who does what where")
    )
