"""The recommendations tracker: filters, order, overdue marks, summary counts and CSV export."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Convening
from outcomes.models import Recommendation
from outcomes.selectors import recommendation_summary
from tests.events.factories import PastConveningFactory, in_days
from tests.members.factories import (
    AffiliationFactory,
    BranchFactory,
    OrganizationFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
)

from .factories import BallotFactory, CommitteeFactory, MotionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
R = Recommendation.Status
BOM = "\ufeff"
HEADER = [
    "Convening",
    "Number",
    "Recommendation",
    "Sector",
    "Follow-up committee",
    "Organization in charge",
    "No owner",
    "Due date",
    "Status",
    "Progress (%)",
    "Overdue",
]


def url(name, lang="en"):
    with translation.override(lang):
        return reverse(f"outcomes:{name}")


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def listed(response):
    return [r.text_en for r in response.context["page"].object_list]


def body_of(response):
    """The text of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def csv_rows(response):
    body = body_of(response)
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :])))


@pytest.fixture
def tracker(db):
    """Two public convenings, five recommendations in every situation the tracker shows."""
    turkey = BranchFactory(slug="turkey", name_en="Turkey")
    forum = PastConveningFactory(
        slug="forum", title_en="Forum", organizer_branch=turkey, starts_at=in_days(-90)
    )
    assembly = PastConveningFactory(slug="assembly", title_en="Assembly", starts_at=in_days(-60))
    health = SectorFactory(slug="health", name_en="Health")
    education = SectorFactory(slug="education", name_en="Education")
    health_committee = CommitteeFactory(
        slug="health-c", name_en="Health committee", convening=forum
    )
    education_committee = CommitteeFactory(slug="edu-c", convening=assembly)
    relief = OrganizationFactory(name_en="Relief Society")
    RecommendationFactory(
        convening=forum,
        number=1,
        text_ar="تدريب الكوادر الصحية",
        text_en="late",
        sector=health,
        committee=health_committee,
        responsible=relief,
        due_date=day(-10),
        status=R.IN_PROGRESS,
        progress=40,
    )
    RecommendationFactory(
        convening=forum,
        number=2,
        text_en="soon",
        sector=education,
        committee=health_committee,
        due_date=day(10),
    )
    RecommendationFactory(
        convening=assembly,
        number=1,
        text_en="done",
        committee=education_committee,
        due_date=day(-20),
        status=R.DONE,
        progress=100,
    )
    RecommendationFactory(
        convening=assembly, number=2, text_en="undated", committee=None, due_date=None
    )
    RecommendationFactory(
        convening=assembly,
        number=3,
        text_en="later",
        committee=education_committee,
        due_date=day(100),
        status=R.DROPPED,
    )
    return {"forum": forum, "assembly": assembly}


def members_only_recommendation():
    convening = PastConveningFactory(slug="closed-meeting", visibility=Convening.Visibility.MEMBERS)
    committee = CommitteeFactory(slug="closed-c", convening=convening)
    return RecommendationFactory(
        convening=convening, committee=committee, text_en="members-only", due_date=day(5)
    )


# The page ----------------------------------------------------------------------------------


def test_sorted_by_due_date_with_undated_ones_last(client, tracker):
    response = client.get(url("recommendation_list"))
    assert response.status_code == 200
    assert listed(response) == ["done", "late", "soon", "later", "undated"]


def test_equal_due_dates_follow_the_convening_then_the_number(client):
    old = PastConveningFactory(starts_at=in_days(-200))
    new = PastConveningFactory(starts_at=in_days(-100))
    RecommendationFactory(convening=new, number=1, text_en="new-1", due_date=day(3))
    RecommendationFactory(convening=old, number=2, text_en="old-2", due_date=day(3))
    RecommendationFactory(convening=old, number=1, text_en="old-1", due_date=day(3))
    assert listed(client.get(url("recommendation_list"))) == ["old-1", "old-2", "new-1"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["done", "late", "soon", "later", "undated"]),
        ({"status": "in_progress"}, ["late"]),
        ({"status": "not_started"}, ["soon", "undated"]),
        ({"committee": "health-c"}, ["late", "soon"]),
        ({"convening": "assembly"}, ["done", "later", "undated"]),
        ({"sector": "health"}, ["late"]),
        ({"branch": "turkey"}, ["late", "soon"]),
        ({"overdue": "1"}, ["late"]),
        ({"overdue": "on"}, ["late"]),
        ({"overdue": "0"}, ["done", "late", "soon", "later", "undated"]),
        ({"due_after": 0}, ["soon", "later"]),
        ({"due_before": 0}, ["done", "late"]),
        ({"due_after": -10, "due_before": 10}, ["late", "soon"]),
        ({"due_before": -10}, ["done", "late"]),  # inclusive
        ({"q": "late"}, ["late", "later"]),  # a part of a word is enough
        ({"q": "SOON"}, ["soon"]),
        ({"q": "الصحية"}, ["late"]),
        ({"status": "not_started", "convening": "assembly"}, ["undated"]),
        ({"committee": "health-c", "sector": "education"}, ["soon"]),
    ],
)
def test_tracker_filters(client, tracker, params, expected):
    query = {
        key: day(value).isoformat() if key.startswith("due_") else value
        for key, value in params.items()
    }
    response = client.get(url("recommendation_list"), query)
    assert response.status_code == 200
    assert not response.context["filter"].errors
    assert listed(response) == expected


