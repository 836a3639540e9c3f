from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from ..models import BoardSeat, Branch, Organization


def _current_seats():
    return BoardSeat.objects.current().select_related("organization").order_by("role", "pk")


def branch_list(request):
    branches = Branch.objects.annotate(
        member_count=Count(
            "organizations", filter=Q(organizations__status__in=Organization.MEMBER_STATUSES)
        )
    ).prefetch_related(Prefetch("board_seats", queryset=_current_seats(), to_attr="seats"))
    return render(request, "members/branch_list.html", {"branches": branches})


def branch_detail(request, slug):
    branch = get_object_or_404(Branch, slug=slug)
    seats = _current_seats().filter(branch=branch)
    members = branch.organizations.visible_to(request.user).for_listing().by_name()
    return render(
        request,
        "members/branch_detail.html",
        {"branch": branch, "seats": seats, "members": members},
    )


def secretariat(request):
    """The general secretariat: the chair organization of every active branch board."""
    chairs = (
        _current_seats()
        .chairs()
        .filter(branch__is_active=True)
        .select_related("branch")
        .order_by("branch__slug")
    )
    return render(request, "members/secretariat.html", {"chairs": chairs})
