"""The directory as CSV or XLSX: the organizations the directory shows this visitor, with its
filters, in the page's language, with what each organization's public page shows."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from .. import export
from ..filters import OrganizationFilter
from ..listing import filtered
from ..models import Organization
from ..places import country_name
from ..querysets import attach_sectors


def directory_header() -> list:
    fields = (
        "name",
        "acronym",
        "status",
        "country",
        "city",
        "countries_of_work",
        "areas_of_work",
        "sectors",
        "branch",
        "founded_year",
        "registration_number",
        "registration_authority",
        "website",
        "email",
        "phone",
    )
    return [*(export.label(Organization, field) for field in fields), _("Page address")]


def directory_rows(request, organizations):
    """One row per organization; sectors attached per chunk (two queries per 2,000 rows)."""
    statuses = {value: str(label) for value, label in Organization.Status.choices}
    # Reversed once: the slug is swapped in per row.
    page = request.build_absolute_uri(
        reverse("members:organization_detail", kwargs={"slug": "__slug__"})
    )
    separator = pgettext("list separator", ", ")
    for chunk in export.chunks(organizations):
        for organization in attach_sectors(chunk):
            yield [
                organization.name,
                organization.acronym,
                statuses.get(organization.status, organization.status),
                country_name(organization.country.code) if organization.country else "",
                organization.city,
                separator.join(country_name(c.code) for c in organization.countries_of_work),
                organization.areas_of_work,
                separator.join(sector.name for sector in organization.sector_list),
                organization.branch.name if organization.branch else "",
                organization.founded_year,
                organization.registration_number,
                organization.registration_authority,
                organization.website,
                organization.email,
                organization.phone,
                page.replace("__slug__", organization.slug),
            ]


@require_safe
def organization_export(request, fmt):
    """Like the directory: what this visitor may see (members to all, partners and their own
    organization to the signed-in, all to the secretariat), filtered as the page is."""
    _filterset, organizations, invalid = filtered(
        request, OrganizationFilter, Organization.objects.visible_to(request.user)
    )
    if invalid:
        return export.filters_refused()
    organizations = organizations.for_listing().by_name()
    return export.table_response(
        fmt,
        directory_header(),
        directory_rows(request, organizations),
        name="organizations",
        sheet=_("Organizations"),
    )