MALFORMED = [
    ("due_after=2025-13-45", 400),
    ("due_before=abc", 400),
    ("due_after=%00", 400),
    ("due_before=99999-01-01", 400),
    ("due_after=2025-02-30", 400),
    ("q=%00", 400),
    ("q=" + "x" * 500, 400),
    ("q=%E0%A4%A", 200),
    ("committee=nope", 200),  # a text box: no committee by that name, no results
    ("committee=%00", 400),
    ("committee=a%20b", 200),
    ("convening=no-such-convening", 200),
    ("convening=closed-meeting", 200),  # exists, but hidden: nothing found, nothing told
    ("sector=%FF%FE", 400),
    ("branch=%00", 400),
    ("status=emperor", 400),
    ("status=%00", 400),
    ("overdue=maybe", 400),
    ("overdue=%00", 400),
    ("overdue=1&overdue=maybe", 400),
    ("committee=health-c&committee=x", 200),  # the last one counts
    ("page=x", 200),
    ("page=-1", 200),
    ("page=99999", 200),
    ("page=1e9", 200),
    ("sector[]=x", 200),
    ("%%%=%%%", 200),
]


def test_convening_and_committee_are_found_by_part_of_their_name(client, tracker):
    assert listed(client.get(url("recommendation_list"), {"convening": "Assem"})) == [
        "done",
        "later",
        "undated",
    ]
    assert listed(client.get(url("recommendation_list"), {"committee": "health COMM"})) == [
        "late",
        "soon",
    ]


def test_no_filter_lists_every_record_as_an_option(client, tracker):
    """The tracker offers text boxes for convening, committee and organization, so its size
    does not grow with them (at 5,000 convenings the options alone weighed 560 KB)."""
    body = client.get(url("recommendation_list")).content.decode()
    for name in ("convening", "committee", "organization"):
        assert f'<input type="text" name="{name}"' in body


@pytest.mark.parametrize(("query", "csv_status"), MALFORMED)
def test_malformed_query_strings_never_fail(client, tracker, query, csv_status):
    members_only_recommendation()
    response = client.get(url("recommendation_list") + "?" + query)
    if "%00" in query:  # refused at the door with the 400 page (members.strict_input)
        assert response.status_code == 400
        assert client.get(url("recommendation_csv") + "?" + query).status_code == 400
        return
    assert response.status_code == 200
    if csv_status == 400:
        assert response.context["filter"].errors
        assert listed(response) == []
        assert "Some filters could not be used" in response.content.decode()
    export = client.get(url("recommendation_csv") + "?" + query)
    assert export.status_code == csv_status


def test_an_invalid_date_is_shown_back_as_typed_in_a_text_field(client, tracker):
    body = client.get(url("recommendation_list"), {"due_after": "2025-13-45"}).content.decode()
    assert 'type="text" name="due_after" value="2025-13-45"' in body
    assert 'type="date"' not in body


def test_the_overdue_box_sends_1_and_stays_ticked(client, tracker):
    body = client.get(url("recommendation_list"), {"overdue": "1"}).content.decode()
    assert 'type="checkbox" name="overdue" value="1"' in body
    assert "checked" in body.split('name="overdue"')[1].split(">")[0]
    unticked = client.get(url("recommendation_list")).content.decode()
    assert "checked" not in unticked.split('name="overdue"')[1].split(">")[0]


def test_an_invalid_filter_shows_a_translated_message_and_no_results(client, tracker):
    response = client.get(url("recommendation_list", lang="ar"), {"status": "emperor"})
    assert listed(response) == []
    assert "تعذّر استخدام بعض عوامل التصفية" in response.content.decode()


