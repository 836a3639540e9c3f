"""Directory cards, written in Python.

A page of twenty organizations through a template costs about 3 ms of the directory's 12
(each card resolves some thirty variables and filters); the same markup built here costs a
tenth of that. The markup is the one the directory and the branch page show; keep it here
only. Organizations come with `branch` selected and `sector_list` attached
(members.querysets.attach_sectors).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_countries import countries

from ..links import slug_urls
from ..models import Organization

register = template.Library()


def _card(organization, url, statuses, names):
    name = organization.name
    if organization.logo:
        logo = format_html(
            '<img class="logo" src="{}" alt="{}" width="56" height="56" loading="lazy">',
            organization.logo.url,
            _("Logo of %(name)s") % {"name": name},
        )
    else:
        logo = format_html('<span class="logo placeholder" aria-hidden="true">{}</span>', name[:1])
    acronym = (
        format_html(' <span class="muted" dir="ltr">({})</span>', organization.acronym)
        if organization.acronym
        else ""
    )
    place = ""
    if organization.country:
        city = organization.city
        place = format_html(
            "<span>{}{}</span>",
            names[organization.country.code],
            format_html(" · <bdi>{}</bdi>", city) if city else "",
        )
    branch = (
        format_html("<span><bdi>{}</bdi></span>", organization.branch.name)
        if organization.branch_id
        else ""
    )
    sectors = getattr(organization, "sector_list", ())
    tags = (
        format_html(
            '<p class="tags">{}</p>',
            format_html_join("", "<span>{}</span>", ((sector.name,) for sector in sectors)),
        )
        if sectors
        else ""
    )
    return format_html(
        '<li class="card org-card">{}<div><h3><a href="{}"><bdi>{}</bdi></a>{}</h3>'
        '<p class="meta"><span class="badge status-{}">{}</span>{}{}</p>{}</div></li>',
        logo,
        url(organization.slug),
        name,
        acronym,
        organization.status,
        statuses[organization.status],
        place,
        branch,
        tags,
    )


@register.simple_tag
def organization_cards(organizations):
    """<li> cards for a list of organizations (the caller writes the <ul>)."""
    url = slug_urls("members:organization_detail")
    statuses = {value: str(label) for value, label in Organization.Status.choices}
    names = {o.country.code: countries.name(o.country.code) for o in organizations if o.country}
    return mark_safe("".join(_card(o, url, statuses, names) for o in organizations))
