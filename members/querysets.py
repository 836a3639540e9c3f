"""Reads: queryset methods the views and other apps build on."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import search


class OrganizationQuerySet(models.QuerySet):
    PUBLIC_STATUSES = ("registered", "active")

    def public(self):
        return self.filter(status__in=self.PUBLIC_STATUSES)

    def members(self):
        return self.filter(status__in=self.PUBLIC_STATUSES)

    def visible_to(self, user):
        """Anonymous visitors see members; signed-in users also partners and their own
        organizations; staff see everything."""
        if user.is_authenticated and user.is_staff:
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
        on = on or timezone.localdate()
        open_or_running = Q(term_end__isnull=True) | Q(term_end__gte=on)
        return self.filter(open_or_running, term_start__lte=on)

    def chairs(self):
        return self.filter(role="chair")