def test_overdue_rows_are_marked_with_a_class_and_a_word(client, tracker):
    response = client.get(url("recommendation_list"))
    body = response.content.decode()
    assert body.count('<tr class="overdue">') == 1
    assert body.count('class="badge badge-overdue">Overdue</span>') == 1
    overdue_row = body.split('<tr class="overdue">')[1].split("</tr>")[0]
    assert "late" in overdue_row
    # Done and dropped ones are never overdue, however old their due date.
    assert [r.text_en for r in response.context["page"].object_list if r.is_overdue] == ["late"]


def test_progress_is_shown_as_a_labelled_bar_and_as_text(client, tracker):
    body = client.get(url("recommendation_list"), {"status": "in_progress"}).content.decode()
    assert '<progress max="100" value="40" aria-label="Progress">40%</progress>' in body


def test_summary_counts_by_status_and_overdue(client, tracker):
    summary = client.get(url("recommendation_list")).context["summary"]
    assert {s["value"]: s["count"] for s in summary["statuses"]} == {
        "not_started": 2,
        "in_progress": 1,
        "done": 1,
        "dropped": 1,
    }
    assert summary["overdue"] == 1


def test_summary_counts_follow_the_filters_not_the_page(client, tracker):
    for n in range(30):
        RecommendationFactory(convening=tracker["assembly"], number=10 + n, status=R.DONE)
    response = client.get(url("recommendation_list"), {"convening": "assembly", "page": 2})
    summary = response.context["summary"]
    assert {s["value"]: s["count"] for s in summary["statuses"]} == {
        "not_started": 1,
        "in_progress": 0,
        "done": 31,
        "dropped": 1,
    }
    assert summary["overdue"] == 0
    body = response.content.decode()
    assert '<dl class="stats">' in body
    assert "<dt>Done</dt><dd>31</dd>" in body


def test_the_summary_is_one_query(django_assert_num_queries, tracker):
    with django_assert_num_queries(1):
        recommendation_summary(Recommendation.objects.all())


def test_the_tracker_paginates_by_25(client, tracker):
    for n in range(25):
        RecommendationFactory(convening=tracker["forum"], number=10 + n)
    first = client.get(url("recommendation_list"))
    second = client.get(url("recommendation_list"), {"page": 2})
    assert len(listed(first)) == 25
    assert len(listed(second)) == 5
    assert "30 recommendations" in first.content.decode()


def test_the_export_link_keeps_the_filters_but_not_the_page(client, tracker):
    for n in range(30):
        RecommendationFactory(convening=tracker["forum"], number=10 + n)
    body = client.get(
        url("recommendation_list"), {"convening": "forum", "page": 2}
    ).content.decode()
    assert 'href="/en/recommendations/export.csv?convening=forum"' in body


def test_an_empty_state_and_a_count(client, tracker):
    body = client.get(url("recommendation_list"), {"q": "nothing-like-this"}).content.decode()
    assert "0 recommendations" in body
    assert "No recommendation matches these filters." in body
    assert "export.csv" not in body


def test_an_empty_tracker_says_so(client, db):
    body = client.get(url("recommendation_list")).content.decode()
    assert "No recommendation is recorded yet." in body


# Who sees what -----------------------------------------------------------------------------


def test_members_only_recommendations_are_hidden_from_anonymous_visitors(client, tracker):
    members_only_recommendation()
    response = client.get(url("recommendation_list"))
    assert "members-only" not in listed(response)
    # Naming a hidden convening or committee finds nothing, as a name that does not exist.
    assert listed(client.get(url("recommendation_list"), {"convening": "closed-meeting"})) == []
    assert listed(client.get(url("recommendation_list"), {"committee": "closed-c"})) == []
    assert "members-only" not in body_of(client.get(url("recommendation_csv")))
    assert {s["value"]: s["count"] for s in response.context["summary"]["statuses"]}[
        "not_started"
    ] == 2


def test_members_only_recommendations_are_hidden_from_a_user_without_an_organization(client):
    members_only_recommendation()
    client.force_login(UserFactory())
    assert listed(client.get(url("recommendation_list"))) == []


def test_a_member_sees_members_only_recommendations(client, tracker):
    members_only_recommendation()
    client.force_login(AffiliationFactory().user)
    assert "members-only" in listed(client.get(url("recommendation_list")))
    response = client.get(url("recommendation_list"), {"convening": "closed-meeting"})
    assert listed(response) == ["members-only"]
    response = client.get(url("recommendation_list"), {"committee": "closed-c"})
    assert listed(response) == ["members-only"]
    assert "members-only" in body_of(client.get(url("recommendation_csv")))


def test_staff_see_members_only_recommendations(client, tracker):
    members_only_recommendation()
    client.force_login(StaffFactory())
    assert "members-only" in listed(client.get(url("recommendation_list")))
    assert "members-only" in body_of(client.get(url("recommendation_csv")))


