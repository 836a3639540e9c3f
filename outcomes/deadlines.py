"""iCalendar (RFC 5545) feeds of recommendation due dates, for calendar apps.

Pure functions: the views choose the recommendations and the URL's language is active.
"""

import datetime

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

SUMMARY_LENGTH = 80


def _description(recommendation):
    lines = [recommendation.text.strip(), ""]
    lines.append(_("Convening: %(title)s") % {"title": recommendation.convening.title})
    if recommendation.committee:
        lines.append(_("Follow-up committee: %(name)s") % {"name": recommendation.committee.name})
    if recommendation.responsible:
        lines.append(
            _("Organization in charge: %(name)s") % {"name": recommendation.responsible.name}
        )
    if not getattr(recommendation, "has_owner", True):
        lines.append(_("No owner: only the secretariat can report on it."))
    lines.append(
        _("Status: %(status)s (%(progress)s%%)")
        % {"status": recommendation.get_status_display(), "progress": recommendation.progress}
    )
    return "\n".join(lines)


def _event(recommendation, *, request, stamp):
    event = Event()
    # Keyed on the primary key: a renumbered or reworded recommendation updates in place.
    event.add("uid", f"recommendation-{recommendation.pk}@{request.get_host()}")
    event.add("dtstamp", stamp)
    # A date, not a time: an all-day event on the due date (VALUE=DATE), whatever the zone.
    event.add("dtstart", recommendation.due_date)
    event.add("dtend", recommendation.due_date + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    text = Truncator(" ".join(recommendation.text.split())).chars(SUMMARY_LENGTH)
    event.add(
        "summary",
        _("Recommendation %(number)s: %(text)s") % {"number": recommendation.number, "text": text},
    )
    event.add("description", _description(recommendation))
    event.add("url", request.build_absolute_uri(recommendation.get_absolute_url()))
    event.add("last-modified", recommendation.updated_at.astimezone(datetime.UTC))
    return event


def build_calendar(recommendations, *, request, name):
    """A VCALENDAR with one all-day VEVENT per recommendation, as bytes (CRLF, folded)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Tansiq//Deadlines//{(get_language() or 'ar')[:2].upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for recommendation in recommendations:
        calendar.add_component(_event(recommendation, request=request, stamp=stamp))
    return calendar.to_ical()
