"""The list pages' one pipeline: filter, sort, paginate, and what the template needs.

The directory, the convenings list and the recommendations tracker all go through `listing()`:
filters that do not validate show their errors and no results (rather than being ignored),
the pager estimates large counts (members.paging), and the query string is kept for the
pager's and the exports' links without its page number.
"""

from dataclasses import dataclass

from django.http import HttpRequest

from .paging import EstimatingPaginator


@dataclass
class Listing:
    filter: object  # the bound FilterSet
    results: object  # the filtered, ordered queryset (exports use it whole)
    page: object
    query: str
    filtered: bool

    def context(self, **extra) -> dict:
        return {
            "filter": self.filter,
            "page": self.page,
            "query": self.query,
            "filtered": self.filtered,
            **extra,
        }


def filtered(request: HttpRequest, filterset_class, queryset):
    """The bound filter set and the queryset it selects (none when a filter is invalid)."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    invalid = filterset.is_bound and not filterset.is_valid()
    return filterset, (queryset.none() if invalid else filterset.qs), invalid


def listing(
    request: HttpRequest, filterset_class, queryset, *, order, per_page, keys_first=False
) -> Listing:
    """`order(queryset)` sorts and prepares the rows (select_related, annotations);
    `keys_first` reads a page's keys in a subquery where that costs less (members.paging)."""
    filterset, results, _invalid = filtered(request, filterset_class, queryset)
    results = order(results)
    paginator = EstimatingPaginator(results, per_page, keys_first=keys_first)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(
        filter=filterset,
        results=results,
        page=page,
        query=query.urlencode(),
        filtered=any(value for key, value in request.GET.items() if key != "page"),
    )
