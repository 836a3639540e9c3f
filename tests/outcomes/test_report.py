"""The follow-up report: the tracker's filters and counts, owners, latest updates, who sees
what, print styles, malformed filters and a query count that does not grow with the rows."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Convening
from members import clock
from outcomes.models import Recommendation
from tests.events.factories import PastConveningFactory, in_days
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    StaffFactory,
    UserFactory,
)

from .factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db
R = Recommendation.Status


def url(name="recommendation_report", lang="en"):
    with translation.override(lang):
        return reverse(f"outcomes:{name}")


def day(offset):
    return clock.federation_today() + datetime.timedelta(days=offset)


def listed(response):
    return [rec.text_en for group in response.context["groups"] for rec in group["recommendations"]]


def query(params):
    """Due dates are given as days from today."""
    return {
        key: day(value).isoformat() if key.startswith("due_") else value
        for key, value in params.items()
    }


def counts(summary):
    return {s["value"]: s["count"] for s in summary["statuses"]}


@pytest.fixture
def report(db):
    """Two public convenings; owned and unowned, overdue and not, open and closed items."""
    forum = PastConveningFactory(slug="forum", title_en="Forum", starts_at=in_days(-90))
    assembly = PastConveningFactory(slug="assembly", title_en="Assembly", starts_at=in_days(-60))
    staffed = CommitteeFactory(slug="staffed", name_en="Staffed committee", convening=forum)
    CommitteeMemberFactory(committee=staffed, role="chair")
    empty = CommitteeFactory(slug="empty", name_en="Empty committee", convening=assembly)
    relief = OrganizationFactory(slug="relief", name_en="Relief Society")
    AffiliationFactory(organization=relief)
    lonely = OrganizationFactory(slug="lonely", name_en="Lonely Org")  # no coordinator
    late = RecommendationFactory(
        convening=forum,
        number=1,
        text_en="late",
        committee=staffed,
        due_date=day(-10),
        status=R.IN_PROGRESS,
        progress=40,
    )
    RecommendationFactory(
        convening=forum, number=2, text_en="soon", committee=empty, due_date=day(10)
    )
    RecommendationFactory(
        convening=assembly,
        number=1,
        text_en="done",
        committee=empty,
        due_date=day(-20),
        status=R.DONE,
        progress=100,
    )
    RecommendationFactory(
        convening=assembly, number=2, text_en="undated", committee=None, responsible=relief
    )
    RecommendationFactory(
        convening=assembly,
        number=3,
        text_en="orphan",
        committee=None,
        responsible=lonely,
        due_date=day(-5),
    )
    RecommendationFactory(
        convening=assembly,
        number=4,
        text_en="later",
        committee=empty,
        due_date=day(100),
        status=R.DROPPED,
    )
    ProgressUpdateFactory(
        recommendation=late,
        note_en="older note",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    ProgressUpdateFactory(
        recommendation=late,
        author=UserFactory(name="Huda Ali"),
        note_en="newest note " + "word " * 60,
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    return {"forum": forum, "assembly": assembly}


def members_only_recommendation():
    convening = PastConveningFactory(slug="closed-meeting", visibility=Convening.Visibility.MEMBERS)
    committee = CommitteeFactory(slug="closed-c", convening=convening)
    return RecommendationFactory(
        convening=convening, committee=committee, text_en="members-only", due_date=day(5)
    )


# The same counts as the tracker -------------------------------------------------------------


FILTERS = [
    {},
    {"status": "not_started"},
    {"status": "done"},
    {"convening": "assembly"},
    {"committee": "empty"},
    {"organization": "relief"},
    {"organization": "lonely"},
    {"overdue": "1"},
    {"unowned": "1"},
    {"overdue": "1", "unowned": "1"},
    {"due_after": -15, "due_before": 15},
    {"q": "late"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_the_counts_equal_the_trackers_for_the_same_filters(client, report, params):
    members_only_recommendation()  # hidden from both pages alike
    params = query(params)
    response = client.get(url(), params)
    assert response.status_code == 200
    summary = response.context["summary"]
    tracker = client.get(url("recommendation_list"), params)
    assert summary["total"] == tracker.context["page"].paginator.count == len(listed(response))
    assert counts(summary) == counts(tracker.context["summary"])
    assert summary["overdue"] == tracker.context["summary"]["overdue"]
    # The tracker's own filters count the same overdue and unowned items.
    overdue = client.get(url("recommendation_list"), {**params, "overdue": "1"})
    assert summary["overdue"] == overdue.context["page"].paginator.count
    unowned = client.get(url("recommendation_list"), {**params, "unowned": "1"})
    assert summary["unowned"] == unowned.context["page"].paginator.count


def test_the_counts_at_the_top(client, report):
    response = client.get(url())
    summary = response.context["summary"]
    assert counts(summary) == {"not_started": 3, "in_progress": 1, "done": 1, "dropped": 1}
    assert summary["overdue"] == 2  # late, orphan; "done" is closed
    assert summary["unowned"] == 2  # soon (empty committee), orphan (no coordinator)
    body = response.content.decode()
    assert '<div class="stat-overdue"><dt>Overdue</dt><dd>2</dd></div>' in body
    assert '<div class="stat-unowned"><dt>No owner</dt><dd>2</dd></div>' in body
    assert "6 recommendations" in body


# The filters (shared with the tracker) ----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unowned": "1"}, ["soon", "orphan"]),
        ({"unowned": "on"}, ["soon", "orphan"]),
        ({"unowned": "0"}, ["late", "soon", "done", "undated", "orphan", "later"]),
        ({"organization": "relief"}, ["undated"]),
        ({"organization": "lonely", "overdue": "1"}, ["orphan"]),
        ({"convening": "forum"}, ["late", "soon"]),
        ({"due_before": 0}, ["late", "done", "orphan"]),
    ],
)
def test_the_report_filters(client, report, params, expected):
    response = client.get(url(), query(params))
    assert not response.context["filter"].errors
    assert listed(response) == expected


def test_the_tracker_filters_by_organization_and_unowned_too(client, report):
    def tracker(params):
        response = client.get(url("recommendation_list"), params)
        return sorted(r.text_en for r in response.context["page"].object_list)

    assert tracker({"unowned": "1"}) == ["orphan", "soon"]
    assert tracker({"organization": "relief"}) == ["undated"]


def test_a_committee_seat_without_an_account_is_no_owner(client, report):
    seat = CommitteeMemberFactory(user=None, committee__convening=report["forum"])
    RecommendationFactory(
        convening=report["forum"], number=9, text_en="ghosted", committee=seat.committee
    )
    assert "ghosted" in listed(client.get(url(), {"unowned": "1"}))


def test_an_organization_in_charge_of_hidden_recommendations_finds_nothing(client, report):
    hidden = members_only_recommendation()
    hidden.responsible = OrganizationFactory(slug="secret-partner")
    hidden.save()
    assert listed(client.get(url(), {"organization": "secret-partner"})) == []
    response = client.get(url(), {"organization": "relief"})
    assert {
        r.responsible.slug for g in response.context["groups"] for r in g["recommendations"]
    } == {"relief"}


# What the report shows ---------------------------------------------------------------------


def test_grouped_by_convening_in_convening_then_number_order(client, report):
    response = client.get(url())
    groups = response.context["groups"]
    assert [g["convening"].slug for g in groups] == ["forum", "assembly"]
    assert [[r.number for r in g["recommendations"]] for g in groups] == [[1, 2], [1, 2, 3, 4]]
    body = response.content.decode()
    assert body.index("<bdi>Forum</bdi></a>") < body.index("<bdi>Assembly</bdi></a>")


def test_each_row_names_its_owner_or_says_there_is_none(client, report):
    body = client.get(url()).content.decode()
    rows = {row.split("</tr>")[0] for row in body.split("<tr class=")[1:]}

    def row(text):
        return next(r for r in rows if f"{text}<" in r)

    assert "Staffed committee" in row("late") and "No owner" not in row("late")
    assert "Empty committee" in row("soon") and "badge-unowned" in row("soon")
    assert "Relief Society" in row("undated") and "No owner" not in row("undated")
    assert "Lonely Org" in row("orphan") and "badge-unowned" in row("orphan")
    # Closed items need no owner any more.
    assert "badge-unowned" not in row("done")
    assert body.count('class="badge badge-unowned"') == 2


def test_the_latest_update_only_with_date_author_and_a_truncated_note(client, report):
    body = client.get(url(), {"q": "late", "status": "in_progress"}).content.decode()
    assert "newest note" in body
    assert "older note" not in body
    assert "Huda Ali" in body
    assert "word " * 40 not in body  # truncated
    assert "No update yet" not in body
    assert "No update yet" in client.get(url(), {"q": "soon"}).content.decode()


def test_due_date_status_progress_and_overdue_mark(client, report):
    body = client.get(url(), {"q": "late", "status": "in_progress"}).content.decode()
    assert f'datetime="{day(-10).isoformat()}"' in body
    assert '<span class="badge status-r-in_progress">In progress</span>' in body
    assert "40%" in body
    assert '<tr class="overdue">' in body


def test_the_heading_names_the_filters_and_the_date(client, report):
    response = client.get(url(), {"status": "not_started", "organization": "lonely"})
    body = response.content.decode()
    assert "Filters: Status: <bdi>Not started</bdi>, Organization in charge: " in body
    assert "<bdi>Lonely Org</bdi>" in body
    today = clock.federation_today()
    assert f'Report of <time datetime="{today.isoformat()}">' in body
    unfiltered = client.get(url()).content.decode()
    assert "All recommendations, across convenings." in unfiltered
    flags = client.get(url(), {"overdue": "1", "unowned": "1"}).content.decode()
    assert "Filters: Overdue only, No owner only" in flags


def test_the_period_is_named_with_dates(client, report):
    body = client.get(url(), {"due_after": "2020-01-02"}).content.decode()
    assert "Due on or after: <bdi>Jan. 2, 2020</bdi>" in body


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_the_report_in_both_languages(client, report, lang, direction):
    response = client.get(url(lang=lang))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in body
    if lang == "ar":
        assert "توصية" in body  # the recommendations' Arabic text
    else:
        assert "Follow-up report" in body


def test_an_empty_report_says_so(client, db):
    body = client.get(url()).content.decode()
    assert "No recommendation is recorded yet." in body


def test_no_match_says_so(client, report):
    body = client.get(url(), {"q": "nothing-like-this"}).content.decode()
    assert "No recommendation matches these filters." in body


# Print ------------------------------------------------------------------------------------


def test_the_page_prints_cleanly():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "tansiq.css").read_text()
    block = css.split("/* Follow-up report (and its print styles) */")[1]
    printed = block.split("@media print {")[1]
    assert ".report-page .site-header" in printed and "display: none" in printed
    assert ".report-filters" in printed and ".report .actions" in printed
    assert "thead { display: table-header-group; }" in printed
    assert "overflow: visible" in printed
    assert "break-inside: avoid" in printed


def test_the_report_page_uses_the_print_hooks(client, report):
    body = client.get(url()).content.decode()
    assert '<body class="report-page">' in body
    assert 'class="filters report-filters"' in body
    assert '<table class="stacked report-table">' in body
    assert "<thead>" in body


# Who sees what -----------------------------------------------------------------------------


def test_anonymous_visitors_do_not_see_members_only_items(client, report):
    members_only_recommendation()
    response = client.get(url())
    assert "members-only" not in listed(response)
    assert response.context["summary"]["total"] == 6


def test_a_member_sees_members_only_items(client, report):
    members_only_recommendation()
    client.force_login(AffiliationFactory().user)
    assert "members-only" in listed(client.get(url()))


def test_a_committee_member_outside_the_members_sees_their_items(client, report):
    hidden = members_only_recommendation()
    seat = CommitteeMemberFactory(committee=hidden.committee)
    client.force_login(seat.person.user)
    assert "members-only" in listed(client.get(url()))


def test_a_user_without_an_organization_does_not(client, report):
    members_only_recommendation()
    client.force_login(UserFactory())
    assert "members-only" not in listed(client.get(url()))


def test_the_secretariat_sees_everything(client, report):
    members_only_recommendation()
    client.force_login(StaffFactory())
    response = client.get(url())
    assert "members-only" in listed(response)
    assert response.context["summary"]["total"] == 7


# Malformed filters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "due_after=2025-13-45",
        "due_before=%00",
        "q=%00",
        "q=" + "x" * 500,
        "committee=%00",
        "organization=%00",
        "status=emperor",
        "overdue=maybe",
        "unowned=maybe",
        "unowned=%00",
        "unowned=1&unowned=maybe",
    ],
)
def test_malformed_filters_show_errors_and_no_results(client, report, query):
    members_only_recommendation()
    response = client.get(url() + "?" + query)
    if "%00" in query:  # refused at the door with the 400 page (members.strict_input)
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert listed(response) == []
    body = response.content.decode()
    assert "Some filters could not be used" in body
    assert "stat-overdue" not in body


@pytest.mark.parametrize("query", ["page=x", "%%%=%%%", "sector[]=x", "q=%E0%A4%A"])
def test_odd_but_harmless_query_strings_still_show_the_report(client, report, query):
    assert client.get(url() + "?" + query).status_code == 200


# Query count -------------------------------------------------------------------------------


def add_recommendations(convenings, n, start):
    relief = OrganizationFactory()
    AffiliationFactory(organization=relief)
    for i in range(n):
        convening = convenings[i % len(convenings)]
        committee = CommitteeFactory(convening=convening)
        CommitteeMemberFactory(committee=committee)
        rec = RecommendationFactory(
            convening=convening,
            number=start + i,
            committee=committee if i % 3 else None,
            responsible=relief if i % 2 else OrganizationFactory(),
            due_date=day(i - n // 2),
        )
        ProgressUpdateFactory(recommendation=rec)
        ProgressUpdateFactory(recommendation=rec)


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_report_costs_the_same_for_1_and_30_recommendations(client, db, signed_in):
    if signed_in:
        client.force_login(AffiliationFactory().user)
    convenings = [PastConveningFactory() for _ in range(3)]
    add_recommendations(convenings, 1, 1)
    one, response = queries_for(client, url())
    assert len(listed(response)) == 1
    add_recommendations(convenings, 29, 100)
    many, response = queries_for(client, url())
    assert len(listed(response)) == 30
    assert many == one


def test_a_very_large_report_lists_the_first_items_and_says_so(client, report, monkeypatch):
    monkeypatch.setattr("outcomes.views.report.REPORT_LIMIT", 3)
    response = client.get(url())
    assert response.context["truncated"] is True
    assert sum(len(g["recommendations"]) for g in response.context["groups"]) == 3
    assert "lists the first 3 recommendations only" in response.content.decode()
    # The counts are still those of every recommendation the filters select.
    assert response.context["summary"]["total"] > 3
