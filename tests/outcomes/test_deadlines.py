"""Deadline calendars: per committee, per organization, and the personal feed behind a secret
token; open items with a due date only, all-day events, the URL's language, who sees what."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from events.models import Convening
from members import clock, services
from members.models import Organization
from outcomes.models import Recommendation
from tests.events.factories import PastConveningFactory
from tests.members.factories import AffiliationFactory, OrganizationFactory, UserFactory

from .factories import CommitteeFactory, CommitteeMemberFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
R = Recommendation.Status
INVALID = "This calendar link is not valid; it may have been reset."


def day(offset):
    return clock.federation_today() + datetime.timedelta(days=offset)


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar.walk("VEVENT")


def summaries(response):
    return sorted(str(event["SUMMARY"]) for event in events(response))


@pytest.fixture
def site(db):
    """A public convening whose committee has one of every kind of recommendation."""
    forum = PastConveningFactory(slug="forum", title_en="Forum", title_ar="الملتقى")
    committee = CommitteeFactory(slug="health", name_en="Health committee", convening=forum)
    relief = OrganizationFactory(slug="relief", name_en="Relief Society", name_ar="جمعية الإغاثة")

    def rec(number, text, **kwargs):
        kwargs.setdefault("committee", committee)
        kwargs.setdefault("due_date", day(10))
        return RecommendationFactory(
            convening=forum, number=number, text_en=text, text_ar=f"توصية {text}", **kwargs
        )

    return {
        "forum": forum,
        "committee": committee,
        "relief": relief,
        "open": rec(1, "Train the health workers", responsible=relief, due_date=day(10)),
        "started": rec(2, "Open clinics", status=R.IN_PROGRESS, due_date=day(-3)),
        "done": rec(3, "Finished", status=R.DONE, responsible=relief),
        "dropped": rec(4, "Abandoned", status=R.DROPPED),
        "undated": rec(5, "Someday", due_date=None, responsible=relief),
    }


def members_only(site):
    """A members-only convening, its committee and an item the relief society is in charge of."""
    closed = PastConveningFactory(slug="closed", visibility=Convening.Visibility.MEMBERS)
    committee = CommitteeFactory(slug="closed-c", convening=closed)
    return RecommendationFactory(
        convening=closed,
        committee=committee,
        responsible=site["relief"],
        number=1,
        text_en="Members only",
        due_date=day(20),
    )


# The committee feed ------------------------------------------------------------------------


def test_a_committee_feed_holds_its_open_recommendations_with_a_due_date(client, site):
    response = client.get("/en/committees/health/deadlines.ics")
    assert summaries(response) == [
        "Recommendation 1: Train the health workers",
        "Recommendation 2: Open clinics",
    ]
    assert 'filename="health-deadlines.ics"' in response["Content-Disposition"]


def test_events_are_all_day_on_the_due_date(client, site):
    body = client.get("/en/committees/health/deadlines.ics").content.decode()
    assert f"DTSTART;VALUE=DATE:{day(10):%Y%m%d}\r\n" in body
    assert f"DTEND;VALUE=DATE:{day(11):%Y%m%d}\r\n" in body
    assert f"DTSTART;VALUE=DATE:{day(-3):%Y%m%d}\r\n" in body
    assert "BEGIN:VCALENDAR\r\n" in body and "VERSION:2.0\r\n" in body


def test_an_event_links_to_the_recommendation_and_names_convening_and_owner(client, site):
    (event,) = [
        e for e in events(client.get("/en/committees/health/deadlines.ics")) if "1:" in e["SUMMARY"]
    ]
    assert str(event["URL"]) == "http://testserver/en/recommendations/forum/1/"
    description = str(event["DESCRIPTION"])
    assert "Train the health workers" in description
    assert "Convening: Forum" in description
    assert "Follow-up committee: Health committee" in description
    assert "Organization in charge: Relief Society" in description
    assert "No owner" in description  # no seat, no coordinator: only the secretariat


def test_the_uid_is_stable_per_recommendation_across_requests_and_languages(client, site):
    first = client.get("/en/committees/health/deadlines.ics")
    english = [str(e["UID"]) for e in events(first)]
    assert english == [
        f"recommendation-{site['started'].pk}@testserver",
        f"recommendation-{site['open'].pk}@testserver",
    ]
    again = [str(e["UID"]) for e in events(client.get("/en/committees/health/deadlines.ics"))]
    arabic = [str(e["UID"]) for e in events(client.get("/ar/committees/health/deadlines.ics"))]
    assert english == again == arabic


def test_a_long_text_is_truncated_in_the_summary(client, site):
    site["open"].text_en = "word " * 100
    site["open"].save()
    summary = next(
        str(e["SUMMARY"])
        for e in events(client.get("/en/committees/health/deadlines.ics"))
        if str(e["SUMMARY"]).startswith("Recommendation 1:")
    )
    assert len(summary) < 120
    assert summary.endswith("…")


def test_the_feed_speaks_the_urls_language(client, site):
    response = client.get("/ar/committees/health/deadlines.ics")
    (event,) = [e for e in events(response) if str(e["URL"]).endswith("/forum/1/")]
    assert "توصية Train the health workers" in str(event["SUMMARY"])
    assert str(event["URL"]) == "http://testserver/ar/recommendations/forum/1/"
    assert "الملتقى" in str(event["DESCRIPTION"])
    assert "جمعية الإغاثة" in str(event["DESCRIPTION"])


def test_a_committee_of_a_members_only_convening_is_a_404_for_outsiders(client, site):
    members_only(site)
    assert client.get("/en/committees/closed-c/deadlines.ics").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/en/committees/closed-c/deadlines.ics").status_code == 404
    client.force_login(AffiliationFactory().user)
    assert summaries(client.get("/en/committees/closed-c/deadlines.ics")) == [
        "Recommendation 1: Members only"
    ]


def test_a_committee_member_outside_the_members_reads_their_committees_feed(client, site):
    item = members_only(site)
    seat = CommitteeMemberFactory(committee=item.committee)
    client.force_login(seat.person.user)
    assert len(events(client.get("/en/committees/closed-c/deadlines.ics"))) == 1


def test_an_unknown_committee_is_a_404(client, site):
    assert client.get("/en/committees/nope/deadlines.ics").status_code == 404


# The organization feed ---------------------------------------------------------------------


def test_an_organization_feed_holds_what_it_is_in_charge_of(client, site):
    members_only(site)
    response = client.get("/en/organizations/relief/deadlines.ics")
    # Done and undated ones are left out; the members-only one is hidden from this visitor.
    assert summaries(response) == ["Recommendation 1: Train the health workers"]
    client.force_login(AffiliationFactory().user)
    assert summaries(client.get("/en/organizations/relief/deadlines.ics")) == [
        "Recommendation 1: Members only",
        "Recommendation 1: Train the health workers",
    ]


def test_an_organization_the_visitor_may_not_see_is_a_404(client, site):
    OrganizationFactory(slug="applicant", status=Organization.Status.APPLICANT)
    assert client.get("/en/organizations/applicant/deadlines.ics").status_code == 404
    assert client.get("/en/organizations/nope/deadlines.ics").status_code == 404


def test_the_organization_page_links_its_feed(client, site):
    body = client.get("/en/organizations/relief/").content.decode()
    assert 'href="/en/organizations/relief/deadlines.ics"' in body


# The personal feed -------------------------------------------------------------------------


@pytest.fixture
def reporter(site):
    """Sits on the health committee, and coordinates an organization in charge of one item."""
    seat = CommitteeMemberFactory(committee=site["committee"])
    user = seat.person.user
    other = OrganizationFactory(slug="other")
    AffiliationFactory(user=user, organization=other)
    RecommendationFactory(
        convening=site["forum"],
        number=6,
        committee=None,
        responsible=other,
        text_en="Mine too",
        text_ar="توصية Mine too",
        due_date=day(30),
    )
    RecommendationFactory(
        convening=site["forum"], number=7, committee=None, text_en="Not mine", due_date=day(30)
    )
    services.feed_token_reset(user=user)
    user.refresh_from_db()
    return user


def feed_url(user, lang="en"):
    return f"/{lang}/recommendations/deadlines/{user.feed_token}.ics"


def test_the_personal_feed_holds_what_its_user_may_report_on(client, reporter):
    response = client.get(feed_url(reporter))  # no session: calendar apps have none
    assert summaries(response) == [
        "Recommendation 1: Train the health workers",
        "Recommendation 2: Open clinics",
        "Recommendation 6: Mine too",
    ]
    assert response["Cache-Control"] == "private"


def test_the_personal_feed_needs_no_session_and_ignores_one(client, reporter):
    client.force_login(UserFactory())  # someone else's session changes nothing
    assert len(events(client.get(feed_url(reporter)))) == 3
    client.logout()
    assert len(events(client.get(feed_url(reporter)))) == 3


def test_the_personal_feed_in_arabic(client, reporter):
    feed = events(client.get(feed_url(reporter, "ar")))
    assert all("/ar/recommendations/" in str(e["URL"]) for e in feed)
    assert any("توصية Mine too" in str(e["SUMMARY"]) for e in feed)


def test_a_reset_token_kills_the_old_url_and_the_new_one_works(client, reporter):
    old = feed_url(reporter)
    services.feed_token_reset(user=reporter)
    response = client.get(old)
    assert response.status_code == 404
    assert response.content.decode() == INVALID
    assert len(events(client.get(feed_url(reporter)))) == 3


@pytest.mark.parametrize(
    "token",
    [
        "unknown-token-of-a-good-shape-0123456789",
        "short",
        "x" * 65,
        "x" * 500,
        "%00" * 20,
        "a%00" + "b" * 30,
        "with%20space-and-more-characters",
        "%FF%FE" * 10,
        "..",
        "None",
    ],
)
def test_an_unknown_or_malformed_token_is_a_404_with_a_clear_text(client, reporter, token):
    response = client.get(f"/en/recommendations/deadlines/{token}.ics")
    assert response.status_code == 404
    assert response.content.decode() == INVALID


def test_a_user_without_a_token_has_no_feed(client, db):
    UserFactory()  # feed_token is NULL
    assert client.get("/en/recommendations/deadlines/None.ics").status_code == 404


def test_a_deactivated_users_feed_stops(client, reporter):
    reporter.is_active = False
    reporter.save()
    assert client.get(feed_url(reporter)).status_code == 404


def test_a_seat_that_ended_leaves_the_feed(client, reporter, site):
    reporter.person.committee_seats.update(ends_on=day(-1), starts_on=day(-100))
    assert summaries(client.get(feed_url(reporter))) == ["Recommendation 6: Mine too"]


def test_only_safe_methods(client, reporter):
    assert client.post(feed_url(reporter)).status_code == 405


# Query counts ------------------------------------------------------------------------------


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200
    return len(queries), len(events(response))


def test_feeds_cost_the_same_for_1_and_30_recommendations(client, reporter, site):
    def grow(n, start):
        for i in range(n):
            RecommendationFactory(
                convening=site["forum"],
                number=start + i,
                committee=site["committee"],
                responsible=site["relief"],
                due_date=day(i),
            )

    paths = [
        "/en/committees/health/deadlines.ics",
        "/en/organizations/relief/deadlines.ics",
        feed_url(reporter),
    ]
    before = [queries_for(client, path) for path in paths]
    grow(30, 100)
    after = [queries_for(client, path) for path in paths]
    assert [q for q, _n in before] == [q for q, _n in after]
    assert [n + 30 for _q, n in before] == [n for _q, n in after]
