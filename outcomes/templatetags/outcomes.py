"""A convening's outcomes, shown on the convening page (events never imports outcomes)."""

from django import template
from django.db.models import Prefetch

from members import roles

from ..models import Motion, ProgressUpdate, Recommendation
from ..results import stored_many

register = template.Library()


@register.inclusion_tag("outcomes/tags/convening_outcomes.html", takes_context=True)
def convening_outcomes(context, convening):
    """Motions with their results and recommendations with their progress, in a constant
    number of queries whatever their count. The caller has checked the convening is visible."""
    user = context["request"].user
    motions = convening.motions.all()
    if not roles.is_secretariat(user):
        motions = motions.exclude(status=Motion.Status.DRAFT)
    motions = list(motions)
    closed = [m for m in motions if m.results_visible]
    results = stored_many(closed)
    recommendations = (
        convening.recommendations.for_listing()
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-created_at", "-pk"))
        )
        .order_by("number")
    )
    return {
        "convening": convening,
        "motions": [(m, results.get(m.pk)) for m in motions],
        "recommendations": recommendations,
        "statuses": Recommendation.Status,
        "user": user,
    }
