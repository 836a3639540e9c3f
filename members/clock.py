"""One "today": every date comparison is made in the federation's time zone.

Overdue, due soon, current terms and every digest compare dates on the federation's calendar
(its secretariat's day), never the server's or UTC's, in pages, exports, e-mails and tasks alike.

The zone is read from the Federation row and remembered in this process for a minute, so a page
that asks for "today" in a loop costs at most one query; saving the Federation remembers its new
zone here at once, and other processes follow within the minute.
"""

import datetime
import time
import zoneinfo

from django.utils import timezone

DEFAULT_ZONE = "Europe/Istanbul"
REMEMBER_FOR = 60.0  # seconds

_remembered: tuple[float, zoneinfo.ZoneInfo] | None = None


def forget() -> None:
    global _remembered
    _remembered = None


def remember(name: str) -> zoneinfo.ZoneInfo:
    """Take `name` as the federation's zone now (an unknown name is read as UTC)."""
    global _remembered
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    _remembered = (time.monotonic(), zone)
    return zone


def federation_zone() -> zoneinfo.ZoneInfo:
    if _remembered is not None and time.monotonic() - _remembered[0] < REMEMBER_FOR:
        return _remembered[1]
    from .models import Federation  # models import this module (Federation.save)

    return remember(Federation.objects.values_list("timezone", flat=True).first() or DEFAULT_ZONE)


def federation_now() -> datetime.datetime:
    """The current moment on the federation's clock."""
    return timezone.localtime(timezone.now(), federation_zone())


def federation_today() -> datetime.date:
    return federation_now().date()


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the federation's zone, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=federation_zone())
