"""Who does what where, read: the sector × place matrix of a period, its duplications (more
organizations than PRESENCE_DUPLICATION_THRESHOLD in one cell) and its gaps (a sector with no
member in a place where the federation works at all).

Everything is computed from one query of distinct (place, sector, organization) triples, then
one for the places' names, one for the sectors and, when there are duplications, one for the
organizations to convene: the cost does not grow with the number of activities.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .models import Activity, Branch, Organization, Place, Sector

SHADES = 4  # shade-1 … shade-4; shade-0 is an empty cell


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    country: str = ""
    branch: Branch | None = None
    sector: Sector | None = None

    def query(self, **extra) -> str:
        """The query string that gives these filters (and `extra`) back."""
        values = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.country:
            values["country"] = self.country
        if self.branch:
            values["branch"] = self.branch.slug
        if self.sector:
            values["sector"] = self.sector.slug
        values.update(extra)
        return urlencode(values)


def activities(user, filters: Filters, *, sector=True):
    """The activities `user` may see that go on in the period, filtered."""
    rows = Activity.objects.visible_to(user).during(filters.start, filters.end)
    if filters.country:
        rows = rows.filter(country=filters.country)
    if filters.branch:
        rows = rows.filter(organization__branch=filters.branch)
    if sector and filters.sector:
        rows = rows.filter(sector=filters.sector)
    return rows


@dataclass
class Cell:
    place: Place
    sector: Sector
    organizations: frozenset
    shade: int = 0
    url: str = ""

    @property
    def count(self) -> int:
        return len(self.organizations)


@dataclass
class Row:
    place: Place
    cells: list


@dataclass
class Duplication:
    cell: Cell
    organizations: list = field(default_factory=list)
    convene_url: str = ""


@dataclass
class Gap:
    place: Place
    sectors: list


@dataclass
class Presence:
    filters: Filters
    sectors: list
    rows: list
    duplications: list
    gaps: list
    threshold: int

    @property
    def organization_count(self) -> int:
        return len({org for row in self.rows for cell in row.cells for org in cell.organizations})


def _shade(count, most):
    if not count:
        return 0
    return max(1, -(-count * SHADES // most))  # ceiling: the fullest cell is the darkest


def _cell_url(path, filters, sector, place) -> str:
    """`path` is _cell_path(), reversed once per page: a cell swaps its sector and place in."""
    query = filters.query() if not filters.sector else filters.query(sector=sector.slug)
    return f"{path.replace('__sector__', sector.slug).replace('__place__', place.code)}?{query}"


def _cell_path():
    return reverse("members:presence_cell", kwargs={"sector": "__sector__", "place": "__place__"})


def convene_url(organizations, sector, place) -> str:
    """The admin's page for a new convening: the organizations invited, and its title and
    summary filled in, in both languages, with the sector and the place."""

    # Both languages at once (the convening is written in both), whatever the page's language.
    names_ar = "، ".join(o.name_ar or o.name_en for o in organizations)
    names_en = ", ".join(o.name_en or o.name_ar for o in organizations)
    query = {
        "title_ar": f"تنسيق {sector.name_ar or sector.name_en} — {place.name_ar}",
        "title_en": f"Coordinating {sector.name_en or sector.name_ar} — {place.name_en}",
        "summary_ar": f"للتنسيق بين المنظمات العاملة في القطاع نفسه والمكان نفسه: {names_ar}.",
        "summary_en": f"To coordinate the organizations working in the same sector and place: "
        f"{names_en}.",
        # The admin reads a many-to-many field's initial value as comma-separated ids. Only
        # organizations that may register can be invited (events.services.invitations).
        "invited": ",".join(str(o.pk) for o in organizations if o.may_register),
    }
    return f"{reverse('admin:events_convening_add')}?{urlencode(query)}"


def presence(user, filters: Filters) -> Presence:
    threshold = settings.PRESENCE_DUPLICATION_THRESHOLD
    triples = (
        activities(user, filters, sector=False)
        .order_by()
        .values_list("place_id", "sector_id", "organization_id")
        .distinct()
    )
    cells = defaultdict(set)
    for place_id, sector_id, organization_id in triples:
        cells[place_id, sector_id].add(organization_id)
    place_ids = {place_id for place_id, _sector in cells}
    places = list(Place.objects.filter(code__in=place_ids)) if place_ids else []
    # By country, then place, as they read in the page's language.
    places.sort(key=lambda place: (str(place.country.name), str(place)))
    if filters.sector:
        sectors = [filters.sector]
    else:
        in_use = {sector_id for _place, sector_id in cells}
        sectors = list(Sector.objects.filter(pk__in=in_use)) if in_use else []
    most = max(
        (len(orgs) for (_p, s), orgs in cells.items() if s in {x.pk for x in sectors}), default=0
    )
    rows, duplications, gaps = [], [], []
    cell_path = _cell_path()
    for place in places:
        row = Row(place=place, cells=[])
        for sector in sectors:
            organizations = frozenset(cells.get((place.code, sector.pk), ()))
            cell = Cell(place, sector, organizations, _shade(len(organizations), most))
            if organizations:
                cell.url = _cell_url(cell_path, filters, sector, place)
            if len(organizations) > threshold:
                duplications.append(Duplication(cell=cell))
            row.cells.append(cell)
        rows.append(row)
        missing = [cell.sector for cell in row.cells if not cell.count]
        if missing:
            gaps.append(Gap(place=place, sectors=missing))
    if duplications:
        wanted = {org for duplication in duplications for org in duplication.cell.organizations}
        named = {
            organization.pk: organization
            for organization in Organization.objects.filter(pk__in=wanted).only(
                "slug", "name_ar", "name_en", "acronym", "status"
            )
        }
        for duplication in duplications:
            duplication.organizations = sorted(
                (named[pk] for pk in duplication.cell.organizations if pk in named), key=str
            )
            duplication.convene_url = convene_url(
                duplication.organizations, duplication.cell.sector, duplication.cell.place
            )
    return Presence(filters, sectors, rows, duplications, gaps, threshold)


def duplication_count(user, today: datetime.date, *, everyone=False) -> int:
    """How many cells have more organizations than the threshold today (the dashboard's
    number, `everyone` for the secretariat's view of every organization): one query."""
    threshold = settings.PRESENCE_DUPLICATION_THRESHOLD
    cells = defaultdict(set)
    rows = Activity.objects.all() if everyone else Activity.objects.visible_to(user)
    triples = (
        rows.during(today, today)
        .order_by()
        .values_list("place_id", "sector_id", "organization_id")
        .distinct()
    )
    for place_id, sector_id, organization_id in triples:
        cells[place_id, sector_id].add(organization_id)
    return sum(len(orgs) > threshold for orgs in cells.values())
