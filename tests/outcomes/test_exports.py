"""A convening's vote results and the follow-up report, as CSV and XLSX: the stored results as
the convening's page shows them (a secret ballot reveals nothing more), the report with the
tracker's visibility and filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Convening
from members import clock
from members.models import Affiliation
from outcomes.models import Motion
from outcomes.views.exports import report_header, results_header
from tests.events.factories import AttendanceFactory, PastConveningFactory
from tests.members.exports import body, csv_rows, queries_of_download, xlsx_rows
from tests.members.factories import AffiliationFactory, SectorFactory, UserFactory

from .factories import CommitteeFactory, ProgressUpdateFactory, RecommendationFactory
from .voting import (
    attend,
    cast,
    close,
    closed_with_tallies,
    coordinator_of,
    open_motion,
    room,
    secretariat,
    teller_of,
)

pytestmark = pytest.mark.django_db

RESULTS = [
    "Motion",
    "Title",
    "Kind",
    "Ballot",
    "Majority rule",
    "Quorum (%)",
    "Channel",
    "Eligible",
    "Yes",
    "No",
    "Abstain",
    "Voted",
    "Quorum met",
    "Result",
    "Closed",
    "Counted from",
]


def results_url(slug, fmt="csv", lang="en"):
    with translation.override(lang):
        return reverse(f"outcomes:convening_results_{fmt}", kwargs={"slug": slug})


def report_url(fmt="csv", lang="en"):
    with translation.override(lang):
        return reverse(f"outcomes:recommendation_report_{fmt}")


def istanbul():
    """The 2023 assembly's vote as the article reports it: 24 of 25 in the room, 9 of 29
    online."""
    return closed_with_tallies(
        ("room", 25, 24, 0, 0),
        ("online", 29, 9, 0, 0),
        number=1,
        title_en="Bylaw amendments",
        title_ar="تعديلات النظام الداخلي",
        convening__slug="istanbul",
        convening__reported_room=25,
        convening__reported_online=29,
    )


# Vote results ------------------------------------------------------------------------------


def test_the_results_hold_one_line_per_channel_and_one_for_all(client):
    motion = istanbul()
    rows = csv_rows(client.get(results_url("istanbul")))
    assert rows[0] == RESULTS
    lines = {row[6]: row for row in rows[1:]}
    assert list(lines) == ["In the room", "Online", "In all"]
    assert lines["In the room"][7:12] == ["25", "24", "0", "0", "24"]
    assert lines["Online"][7:12] == ["29", "9", "0", "0", "9"]
    assert lines["In all"][7:12] == ["54", "33", "0", "0", "33"]
    first = lines["In all"]
    assert first[:6] == [
        "1",
        "Bylaw amendments",
        "Resolution",
        "Named",
        str(Motion.Rule.SIMPLE.label),
        "0",
    ]
    assert first[12:14] == ["Yes", "Adopted"]
    closed = timezone.localtime(motion.result.closed_at, motion.convening.tz)
    assert first[14] == closed.strftime("%Y-%m-%d %H:%M")
    assert first[15] == "Totals reported per channel"


def test_a_result_as_reported_claims_no_quorum_and_no_placeholder_time(client):
    """The sources give the result, not the rule; nor, here, the date."""
    closed_with_tallies(
        ("room", 25, 24, 0, 0),
        majority_rule=Motion.Rule.NOT_STATED,
        reported_result=Motion.ReportedResult.ADOPTED,
        convening__slug="as-reported",
        convening__reported_room=25,
        convening__date_not_stated=True,
    )
    total = csv_rows(client.get(results_url("as-reported")))[-1]
    assert total[4] == str(Motion.Rule.NOT_STATED.label)
    assert (total[5], total[12], total[13], total[14]) == ("", "", "Adopted", "")


def test_the_results_are_the_stored_ones_not_a_recount(client):
    motion = open_motion(majority_rule=Motion.Rule.ABSOLUTE, quorum=50, convening__slug="late")
    present = [attend(motion, "room") for _ in range(7)]
    room(
        teller_of(motion.convening),
        motion,
        dict(zip(present, ["yes"] * 4 + ["no"] * 3, strict=True)),
    )
    close(motion)
    for _ in range(4):  # late check-ins, and the rule changed behind the services' back
        AttendanceFactory(convening=motion.convening, channel="room")
    Motion.objects.filter(pk=motion.pk).update(majority_rule=Motion.Rule.SIMPLE, quorum=0)
    total = csv_rows(client.get(results_url("late")))[-1]
    assert total[4:6] == [str(Motion.Rule.ABSOLUTE.label), "50"]
    assert total[7:12] == ["7", "4", "3", "0", "7"]
    assert total[13] == "Adopted"


def test_a_small_secret_channel_is_given_only_inside_the_total(client):
    motion = open_motion(ballot_kind="secret", convening__slug="secret")
    in_room = [attend(motion, "room") for _ in range(4)]
    room(teller_of(motion.convening), motion, dict.fromkeys(in_room, "yes"))
    online = attend(motion, "online", name_en="Lonely online voter")
    cast(coordinator_of(online), motion, online, "no")
    close(motion)
    client.force_login(secretariat())  # nobody gets more, the secretariat included
    for fmt in ("csv", "xlsx"):
        response = client.get(results_url("secret", fmt))
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        assert [row[6] for row in rows[1:]] == ["In all"]
        assert [str(v) for v in rows[1][7:12]] == ["5", "4", "1", "0", "5"]
        assert rows[1][3] == "Secret"
    assert "Lonely" not in body(client.get(results_url("secret"))).decode()


def test_a_secret_vote_with_enough_voters_per_channel_gives_its_channels(client):
    motion = open_motion(ballot_kind="secret", convening__slug="secret")
    in_room = [attend(motion, "room") for _ in range(4)]
    room(
        teller_of(motion.convening),
        motion,
        dict(zip(in_room, ["yes", "no", "yes", "no"], strict=True)),
    )
    for choice in ("yes", "yes", "abstain"):
        online = attend(motion, "online")
        cast(coordinator_of(online), motion, online, choice)
    close(motion)
    rows = csv_rows(client.get(results_url("secret")))
    assert [(row[6], row[11]) for row in rows[1:]] == [
        ("In the room", "4"),
        ("Online", "3"),
        ("In all", "7"),
    ]


def test_an_open_vote_gives_no_count(client):
    motion = open_motion(convening__slug="running")
    voter = attend(motion)
    cast(coordinator_of(voter), motion, voter, "yes")
    client.force_login(secretariat())
    assert csv_rows(client.get(results_url("running"))) == [RESULTS]
    assert xlsx_rows(client.get(results_url("running", "xlsx"))) == [RESULTS]


def test_results_of_a_members_only_convening_are_not_found_without_the_right(client):
    closed_with_tallies(
        ("room", 3, 2, 1, 0),
        convening__slug="closed-door",
        convening__visibility=Convening.Visibility.MEMBERS,
        convening__reported_room=3,
    )
    for fmt in ("csv", "xlsx"):
        assert client.get(results_url("closed-door", fmt)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(results_url("closed-door")).status_code == 404
    client.force_login(AffiliationFactory(role=Affiliation.Role.MEMBER).user)
    assert len(csv_rows(client.get(results_url("closed-door")))) == 3
    assert client.get(results_url("nowhere")).status_code == 404


def test_the_results_xlsx_and_arabic(client):
    istanbul()
    rows = xlsx_rows(client.get(results_url("istanbul", "xlsx", "ar")))
    with translation.override("ar"):
        assert rows[0] == [str(label) for label in results_header()]
        assert rows[1][6] == "حضوريًا في القاعة"
    assert rows[0][0] == "المقترح"
    assert rows[1][1] == "تعديلات النظام الداخلي"
    assert rows[3][7:12] == [54, 33, 0, 0, 33]
    assert isinstance(rows[3][14], datetime.datetime)


def test_the_results_cost_the_same_queries_for_one_motion_and_for_fifty(client):
    convening = PastConveningFactory(slug="many", reported_room=5)
    closed_with_tallies(("room", 5, 3, 1, 1), convening=convening)
    one = queries_of_download(client, results_url("many"))
    for _ in range(49):
        closed_with_tallies(("room", 5, 3, 1, 1), convening=convening)
    assert len(csv_rows(client.get(results_url("many")))) == 1 + 50 * 2
    assert queries_of_download(client, results_url("many")) == one
    assert queries_of_download(client, results_url("many", "xlsx")) == one


def test_the_convening_page_links_to_the_results_once_there_are_some(client):
    motion = open_motion(convening__slug="vote-day")
    page = client.get(motion.convening.get_absolute_url()).content.decode()
    assert "results.csv" not in page
    close(motion)
    page = client.get(motion.convening.get_absolute_url()).content.decode()
    assert 'href="/en/convenings/vote-day/results.csv"' in page
    assert 'href="/en/convenings/vote-day/results.xlsx"' in page


# The follow-up report ----------------------------------------------------------------------


@pytest.fixture
def followed():
    convening = PastConveningFactory(slug="forum", title_en="Forum", title_ar="الملتقى")
    health = SectorFactory(slug="health", name_en="Health")
    committee = CommitteeFactory(slug="health-c", name_en="Health committee", convening=convening)
    today = clock.federation_today()
    late = RecommendationFactory(
        convening=convening,
        number=1,
        text_en="Train health workers",
        text_ar="تدريب الكوادر الصحية",
        sector=health,
        committee=committee,
        due_date=today - datetime.timedelta(days=10),
        status="in_progress",
        progress=40,
    )
    ProgressUpdateFactory(recommendation=late, note_en="First", author__name="Old")
    ProgressUpdateFactory(
        recommendation=late, note_en="=cmd|' /C calc'!A0", author__name="Rana", progress=40
    )
    RecommendationFactory(convening=convening, number=2, text_en="Map the camps", committee=None)
    hidden = PastConveningFactory(slug="closed-door", visibility=Convening.Visibility.MEMBERS)
    RecommendationFactory(convening=hidden, number=1, text_en="members-only")
    return late


def test_the_report_holds_every_column_with_the_latest_update(client, followed):
    rows = csv_rows(client.get(report_url(), {"status": "in_progress"}))
    assert rows[0] == [
        "Convening",
        "Convening date",
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
        "Latest update",
        "Latest update by",
        "Latest update: note",
    ]
    update = followed.updates.order_by("-created_at", "-pk").first()
    assert rows[1] == [
        "Forum",
        followed.convening.local_start.date().isoformat(),
        "1",
        "Train health workers",
        "Health",
        "Health committee",
        "",
        "Yes",  # nobody holds a seat on the committee
        followed.due_date.isoformat(),
        "In progress",
        "40",
        "Yes",
        timezone.localtime(update.created_at, clock.federation_zone()).date().isoformat(),
        "Rana",
        "'=cmd|' /C calc'!A0",  # neutralised
    ]


def test_the_report_is_filtered_and_seen_like_the_page(client, followed):
    texts = [row[3] for row in csv_rows(client.get(report_url()))[1:]]
    assert texts == ["Train health workers", "Map the camps"]  # not the members-only one
    assert [row[3] for row in csv_rows(client.get(report_url(), {"overdue": "1"}))[1:]] == [
        "Train health workers"
    ]
    assert [row[3] for row in xlsx_rows(client.get(report_url("xlsx"), {"q": "camps"}))[1:]] == [
        "Map the camps"
    ]
    client.force_login(AffiliationFactory().user)
    assert "members-only" in [row[3] for row in csv_rows(client.get(report_url()))[1:]]


@pytest.mark.parametrize(
    "query",
    [{"status": "nonsense"}, {"overdue": "maybe"}, {"due_after": "2024-13-45"}, {"sector": "a b"}],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_malformed_report_filters_are_refused_never_a_server_error(client, followed, query, fmt):
    response = client.get(report_url(fmt), query)
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def test_the_report_in_arabic(client, followed):
    rows = xlsx_rows(client.get(report_url("xlsx", "ar"), {"status": "in_progress"}))
    with translation.override("ar"):
        assert rows[0] == [str(label) for label in report_header()]
    assert rows[0][0] == "اللقاء"
    assert rows[1][0] == "الملتقى" and rows[1][3] == "تدريب الكوادر الصحية"
    assert rows[1][8] == datetime.datetime.combine(followed.due_date, datetime.time())
    assert rows[1][13] == "Rana"
    assert rows[1][14] == "=cmd|' /C calc'!A0"  # text in the workbook, never a formula


def test_the_report_costs_the_same_queries_for_one_row_and_for_fifty(client):
    convening = PastConveningFactory()
    ProgressUpdateFactory(recommendation__convening=convening)
    one = queries_of_download(client, report_url())
    for _ in range(49):
        ProgressUpdateFactory(recommendation__convening=convening)
    assert len(csv_rows(client.get(report_url()))) == 51
    assert queries_of_download(client, report_url()) == one
    assert queries_of_download(client, report_url("xlsx")) == one


def test_the_report_page_links_to_its_exports_with_its_filters(client, followed):
    page = client.get(reverse("outcomes:recommendation_report"), {"sector": "health"})
    html = page.content.decode()
    assert 'href="/en/recommendations/report.csv?sector=health"' in html
    assert 'href="/en/recommendations/report.xlsx?sector=health"' in html
