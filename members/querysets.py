"""Reads: queryset methods the views and other apps build on."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from . import clock, roles, search


class OrganizationQuerySet(models.QuerySet):
    PUBLIC_STATUSES = ("registered", "active")

    def members(self):
        """Registered and active members: what anyone may see, and who may sit on boards."""
        return self.filter(status__in=self.PUBLIC_STATUSES)

    def visible_to(self, user):
        """Anonymous visitors see members; signed-in users also partners and their own
        organizations; the secretariat sees everything."""
        if roles.is_secretariat(user):
            return self.all()
        visible = Q(status__in=self.PUBLIC_STATUSES)
        if user.is_authenticated:
            visible |= Q(status="partner") | Q(pk__in=user.affiliations.values("organization_id"))
        return self.filter(visible)

    def coordinated_by(self, user):
        return self.filter(affiliations__user=user, affiliations__role="coordinator")

    def search(self, query):
        """Every word of the query, normalised, must appear in the search column."""
        words = search.tokens(query)
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    def by_name(self):
        """Alphabetical in the page's language, falling back to the other language's name."""
        current = (get_language() or settings.LANGUAGE_CODE)[:2]
        other = next(code for code, _name in settings.LANGUAGES if code != current)
        return self.order_by(
            Coalesce(NullIf(f"name_{current}", Value("")), f"name_{other}"), "slug"
        )

    def for_listing(self):
        """What a directory card shows, in a constant number of queries."""
        return self.select_related("branch").prefetch_related("sectors")


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
    def with_account(self):
        return self.filter(user__isnull=False, user__is_active=True)


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
