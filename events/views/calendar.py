"""Downloads and subscriptions in iCalendar format."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from events.calendar import build_calendar
from events.models import Convening

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Keeps the feed small; calendar apps re-fetch it often.
FEED_HISTORY = datetime.timedelta(days=2 * 365)


def _ics_response(content, disposition):
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = disposition
    return response


@require_safe
def convening_ics(request, slug):
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    content = build_calendar([convening], request=request)
    return _ics_response(content, f'attachment; filename="{convening.slug}.ics"')


@require_safe
def feed_ics(request):
    # Public convenings only, whoever asks: calendar apps subscribe without a session, and a
    # feed URL is easily shared. Cancelled ones stay in so subscribers see the cancellation.
    convenings = Convening.objects.filter(
        visibility=Convening.Visibility.PUBLIC,
        starts_at__gte=timezone.now() - FEED_HISTORY,
    ).order_by("starts_at", "pk")
    content = build_calendar(convenings, request=request)
    return _ics_response(content, 'inline; filename="tansiq-convenings.ics"')
