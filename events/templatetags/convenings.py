"""Convenings shown on pages of lower layers (the organization page) and on the home page."""

from django import template

from ..models import Attendance, Convening

register = template.Library()


@register.inclusion_tag("events/tags/organization_convenings.html", takes_context=True)
def organization_convenings(context, organization):
    """The convenings an organization attended, with the channel. One query."""
    user = context["request"].user
    attendances = (
        Attendance.objects.filter(
            organization=organization,
            convening__in=Convening.objects.visible_to(user),
        )
        .select_related("convening")
        .order_by("-convening__starts_at")
    )
    return {"attendances": attendances}


@register.inclusion_tag("events/tags/upcoming_convenings.html", takes_context=True)
def upcoming_convenings(context, limit=3):
    user = context["request"].user
    convenings = (
        Convening.objects.visible_to(user).upcoming().for_listing().order_by("starts_at")[:limit]
    )
    return {"convenings": convenings}
