from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from .. import clock, pagecache
from ..models import BoardSeat, Branch, Office, Organization
from ..paging import EstimatingPaginator
from ..querysets import attach_sectors
from ..services import KIND_ORDER
from .organizations import PAGE_SIZE


def _current_seats():
    return BoardSeat.objects.current().select_related("organization").order_by("role", "pk")


@pagecache.public_page("members")
def branch_list(request):
    branches = Branch.objects.annotate(
        member_count=Count(
            "organizations", filter=Q(organizations__status__in=Organization.MEMBER_STATUSES)
        )
    ).prefetch_related(Prefetch("board_seats", queryset=_current_seats(), to_attr="seats"))
    return render(request, "members/branch_list.html", {"branches": branches})


@pagecache.public_page("members")
def branch_detail(request, slug):
    """A branch, its board and its organizations, a page of them at a time (a branch of a
    national registry holds thousands: all of them made a page of megabytes)."""
    branch = get_object_or_404(Branch, slug=slug)
    seats = _current_seats().filter(branch=branch)
    members = branch.organizations.visible_to(request.user).for_cards().by_name()
    page = EstimatingPaginator(members, PAGE_SIZE, keys_first=True).get_page(
        request.GET.get("page")
    )
    page.object_list = attach_sectors(page.object_list)
    return render(
        request,
        "members/branch_detail.html",
        {"branch": branch, "seats": seats, "page": page},
    )


@pagecache.public_page("members")
def secretariat(request):
    """The general secretariat's persons by office: the secretary-general, the executive team,
    and the chair of every active branch board, who sits on it ex officio. A branch's seat
    follows its chair: whoever holds the chair office today holds the seat today."""
    today = clock.federation_today()
    current = Office.objects.current(today).select_related("person", "person__organization")
    federation = sorted(
        current.of_federation(),
        key=lambda office: (KIND_ORDER[office.kind], office.starts_on, office.pk),
    )
    branches = (
        Branch.objects.filter(is_active=True)
        .order_by("slug")
        .prefetch_related(
            Prefetch(
                "offices",
                queryset=current.filter(kind=Office.Kind.BRANCH_CHAIR).order_by("starts_on", "pk"),
                to_attr="chair_offices",
            ),
            Prefetch(
                "board_seats",
                queryset=BoardSeat.objects.current(today).chairs().select_related("organization"),
                to_attr="chair_seats",
            ),
        )
    )
    chairs = []
    for branch in branches:
        office = branch.chair_offices[0] if branch.chair_offices else None
        seat = branch.chair_seats[0] if branch.chair_seats else None
        organization = office.person.organization if office else None
        chairs.append(
            {
                "branch": branch,
                "office": office,
                # The chair's own organization, else the one holding the board's chair seat.
                "organization": organization or (seat.organization if seat else None),
            }
        )
    return render(
        request,
        "members/secretariat.html",
        {
            "secretaries_general": [
                o for o in federation if o.kind == Office.Kind.SECRETARY_GENERAL
            ],
            "executive_team": [o for o in federation if o.kind != Office.Kind.SECRETARY_GENERAL],
            "chairs": chairs,
        },
    )
