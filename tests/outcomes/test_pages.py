import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes import services
from outcomes.models import Ballot, Motion
from tests.events.factories import AttendanceFactory, ConveningFactory, PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    StaffFactory,
    UserFactory,
)

from .factories import MotionFactory, ProgressUpdateFactory, RecommendationFactory, TallyFactory

pytestmark = pytest.mark.django_db


def body(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_convening_page_shows_the_vote_per_channel_and_the_recommendations(client):
    motion = MotionFactory(
        status="closed",
        title_en="Branches bylaw",
        convening__reported_room=25,
        convening__reported_online=29,
    )
    TallyFactory(motion=motion, channel="room", eligible=25, yes=24, no=0, abstain=0)
    TallyFactory(motion=motion, channel="online", eligible=29, yes=9, no=0, abstain=0)
    RecommendationFactory(
        convening=motion.convening,
        text_en="Form an advocacy committee",
        progress=40,
        status="in_progress",
    )
    page = body(client, motion.convening.get_absolute_url().replace("/ar/", "/en/"))
    assert "Branches bylaw" in page and "Adopted" in page
    assert "24" in page and "9 / 29" in page and "33 / 54" in page
    assert "Form an advocacy committee" in page and "40%" in page


def test_results_are_hidden_until_the_motion_closes(client):
    motion = MotionFactory(status="open", convening=ConveningFactory(), title_en="Open motion")
    organization = OrganizationFactory()
    AttendanceFactory(convening=motion.convening, organization=organization, channel="room")
    Ballot.objects.create(motion=motion, organization=organization, channel="room", choice="no")
    page = body(client, f"/en/convenings/{motion.convening.slug}/")
    assert "Open motion" in page and "results are shown when it closes" in page
    assert "Adopted" not in page and "Rejected" not in page


def test_draft_motions_are_for_staff_only(client):
    motion = MotionFactory(status="draft", title_en="Secret draft")
    path = f"/en/convenings/{motion.convening.slug}/"
    assert "Secret draft" not in body(client, path)
    client.force_login(StaffFactory())
    assert "Secret draft" in body(client, path)


def test_members_only_outcomes_are_hidden_from_outsiders(client):
    recommendation = RecommendationFactory(convening__visibility="members", text_en="Hidden rec")
    path = f"/en/convenings/{recommendation.convening.slug}/"
    assert client.get(path).status_code == 404
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    client.force_login(AffiliationFactory(role="member").user)
    assert "Hidden rec" in body(client, path)


def test_a_secret_choice_is_never_shown_next_to_an_organization(client):
    motion = MotionFactory(status="open", ballot_kind="secret", convening=ConveningFactory())
    staff = StaffFactory()
    names = []
    for choice in ("yes", "no", "no"):
        organization = OrganizationFactory(name_en=f"Voter {choice} {len(names)}")
        names.append(organization.name_en)
        AttendanceFactory(convening=motion.convening, organization=organization, channel="room")
        services.ballot_cast(
            user=staff, motion=motion, organization=organization, choice=choice, channel="room"
        )
    services.motion_close(motion=motion)
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    page = body(client, f"/en/convenings/{motion.convening.slug}/")
    assert "Rejected" in page  # 1 yes, 2 no
    admin_list = body(client, "/admin/outcomes/ballot/")
    for name in names:
        assert name in admin_list  # who voted is public record...
    assert ">yes<" not in admin_list.lower() and ">no<" not in admin_list.lower()  # ...not how
    assert not Ballot.objects.exclude(choice="").exists()


def test_the_convening_page_costs_the_same_for_1_and_50_motions_and_recommendations(client):
    convening = PastConveningFactory(slug="busy", reported_room=50, reported_online=50)

    def add(n):
        for _ in range(n):
            motion = MotionFactory(convening=convening, status="closed")
            TallyFactory(motion=motion, channel="room", eligible=10)
            ballot_org = OrganizationFactory()
            Ballot.objects.create(
                motion=motion, organization=ballot_org, channel="room", choice="yes"
            )
            ProgressUpdateFactory(recommendation=RecommendationFactory(convening=convening))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/convenings/busy/").status_code == 200
        return len(queries)

    add(1)
    one = count()
    add(49)
    assert count() == one


# Remote voting --------------------------------------------------------------------------------


@pytest.fixture
def open_vote():
    motion = MotionFactory(status=Motion.Status.OPEN, convening=ConveningFactory(slug="live"))
    organization = OrganizationFactory()
    AttendanceFactory(convening=motion.convening, organization=organization, channel="online")
    coordinator = AffiliationFactory(organization=organization).user
    return motion, organization, coordinator


def test_a_coordinator_votes_remotely_once(client, open_vote):
    motion, organization, coordinator = open_vote
    client.force_login(coordinator)
    page = body(client, "/en/convenings/live/vote/")
    assert motion.title_en in page and "Cast the ballot" in page
    data = {"motion": motion.pk, "organization": organization.pk, "choice": "yes"}
    client.post("/en/convenings/live/vote/", data)
    client.post("/en/convenings/live/vote/", {**data, "choice": "no"})
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["yes"]
    assert "has voted" in body(client, "/en/convenings/live/vote/")


def test_the_vote_page_refuses_what_is_not_open_to_the_user(client, open_vote):
    motion, organization, coordinator = open_vote
    client.force_login(UserFactory())
    for data in (
        {"motion": motion.pk, "organization": organization.pk, "choice": "yes"},
        {"motion": "x", "organization": "%00", "choice": "yes"},
        {},
    ):
        assert client.post("/ar/convenings/live/vote/", data).status_code == 302
    assert not Ballot.objects.exists()
    client.force_login(coordinator)
    client.post(
        "/en/convenings/live/vote/",
        {"motion": motion.pk, "organization": organization.pk, "choice": "maybe"},
    )
    assert not Ballot.objects.exists()


def test_the_vote_page_needs_a_signed_in_user(client, open_vote):
    response = client.get("/en/convenings/live/vote/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Admin -----------------------------------------------------------------------------------------


def test_the_admin_shows_the_result_and_freezes_an_opened_motion(client):
    motion = MotionFactory(status="closed", convening__reported_room=25)
    TallyFactory(motion=motion, channel="room", eligible=25, yes=24, no=0, abstain=0)
    client.force_login(StaffFactory())
    client.cookies["django_language"] = "en"
    page = body(client, f"/admin/outcomes/motion/{motion.pk}/change/")
    assert "Adopted" in page
    assert 'name="majority_rule"' not in page  # read-only once opened


def test_the_admin_refuses_a_tally_above_the_attendance(client):
    motion = MotionFactory(convening__reported_room=25)
    client.force_login(StaffFactory())
    data = {
        "convening": motion.convening_id,
        "number": motion.number,
        "title_ar": "م",
        "title_en": "M",
        "kind": "resolution",
        "majority_rule": "simple",
        "quorum": 0,
        "ballot_kind": "named",
        "tallies-TOTAL_FORMS": 1,
        "tallies-INITIAL_FORMS": 0,
        "tallies-0-channel": "room",
        "tallies-0-eligible": 30,
        "tallies-0-yes": 20,
        "tallies-0-no": 0,
        "tallies-0-abstain": 0,
    }
    response = client.post(f"/admin/outcomes/motion/{motion.pk}/change/", data)
    assert response.status_code == 200
    assert not motion.tallies.exists()
