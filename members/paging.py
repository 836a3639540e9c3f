"""Pagination that does not count a whole table to show one page of it.

A list of 70,000 organizations costs a COUNT over 70,000 rows on every request if the pager
asks for the exact number, and nobody needs to know it is 70,112 rather than "about 70,000".
On PostgreSQL the planner's own estimate of the rows a query returns is free (EXPLAIN, no
execution): when it says more than EXACT_UP_TO, the pager shows that estimate, rounded and
marked as approximate; otherwise it counts exactly (a count of up to EXACT_UP_TO rows costs
little, and a high estimate of a small result is then corrected). Elsewhere (SQLite) it always
counts.

A page beyond the real end (the estimate was high) is simply empty; templates say so.
"""

import json
import math

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 1_000


def estimate(queryset) -> int | None:
    """The planner's estimate of how many rows `queryset` returns (PostgreSQL), else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().query.sql_with_params()
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

    @cached_property
    def count(self):
        guess = estimate(self.object_list)
        if guess is None or guess <= EXACT_UP_TO:
            return super().count
        self.approximate = True
        return _round(guess)
