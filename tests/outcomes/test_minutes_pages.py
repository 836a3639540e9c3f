"""The minutes' pages: who sees which state, the secretariat's page, and what a page costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Attendance, Delegate, Registration
from members import once
from outcomes.models import Minutes, MinutesDiscussion
from outcomes.services import minutes as services
from tests.events.factories import AgendaItemFactory, ConveningFactory, PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    SecretariatFactory,
    UserFactory,
)
from tests.outcomes.factories import (
    BallotFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    MotionFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

FORMS = ("minutes/", "minutes.pdf", "minutes.docx")


@pytest.fixture
def secretariat():
    return SecretariatFactory()


def _urls(convening, language="en"):
    return [f"/{language}/convenings/{convening.slug}/{form}" for form in FORMS]


def test_a_draft_is_seen_by_the_secretariat_only(client, secretariat):
    held = PastConveningFactory()
    services.minutes_start(user=secretariat, convening=held)
    for url in _urls(held):
        assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    for url in _urls(held):
        assert client.get(url).status_code == 404
    client.force_login(secretariat)
    for url in _urls(held):
        assert client.get(url).status_code == 200, url


def test_published_minutes_are_seen_by_whoever_sees_the_convening(client, secretariat):
    public = PastConveningFactory()
    members_only = PastConveningFactory(visibility="members")
    for convening in (public, members_only):
        minutes = services.minutes_start(user=secretariat, convening=convening)
        services.minutes_approve(user=secretariat, minutes=minutes)
        services.minutes_publish(user=secretariat, minutes=minutes)
    for url in _urls(public):
        assert client.get(url).status_code == 200
    for url in _urls(members_only):
        assert client.get(url).status_code == 404
    client.force_login(AffiliationFactory().user)
    for url in _urls(members_only):
        assert client.get(url).status_code == 200


def test_a_convening_not_yet_held_has_no_minutes_even_for_the_secretariat(client, secretariat):
    planned = ConveningFactory()
    client.force_login(secretariat)
    for url in _urls(planned):
        assert client.get(url).status_code == 404
    page = client.get(f"/en/convenings/{planned.slug}/minutes/edit/")
    assert b"has not taken place" in page.content
    answer = client.post(
        f"/en/convenings/{planned.slug}/minutes/edit/",
        {"action": "approve", once.FIELD: once.new_token()},
        follow=True,
    )
    assert b"has not taken place" in answer.content
    assert not Minutes.objects.exists()


def test_the_secretariat_writes_approves_and_publishes_on_its_page(client, secretariat):
    held = PastConveningFactory()
    item = AgendaItemFactory(convening=held)
    url = f"/en/convenings/{held.slug}/minutes/edit/"
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    saved = client.post(
        url,
        {
            "action": "save",
            f"s{item.pk}-text_ar": "نقاش الجلسة",
            f"s{item.pk}-text_en": "The session's discussion",
            once.FIELD: once.new_token(),
        },
    )
    assert saved.status_code == 302
    assert MinutesDiscussion.objects.get().text_en == "The session's discussion"
    client.post(url, {"action": "approve", "motion": "", once.FIELD: once.new_token()})
    refused = client.post(
        url, {"action": "approve", "motion": "", once.FIELD: once.new_token()}, follow=True
    )
    assert b"already approved" in refused.content
    client.post(url, {"action": "publish", once.FIELD: once.new_token()})
    assert Minutes.objects.get().state == Minutes.State.PUBLISHED
    client.logout()
    page = client.get(f"/en/convenings/{held.slug}/minutes/")
    assert b"The session&#x27;s discussion" in page.content


def test_someone_not_secretariat_cannot_edit(client, secretariat):
    held = PastConveningFactory()
    item = AgendaItemFactory(convening=held)
    client.force_login(AffiliationFactory().user)
    url = f"/en/convenings/{held.slug}/minutes/edit/"
    assert client.get(url).status_code == 403
    answer = client.post(url, {"action": "save", f"s{item.pk}-text_en": "x"})
    assert answer.status_code == 403
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("malformed", ["abc", "99999999999999999999", "-1"])
def test_a_malformed_motion_is_a_form_error_not_a_500(client, secretariat, malformed):
    held = PastConveningFactory()
    client.force_login(secretariat)
    answer = client.post(
        f"/en/convenings/{held.slug}/minutes/edit/", {"action": "approve", "motion": malformed}
    )
    assert answer.status_code == 400
    assert not Minutes.objects.exists()


def _grow(convening, n):
    """n more of everything the minutes list: organizations with delegates, sessions with
    speakers and discussion, named ballots, recommendations and committee seats."""
    minutes = Minutes.objects.get(convening=convening)
    motion = convening.motions.get()
    committee = convening.committees.get()
    for _ in range(n):
        organization = OrganizationFactory()
        Attendance.objects.create(convening=convening, organization=organization, channel="room")
        registration = Registration.objects.create(
            convening=convening, organization=organization, channel="room"
        )
        Delegate.objects.create(registration=registration, person=PersonFactory())
        item = AgendaItemFactory(convening=convening)
        item.speakers.add(PersonFactory())
        MinutesDiscussion.objects.create(minutes=minutes, agenda_item=item, text_en="Talked.")
        BallotFactory(motion=motion, organization=organization)
        RecommendationFactory(convening=convening, committee=committee, responsible=organization)
        CommitteeMemberFactory(committee=committee)


@pytest.mark.parametrize("form", FORMS)
def test_the_minutes_cost_the_same_queries_for_1_row_and_for_20(client, secretariat, form):
    held = PastConveningFactory()
    motion = MotionFactory(convening=held, status="closed")
    from outcomes.models import MotionResult

    MotionResult.objects.create(
        motion=motion,
        source="ballots",
        majority_rule="simple",
        quorum=0,
        ballot_kind="named",
        eligible=30,
        yes=20,
        no=0,
        abstain=0,
        quorum_met=True,
        majority_met=True,
        adopted=True,
        closed_at=held.ends_at,
    )
    CommitteeFactory(convening=held)
    services.minutes_start(user=secretariat, convening=held)
    client.force_login(secretariat)
    url = f"/ar/convenings/{held.slug}/{form}"

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(held, 1)
    small = cost()
    _grow(held, 19)
    assert cost() == small
    assert small <= 25
