"""Calendar feeds of due dates: per committee, per organization, and a personal one behind a
secret token, which calendar apps read without a session."""

import re

from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from members.models import Organization, User

from ..deadlines import build_calendar
from ..models import Committee, Recommendation

CONTENT_TYPE = "text/calendar; charset=utf-8"
# What members.services.feed_token_reset makes (token_urlsafe): anything else is not looked up,
# so a NUL or an endless string never reaches the database.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")


def _open_with_due_date(recommendations):
    return (
        recommendations.open()
        .filter(due_date__isnull=False)
        .select_related("convening", "committee", "responsible")
        .with_owner_flag()
        .order_by("due_date", "pk")
    )


def _feed(request, recommendations, *, name, filename):
    content = build_calendar(_open_with_due_date(recommendations), request=request, name=name)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def committee_deadlines(request, slug):
    committee = get_object_or_404(Committee.objects.visible_to(request.user), slug=slug)
    recommendations = Recommendation.objects.visible_to(request.user).filter(committee=committee)
    return _feed(
        request,
        recommendations,
        name=_("Deadlines: %(name)s") % {"name": committee.name},
        filename=f"{committee.slug}-deadlines.ics",
    )


@require_safe
def organization_deadlines(request, slug):
    organization = get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)
    recommendations = Recommendation.objects.visible_to(request.user).filter(
        responsible=organization
    )
    return _feed(
        request,
        recommendations,
        name=_("Deadlines: %(name)s") % {"name": organization.name},
        filename=f"{organization.slug}-deadlines.ics",
    )


@require_safe
def personal_deadlines(request, token):
    # The token stands for the user: no session is needed (or used), as calendar apps have none.
    user = None
    if TOKEN.match(token):
        user = User.objects.filter(feed_token=token, is_active=True).first()
    if user is None:
        return HttpResponseNotFound(
            _("This calendar link is not valid; it may have been reset."),
            content_type="text/plain; charset=utf-8",
        )
    response = _feed(
        request,
        Recommendation.objects.reportable_by(user),
        name=_("My deadlines"),
        filename="my-deadlines.ics",
    )
    # The URL is a secret: keep the answer out of shared caches and search engines.
    response["Cache-Control"] = "private"
    response["X-Robots-Tag"] = "noindex"
    return response
