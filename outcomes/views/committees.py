from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from events.models import Convening
from members import clock, pagecache
from members.paging import EstimatingPaginator

from ..models import Committee, CommitteeMember, ProgressUpdate, Recommendation

PAGE_SIZE = 24


def _with_counts(committees, visible_convenings):
    """Set `open_count` and `overdue_count` (of the recommendations the visitor may see) on a
    page of committees, in one grouped query for the page."""
    committees = list(committees)
    rows = (
        Recommendation.objects.filter(
            committee__in=[c.pk for c in committees], convening__in=visible_convenings
        )
        .open()
        .order_by()  # the default ordering would split the groups
        .values("committee_id")
        .annotate(
            open_count=Count("pk"),
            overdue_count=Count("pk", filter=Q(due_date__lt=clock.federation_today())),
        )
    )
    counts = {row["committee_id"]: row for row in rows}
    for committee in committees:
        row = counts.get(committee.pk, {})
        committee.open_count = row.get("open_count", 0)
        committee.overdue_count = row.get("overdue_count", 0)
    return committees


@pagecache.public_page("members", "events", "outcomes")
def committee_list(request):
    """Active committees first. SQL cost: the page's committees with their owner flags, one
    grouped count of their open and overdue recommendations, the total estimated."""
    visible = Convening.objects.visible_to(request.user)
    committees = (
        Committee.objects.visible_to(request.user)
        .select_related("convening")
        .with_owner_flags()
        .order_by("-is_active", "slug")
    )
    page = EstimatingPaginator(committees, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_counts(page.object_list, visible)
    active = [c for c in page.object_list if c.is_active]
    inactive = [c for c in page.object_list if not c.is_active]
    return render(
        request,
        "outcomes/committee_list.html",
        {
            "page": page,
            "active": active,
            "inactive": inactive,
            # Active committees first; the template names each group.
            "groups": [("active", active), ("inactive", inactive)],
        },
    )


@pagecache.public_page("members", "events", "outcomes")
def committee_detail(request, slug):
    committee = get_object_or_404(
        Committee.objects.visible_to(request.user).select_related("convening").with_owner_flags(),
        slug=slug,
    )
    recommendations = (
        Recommendation.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("convening", "responsible")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author").order_by(
                    "-created_at", "-pk"
                ),
                to_attr="history",
            )
        )
        .order_by("convening__starts_at", "number", "pk")
    )
    seats = CommitteeMember.objects.filter(committee=committee).select_related(
        "person", "organization"
    )
    today = clock.federation_today()
    members = [seat for seat in seats if seat.is_current(today)]
    context = {
        "committee": committee,
        "members": members,
        "former_members": [seat for seat in seats if not seat.is_current(today)],
        "recommendations": recommendations,
    }
    return render(request, "outcomes/committee_detail.html", context)