# CSV export --------------------------------------------------------------------------------


def test_the_csv_is_utf8_with_a_bom_and_an_attachment(client, tracker):
    response = client.get(url("recommendation_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="recommendations.csv"'
    assert response.streaming  # rows are written as they are read, never held in memory
    body = body_of(response)
    assert body.encode("utf-8").startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body[len(BOM) :])))
    assert rows[0] == HEADER
    assert [row[2] for row in rows[1:]] == ["done", "late", "soon", "later", "undated"]


def test_the_csv_row_holds_every_column(client, tracker):
    rows = csv_rows(client.get(url("recommendation_csv"), {"status": "in_progress"}))
    assert rows[1:] == [
        [
            "Forum",
            "1",
            "late",
            "Health",
            "Health committee",
            "Relief Society",
            "Yes",  # neither the committee nor the organization has anyone to report
            day(-10).isoformat(),
            "In progress",
            "40",
            "Yes",
        ]
    ]
    undated = csv_rows(client.get(url("recommendation_csv"), {"q": "undated"}))[1]
    assert undated[3:8] == ["", "", "", "Yes", ""]
    assert undated[-1] == "No"


def test_the_csv_holds_the_filtered_list_only(client, tracker):
    rows = csv_rows(
        client.get(url("recommendation_csv"), {"convening": "assembly", "status": "not_started"})
    )
    assert rows[0] == HEADER
    assert [row[2] for row in rows[1:]] == ["undated"]


def test_the_csv_is_not_paginated(client, tracker):
    for n in range(30):
        RecommendationFactory(convening=tracker["forum"], number=10 + n)
    assert len(csv_rows(client.get(url("recommendation_csv"), {"page": 2}))) == 1 + 35


def test_arabic_round_trips_in_the_csv(client, tracker):
    response = client.get(url("recommendation_csv", lang="ar"), {"sector": "health"})
    rows = csv_rows(response)
    assert len(rows) == 2
    assert rows[1][2] == "تدريب الكوادر الصحية"
    assert rows[1][7] == day(-10).isoformat()


def test_the_csv_text_falls_back_to_the_other_language(client, db):
    RecommendationFactory(text_ar="", text_en="Only in English")
    rows = csv_rows(client.get(url("recommendation_csv", lang="ar")))
    assert rows[1][2] == "Only in English"


def test_the_csv_neutralizes_spreadsheet_formulas(client, db):
    RecommendationFactory(text_en='=HYPERLINK("http://x","y")', text_ar="")
    rows = csv_rows(client.get(url("recommendation_csv")))
    assert rows[1][2] == '\'=HYPERLINK("http://x","y")'


def test_an_invalid_filter_in_the_csv_is_a_translated_400(client, tracker):
    response = client.get(url("recommendation_csv", lang="ar"), {"due_after": "2025-13-45"})
    assert response.status_code == 400
    assert "تعذّر استخدام بعض عوامل التصفية" in response.content.decode()


def test_the_csv_says_nothing_about_votes(client, tracker):
    motion = MotionFactory(convening=tracker["forum"])
    BallotFactory(motion=motion, organization=OrganizationFactory(name_en="Voter Society"))
    Recommendation.objects.filter(text_en="late").update(motion=motion)
    body = body_of(client.get(url("recommendation_csv")))
    assert "Voter Society" not in body
    assert "Yes" not in body.splitlines()[0]


def test_only_get_and_head(client, db):
    assert client.post(url("recommendation_list")).status_code == 405
    assert client.post(url("recommendation_csv")).status_code == 405


# Query counts ------------------------------------------------------------------------------


def add_recommendations(n):
    sector = SectorFactory()
    for _ in range(n):
        convening = PastConveningFactory(organizer_branch=BranchFactory())
        RecommendationFactory(
            convening=convening,
            sector=sector,
            responsible=OrganizationFactory(),
            due_date=day(-1),
            status=R.IN_PROGRESS,
        )


def queries_for(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["recommendation_list", "recommendation_csv"])
@pytest.mark.parametrize("params", [{}, {"overdue": "1", "q": "Recommendation"}])
def test_query_count_is_the_same_for_1_and_50_recommendations(client, name, params):
    add_recommendations(1)
    one = queries_for(client, url(name), params)
    add_recommendations(49)
    assert queries_for(client, url(name), params) == one


@pytest.mark.parametrize("name", ["recommendation_list", "recommendation_csv"])
def test_query_count_for_a_member_is_the_same_for_1_and_50_recommendations(client, name):
    client.force_login(AffiliationFactory().user)
    add_recommendations(1)
    one = queries_for(client, url(name))
    add_recommendations(49)
    assert queries_for(client, url(name)) == one
