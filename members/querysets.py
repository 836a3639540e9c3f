"""Reads: queryset methods the views and other apps build on."""

from django.conf import settings
from django.db import connections, models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.translation import get_language

from . import clock, memo, paging, roles, search


def name_in_language(prefix: str = "") -> Coalesce:
    """An organization's name in the page's language, else in the other one (the expression
    members 0009 indexes). `prefix` reaches it through a relation: "organization__"."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    other = next(code for code, _name in settings.LANGUAGES if code != current)
    return Coalesce(
        NullIf(f"{prefix}name_{current}", Value("")),
        f"{prefix}name_{other}",
        output_field=models.CharField(),
    )


class OrganizationQuerySet(models.QuerySet):
    # Up to this many matches, sorting them costs less than walking the name index to them
    # (measured at 100,000 organizations: 7,000 matches sort in 13-18 ms; 28,000 in 60 ms).
    SORT_MATCHES_UP_TO = 15_000

    def members(self):
        """Registered and active members: what anyone may see, and who may sit on boards."""
        return self.filter(status__in=self.model.MEMBER_STATUSES)

    def visible_to(self, user):
        """Anonymous visitors see members; signed-in users also partners and their own
        organizations; the secretariat sees everything."""
        if roles.is_secretariat(user):
            return self.all()
        visible = Q(status__in=self.model.MEMBER_STATUSES)
        if user.is_authenticated:
            visible |= Q(status=self.model.Status.PARTNER) | Q(
                pk__in=user.affiliations.values("organization_id")
            )
        return self.filter(visible)

    def coordinated_by(self, user):
        """The organizations `user` coordinates (roles.is_coordinator, as a queryset)."""
        from .models import Affiliation

        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(affiliations__user=user, affiliations__role=Affiliation.Role.COORDINATOR)

    def may_vote(self):
        return self.filter(status__in=self.model.VOTING_STATUSES)

    def may_register(self):
        return self.exclude(status__in=self.model.REGISTRATION_BARRED_STATUSES)

    def search(self, query):
        """Every word of the query, normalised, must appear in the search column."""
        words = search.tokens(query)
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    def by_name(self, *, indexed=True):
        """Alphabetical in the page's language, falling back to the other language's name.

        The expression is the one members 0009 indexes, so a page is read in order from the
        index. `indexed=False` sorts by an equal expression the index does not match, which
        makes PostgreSQL collect the matching rows first and sort them: faster for a search
        whose matches cluster far down the order (every name starting with the word).
        """
        key = name_in_language()
        if not indexed:
            key = Concat(key, Value(""), output_field=models.CharField())
        return self.order_by(key, "slug")

    def in_directory_order(self, *, searching):
        """by_name(), read from the index unless a search matches few enough rows (fewer than
        SORT_MATCHES_UP_TO, by the planner's estimate) to be collected and sorted cheaply."""
        if not searching:
            return self.by_name()
        guess = paging.estimate(self)
        indexed = guess is None or guess > self.SORT_MATCHES_UP_TO
        ordered = self.by_name(indexed=indexed)
        ordered.estimated_rows = guess  # the pager's count needs the same figure
        ordered.sorts_all_matches = not indexed  # the pager sorts their keys alone
        return ordered

    def for_listing(self):
        """Organizations with their branch (exports read every column)."""
        return self.select_related("branch")

    # What a directory card reads (members.templatetags.cards), both languages of each
    # translated field for the fallback. The other columns (descriptions, registration) are
    # a page's worth of text nobody shows there: reading only these halves the model work.
    CARD_FIELDS = (
        "name", "name_ar", "name_en", "acronym", "slug", "logo", "country", "city", "city_ar",
        "city_en", "status", "branch__name", "branch__name_ar", "branch__name_en",
    )  # fmt: skip

    def for_cards(self):
        """What a directory card shows, but its sectors: see attach_sectors()."""
        return self.select_related("branch").only(*self.CARD_FIELDS)

    def countries_in_use(self, statuses):
        """The country codes of organizations in `statuses`, without reading them all: on
        PostgreSQL a loose index scan (one index probe per country, ~0.2 ms for 100,000
        organizations), elsewhere a plain DISTINCT."""
        return memo.remembered(
            ("countries_in_use", tuple(sorted(statuses))),
            ("members",),
            lambda: self._countries_in_use(statuses),
        )

    def _countries_in_use(self, statuses):
        if connections[self.db].vendor != "postgresql":
            return set(
                self.filter(status__in=statuses).order_by().values_list("country", flat=True)
            )
        table = self.model._meta.db_table
        sql = f"""
            WITH RECURSIVE c AS (
                (SELECT country FROM {table} WHERE status = ANY(%s) ORDER BY country LIMIT 1)
                UNION ALL
                SELECT (SELECT o.country FROM {table} o
                        WHERE o.status = ANY(%s) AND o.country > c.country
                        ORDER BY o.country LIMIT 1)
                FROM c WHERE c.country IS NOT NULL
            )
            SELECT country FROM c WHERE country IS NOT NULL
        """
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [list(statuses), list(statuses)])
            return {row[0] for row in cursor.fetchall()}


class BoardSeatQuerySet(models.QuerySet):
    def overlapping(self, start, end):
        qs = self.filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
        if end is not None:
            qs = qs.filter(term_start__lte=end)
        return qs

    def current(self, on=None):
        on = on or clock.federation_today()
        open_or_running = Q(term_end__isnull=True) | Q(term_end__gte=on)
        return self.filter(open_or_running, term_start__lte=on)

    def chairs(self):
        return self.filter(role="chair")


def _current(on):
    """Terms running on `on`: started, and not yet ended (`ends_on` is the last day)."""
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class PersonQuerySet(models.QuerySet):
    pass


class OfficeQuerySet(models.QuerySet):
    def current(self, on=None):
        return self.filter(_current(on or clock.federation_today()))

    def overlapping(self, start, end):
        qs = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        if end is not None:
            qs = qs.filter(starts_on__lte=end)
        return qs

    def of_federation(self):
        return self.filter(organization__isnull=True, branch__isnull=True)


def attach_sectors(organizations):
    """Set `sector_list` on each of `organizations` (a page of them): one query on the link
    table and one for the sectors, a tenth of prefetch_related's cost, which builds a queryset
    per organization. Returns the organizations as a list."""
    organizations = list(organizations)
    if not organizations:
        return organizations
    model = type(organizations[0])
    Sector, Link = model.sectors.field.related_model, model.sectors.through
    by_pk = memo.remembered(
        "sectors", ("members",), lambda: {sector.pk: sector for sector in Sector.objects.all()}
    )
    pairs = list(
        Link.objects.filter(organization_id__in=[o.pk for o in organizations]).values_list(
            "organization_id", "sector_id"
        )
    )
    missing = {sector_id for _organization_id, sector_id in pairs} - by_pk.keys()
    if missing:  # added by another process since the list was remembered
        by_pk = {**by_pk, **Sector.objects.in_bulk(missing)}
    links = {}
    for organization_id, sector_id in pairs:
        links.setdefault(organization_id, []).append(by_pk[sector_id])
    for organization in organizations:
        organization.sector_list = sorted(
            links.get(organization.pk, []), key=lambda sector: (sector.position, sector.slug)
        )
    return organizations
