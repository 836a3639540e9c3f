"""Pagination that does not count a whole table to show one page of it.

A list of 70,000 organizations costs a COUNT over 70,000 rows on every request if the pager
asks for the exact number, and nobody needs to know it is 70,112 rather than "about 70,000".
On PostgreSQL the planner's own estimate of the rows a query returns is free (EXPLAIN, no
execution): when it says more than EXACT_UP_TO, the pager shows that estimate, rounded and
marked as approximate; otherwise it counts exactly (a count of up to EXACT_UP_TO rows costs
little, and a high estimate of a small result is then corrected). Elsewhere (SQLite) it always
counts.

A page beyond the real end (the estimate was high) is simply empty; templates say so.

With `keys_first`, a page is read as its rows whose keys are in a subquery that finds the
page's keys (one query). PostgreSQL reads a deep page's keys from a covering index without
visiting the rows skipped on the way (members 0014). The same shape serves a queryset that
collects every match and sorts them (`sorts_all_matches`, a search's): only the ids and the
sort key go through the sort, not every column and join. A first page read from the index
costs less without the subquery.
"""

import json
import math

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 1_000
KEYS_FIRST_FROM = 100  # rows skipped


def estimate(queryset) -> int | None:
    """The planner's estimate of how many rows `queryset` returns (PostgreSQL), else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        # Only the WHERE matters to the estimate: the id alone spares compiling every column
        # and join (a third of a directory request's ORM time).
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # queryset.none(): nothing to estimate
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _round(number: int) -> int:
    """Two significant figures: 70,112 → 70,000; 1,234 → 1,200."""
    if number < 100:
        return number
    scale = 10 ** (int(math.log10(number)) - 1)
    return round(number / scale) * scale


class EstimatingPaginator(Paginator):
    """A Paginator whose count is exact for small results and estimated for large ones;
    `approximate` says which."""

    approximate = False

    def __init__(self, *args, keys_first: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys_first = keys_first

    @cached_property
    def count(self):
        # A queryset that was estimated already to choose its order carries the figure.
        guess = getattr(self.object_list, "estimated_rows", None)
        if guess is None:
            guess = estimate(self.object_list)
        if guess is None or guess <= EXACT_UP_TO:
            return super().count
        self.approximate = True
        return _round(guess)

    def _get_page(self, object_list, number, paginator):
        # Paginator.page() slices the rows; the slice's keys become a subquery.
        query = getattr(object_list, "query", None)
        if self.keys_first and query is not None:
            deep = (query.low_mark or 0) >= KEYS_FIRST_FROM
            if deep or getattr(self.object_list, "sorts_all_matches", False):
                object_list = self.object_list.filter(pk__in=object_list.values("pk"))
        return super()._get_page(object_list, number, paginator)
