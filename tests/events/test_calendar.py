import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from icalendar import Calendar

from events.models import Convening
from events.views.calendar import convening_ics, feed_ics
from tests.events.factories import ConveningFactory, PastConveningFactory
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db

FEED = "/{lang}/convenings/feed.ics"
SINGLE = "/{lang}/convenings/{slug}/calendar.ics"
ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")


def parse(response):
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def events_of(response):
    return parse(response).walk("VEVENT")


def get_single(client, convening, lang="en"):
    return client.get(SINGLE.format(lang=lang, slug=convening.slug))


def test_feed_has_one_event_per_public_convening(client):
    public = [PastConveningFactory(), ConveningFactory()]
    ConveningFactory(visibility=Convening.Visibility.MEMBERS)
    events = events_of(client.get(FEED.format(lang="en")))
    # Ordered by start: the past one first.
    assert [str(e["uid"]) for e in events] == [f"convening-{c.pk}@testserver" for c in public]


def test_feed_leaves_out_members_only_even_for_staff(client):
    ConveningFactory(visibility=Convening.Visibility.MEMBERS, title_en="Closed meeting")
    client.force_login(StaffFactory())
    response = client.get(FEED.format(lang="en"))
    assert events_of(response) == []
    assert b"Closed meeting" not in response.content


def test_feed_keeps_two_years_of_history():
    old = PastConveningFactory(starts_at=datetime.datetime(2017, 1, 16, 7, tzinfo=datetime.UTC))
    recent = PastConveningFactory()
    request = _request("/en/convenings/feed.ics")
    with translation.override("en"):
        events = Calendar.from_ical(feed_ics(request).content).walk("VEVENT")
    uids = {str(e["uid"]) for e in events}
    assert uids == {f"convening-{recent.pk}@testserver"}
    assert f"convening-{old.pk}@testserver" not in uids


def test_calendar_headers(client):
    response = client.get(FEED.format(lang="en"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="tansiq-convenings.ics"'
    calendar = parse(response)
    assert calendar["version"] == "2.0"
    assert calendar["method"] == "PUBLISH"
    assert calendar["calscale"] == "GREGORIAN"
    assert calendar["x-wr-calname"] == "Tansiq"
    assert "Tansiq" in calendar["prodid"]

    convening = ConveningFactory(slug="assembly-2025")
    response = get_single(client, convening)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="assembly-2025.ics"'


def test_start_and_end_are_in_utc(client):
    # 10:00 in Istanbul (UTC+3 all year since 2016) is 07:00 UTC.
    start = datetime.datetime(2017, 1, 16, 10, tzinfo=ISTANBUL)
    convening = PastConveningFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=6))
    response = get_single(client, convening)
    (event,) = events_of(response)
    assert event.decoded("dtstart") == datetime.datetime(2017, 1, 16, 7, tzinfo=datetime.UTC)
    assert event.decoded("dtend") == datetime.datetime(2017, 1, 16, 13, tzinfo=datetime.UTC)
    assert b"DTSTART:20170116T070000Z\r\n" in response.content
    assert b"DTEND:20170116T130000Z\r\n" in response.content
    assert event.decoded("dtstamp").tzinfo is not None
    assert event.decoded("last-modified") == convening.updated_at.replace(microsecond=0)


@pytest.mark.parametrize(("lang", "title"), [("ar", "الجمعية العامة"), ("en", "General assembly")])
def test_title_in_the_page_language(client, lang, title):
    convening = ConveningFactory(title_ar="الجمعية العامة", title_en="General assembly")
    (event,) = events_of(get_single(client, convening, lang))
    assert str(event["summary"]) == title
    with translation.override(lang):
        assert event["url"] == f"http://testserver{convening.get_absolute_url()}"
    assert f"/{lang}/" in event["url"]
    (event,) = events_of(client.get(FEED.format(lang=lang)))
    assert str(event["summary"]) == title


def test_title_falls_back_to_the_other_language(client):
    convening = ConveningFactory(title_ar="لقاء التنسيق", title_en="")
    (event,) = events_of(get_single(client, convening, "en"))
    assert str(event["summary"]) == "لقاء التنسيق"


def test_view_functions_follow_the_active_language():
    convening = ConveningFactory(title_ar="منتدى", title_en="Forum")
    for lang, title in (("ar", "منتدى"), ("en", "Forum")):
        with translation.override(lang):
            response = convening_ics(_request(f"/{lang}/"), convening.slug)
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["summary"]) == title


def test_description_and_location(client):
    convening = ConveningFactory(
        slogan_en="Together", summary_en="Annual meeting.", venue_city_en="Istanbul"
    )
    (event,) = events_of(get_single(client, convening))
    assert str(event["description"]) == "Together\n\nAnnual meeting."
    with translation.override("en"):
        assert str(event["location"]) == f"Hotel, Istanbul, {convening.venue_country.name}"


@pytest.mark.parametrize("fmt", list(Convening.Format))
def test_join_link_never_appears(client, fmt):
    convening = ConveningFactory(format=fmt, join_url="https://meet.example.org/secret-room-9")
    for response in (get_single(client, convening), client.get(FEED.format(lang="en"))):
        unfolded = response.content.replace(b"\r\n ", b"")
        assert b"secret-room-9" not in unfolded
    (event,) = events_of(get_single(client, convening))
    if fmt == Convening.Format.ONLINE:
        assert str(event["location"]) == "Webex"
    else:
        assert str(event["location"]).startswith("Hotel")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Convening.Status.PLANNED, "CONFIRMED"),
        (Convening.Status.HELD, "CONFIRMED"),
        (Convening.Status.CANCELLED, "CANCELLED"),
        (Convening.Status.POSTPONED, "TENTATIVE"),
    ],
)
def test_status(client, status, expected):
    ConveningFactory(status=status)
    (event,) = events_of(client.get(FEED.format(lang="en")))
    assert event["status"] == expected


def test_members_only_single_ics_is_404_for_anonymous(client):
    convening = ConveningFactory(visibility=Convening.Visibility.MEMBERS)
    assert get_single(client, convening).status_code == 404
    client.force_login(StaffFactory())
    assert len(events_of(get_single(client, convening))) == 1


def test_lines_are_crlf_terminated_and_folded(client):
    ConveningFactory(title_ar="لقاء " * 40, summary_ar="ملخص طويل جدا عن اللقاء وأهدافه. " * 20)
    raw = client.get(FEED.format(lang="ar")).content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded
    # Folding never splits a UTF-8 character.
    raw.replace(b"\r\n ", b"").decode("utf-8")


def test_uid_is_stable_across_requests(client):
    convening = ConveningFactory()
    (first,) = events_of(get_single(client, convening))
    convening.title_en = "Renamed"
    convening.save()
    (second,) = events_of(get_single(client, convening))
    (in_feed,) = events_of(client.get(FEED.format(lang="ar")))
    assert first["uid"] == second["uid"] == in_feed["uid"]
    assert first["uid"] == f"convening-{convening.pk}@testserver"


def _request(path):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request
