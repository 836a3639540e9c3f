"""iCalendar (RFC 5545) export of convenings, for calendar apps and subscriptions.

Pure functions: the views choose the convenings and activate the page's language.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Convening

# Postponed convenings keep their old date until a new one is set, hence TENTATIVE.
STATUS = {
    Convening.Status.PLANNED: "CONFIRMED",
    Convening.Status.HELD: "CONFIRMED",
    Convening.Status.CANCELLED: "CANCELLED",
    Convening.Status.POSTPONED: "TENTATIVE",
}


def _utc(moment):
    # Times go out in UTC ("Z" form): valid everywhere without shipping VTIMEZONE blocks.
    return moment.astimezone(datetime.UTC)


def _location(convening):
    # Never the join link: it is for registered organizations only and feeds are public.
    if convening.format == Convening.Format.ONLINE:
        return convening.online_platform
    country = convening.venue_country.name if convening.venue_country else ""
    parts = (convening.venue_name, convening.venue_city, country)
    return ", ".join(part for part in parts if part)


def _description(convening):
    return "\n\n".join(text.strip() for text in (convening.slogan, convening.summary) if text)


def _event(convening, *, request, stamp):
    event = Event()
    # Keyed on the primary key, not the slug, so a renamed convening updates in place.
    event.add("uid", f"convening-{convening.pk}@{request.get_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(convening.starts_at))
    event.add("dtend", _utc(convening.ends_at))
    # modeltranslation resolves these in the active language, with fallback.
    event.add("summary", convening.title)
    if description := _description(convening):
        event.add("description", description)
    if location := _location(convening):
        event.add("location", location)
    event.add("url", request.build_absolute_uri(convening.get_absolute_url()))
    event.add("status", STATUS.get(convening.status, "CONFIRMED"))
    event.add("last-modified", _utc(convening.updated_at))
    return event


def build_calendar(convenings, *, request):
    """A VCALENDAR with one VEVENT per convening, as bytes (CRLF lines, folded)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Tansiq//Convenings//AR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Tansiq")
    stamp = _utc(timezone.now())
    for convening in convenings:
        # A placeholder date is not an event anyone can attend: no entry rather than a wrong one.
        if convening.date_not_stated:
            continue
        calendar.add_component(_event(convening, request=request, stamp=stamp))
    return calendar.to_ical()
