"""Directory cards, written in Python.

A page of twenty organizations through a template costs about 3 ms of the directory's 12
(each card resolves some thirty variables and filters); the same markup built here with
format_html still cost 1.5 ms, most of it in marking and unmarking safe strings. Each card is
now one f-string over escaped values. The markup is the one the directory and the branch page
show; keep it here only. Organizations come from `for_cards()` with `sector_list` attached
(members.querysets.attach_sectors).
"""

from html import escape as _escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..links import slug_urls
from ..models import Organization
from ..places import country_name

register = template.Library()


def escape(text) -> str:
    # What django.utils.html.escape does, without its lazy-string wrapper: called some fifteen
    # times a card.
    return _escape(str(text))


def _card(organization, url, statuses, sector_names):
    # Each translated attribute read resolves the language again (modeltranslation): once each.
    name = organization.name
    escaped_name = escape(name)
    if organization.logo:
        alt = escape(_("Logo of %(name)s") % {"name": name})
        logo = (
            f'<img class="logo" src="{escape(organization.logo.url)}" alt="{alt}" width="56"'
            ' height="56" loading="lazy">'
        )
    else:
        logo = f'<span class="logo placeholder" aria-hidden="true">{escape(name[:1])}</span>'
    acronym = organization.acronym
    acronym = f' <span class="muted" dir="ltr">({escape(acronym)})</span>' if acronym else ""
    place = ""
    country = organization.country  # a new Country object at every read
    code = country.code if country else ""
    if code:
        city = organization.city
        city = f" · <bdi>{escape(city)}</bdi>" if city else ""
        place = f"<span>{escape(country_name(code))}{city}</span>"
    branch = (
        f"<span><bdi>{escape(organization.branch.name)}</bdi></span>"
        if organization.branch_id
        else ""
    )
    sectors = getattr(organization, "sector_list", ())
    tags = (
        '<p class="tags">' + "".join(sector_names(sector) for sector in sectors) + "</p>"
        if sectors
        else ""
    )
    status = escape(organization.status)
    return (
        f'<li class="card org-card">{logo}<div><h3><a href="{escape(url(organization.slug))}">'
        f"<bdi>{escaped_name}</bdi></a>{acronym}</h3>"
        f'<p class="meta"><span class="badge status-{status}">{statuses[organization.status]}'
        f"</span>{place}{branch}</p>{tags}</div></li>"
    )


@register.simple_tag
def organization_cards(organizations):
    """<li> cards for a list of organizations (the caller writes the <ul>)."""
    url = slug_urls("members:organization_detail")
    statuses = {value: escape(label) for value, label in Organization.Status.choices}
    tags = {}  # a handful of sectors, each on many cards

    def sector_tag(sector):
        if sector.pk not in tags:
            tags[sector.pk] = f"<span>{escape(sector.name)}</span>"
        return tags[sector.pk]

    return mark_safe("".join(_card(o, url, statuses, sector_tag) for o in organizations))
