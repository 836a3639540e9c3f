from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.models import Convening

from .. import services
from ..forms import ProgressUpdateForm
from ..models import Committee, ProgressUpdate, Recommendation
from ..querysets import OPEN_STATUSES


def _visible_committees(visible_convenings):
    # A committee formed by a members-only convening is as private as that convening.
    return Committee.objects.filter(Q(convening__isnull=True) | Q(convening__in=visible_convenings))


def committee_list(request):
    visible = Convening.objects.visible_to(request.user)
    # Counted recommendations are the visible ones, as on the committee's own page.
    counted = Q(recommendations__convening__in=visible)
    committees = list(
        _visible_committees(visible)
        .select_related("convening")
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
                    recommendations__due_date__lt=timezone.localdate(),
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


def _visible_committee(slug, visible_convenings):
    return get_object_or_404(
        _visible_committees(visible_convenings).select_related("convening"), slug=slug
    )


def committee_detail(request, slug):
    visible = Convening.objects.visible_to(request.user)
    committee = _visible_committee(slug, visible)
    recommendations = list(
        committee.recommendations.filter(convening__in=visible)
        .select_related("convening", "responsible")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author").order_by(
                    "-created_at", "-pk"
                ),
            )
        )
        .order_by("convening__starts_at", "number", "pk")
    )
    # Every recommendation here has the same committee, so one check answers for all of them.
    can_post = bool(recommendations) and services.can_update(request.user, recommendations[0])
    for recommendation in recommendations:
        recommendation.history = list(recommendation.updates.all())
        if can_post:
            recommendation.form = ProgressUpdateForm(
                prefix=ProgressUpdateForm.prefix_for(recommendation.pk),
                initial={"status": recommendation.status, "progress": recommendation.progress},
            )
    context = {
        "committee": committee,
        "members": committee.members.select_related("user", "organization"),
        "recommendations": recommendations,
        "can_post": can_post,
    }
    return render(request, "outcomes/committee_detail.html", context)


@login_required
@require_http_methods(["POST"])
def progress_update(request, slug, pk):
    visible = Convening.objects.visible_to(request.user)
    committee = _visible_committee(slug, visible)
    recommendation = get_object_or_404(
        Recommendation.objects.filter(committee=committee, convening__in=visible), pk=pk
    )
    if not services.can_update(request.user, recommendation):
        raise PermissionDenied(_("Only members of the follow-up committee can post updates."))
    back = f"{committee.get_absolute_url()}#rec-{recommendation.pk}"
    form = ProgressUpdateForm(request.POST, prefix=ProgressUpdateForm.prefix_for(pk))
    not_saved = _("Recommendation %(number)s: the update was not saved.") % {
        "number": recommendation.number
    }
    if not form.is_valid():
        messages.error(request, f"{not_saved} {form.error_text()}")
        return redirect(back)
    try:
        services.progress_update_post(
            user=request.user,
            recommendation=recommendation,
            note=form.cleaned_data["note"],
            status=form.cleaned_data["status"],
            progress=form.cleaned_data["progress"],
        )
    except ValidationError as error:
        messages.error(request, f"{not_saved} {' '.join(error.messages)}")
        return redirect(back)
    messages.success(
        request,
        _("The update to recommendation %(number)s is saved.") % {"number": recommendation.number},
    )
    return redirect(back)
