from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from events.models import Convening
from members import clock

from ..models import Committee, CommitteeMember, ProgressUpdate, Recommendation
from ..querysets import OPEN_STATUSES


def committee_list(request):
    visible = Convening.objects.visible_to(request.user)
    # Counted recommendations are the visible ones, as on the committee's own page.
    counted = Q(recommendations__convening__in=visible)
    committees = list(
        Committee.objects.visible_to(request.user)
        .select_related("convening")
        .with_owner_flags()
        .annotate(
            open_count=Count(
                "recommendations",
                filter=counted & Q(recommendations__status__in=OPEN_STATUSES),
            ),
            overdue_count=Count(
                "recommendations",
                filter=counted
                & Q(
                    recommendations__status__in=OPEN_STATUSES,
                    recommendations__due_date__lt=clock.federation_today(),
                ),
            ),
        )
        .order_by("-is_active", "slug")
    )
    active = [c for c in committees if c.is_active]
    inactive = [c for c in committees if not c.is_active]
    return render(
        request,
        "outcomes/committee_list.html",
        {
            "active": active,
            "inactive": inactive,
            # Active committees first; the template names each group.
            "groups": [("active", active), ("inactive", inactive)],
        },
    )


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
