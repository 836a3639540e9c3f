"""Every recommendation has an owner who can act: who may report, who is reminded, who is told,
and what is flagged when nobody but the secretariat can report."""

import datetime

import pytest
from django.urls import reverse

from members.errors import NotAllowed
from members.models import Message
from outcomes import digest, notifications, services
from outcomes.models import Motion, ProgressUpdate, Recommendation
from outcomes.selectors import recommendation_summary
from outcomes.tasks import notify_vote_opened
from tests.events.factories import AttendanceFactory, PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    FederationFactory,
    OrganizationFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

from .factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    MotionFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db
S = Recommendation.Status
TODAY = datetime.date(2026, 3, 11)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SITE_URL = "https://tansiq.example.org"
    FederationFactory(timezone="Europe/Istanbul")


def due_tomorrow(**fields):
    return RecommendationFactory(due_date=TODAY + datetime.timedelta(days=1), **fields)


def messages_of(kind):
    return {m.recipient for m in Message.objects.filter(kind=kind)}


# Who may report ----------------------------------------------------------------------------


def test_each_kind_of_owner_may_report_and_others_may_not():
    committee = CommitteeFactory()
    member = CommitteeMemberFactory(committee=committee).user
    coordinator = AffiliationFactory()
    recommendation = RecommendationFactory(
        committee=committee, responsible=coordinator.organization
    )
    staff_member = AffiliationFactory(organization=coordinator.organization, role="member").user
    assert services.can_report(member, recommendation)
    assert services.can_report(coordinator.user, recommendation)
    assert services.can_report(SecretariatFactory(), recommendation)
    assert services.can_report(StaffFactory(), recommendation)
    assert not services.can_report(staff_member, recommendation)
    assert not services.can_report(UserFactory(is_staff=True), recommendation)
    assert not services.can_report(UserFactory(), recommendation)


def test_the_service_refuses_a_progress_update_from_someone_else():
    recommendation = RecommendationFactory()
    with pytest.raises(NotAllowed):
        services.progress_update_post(
            user=UserFactory(),
            recommendation=recommendation,
            note="Done.",
            status=S.DONE,
            progress=100,
        )
    assert not ProgressUpdate.objects.exists()
    recommendation.refresh_from_db()
    assert recommendation.status == S.NOT_STARTED


# Who is reminded ---------------------------------------------------------------------------


def test_the_digest_reaches_every_kind_of_owner_and_the_secretariat():
    by_committee = due_tomorrow()
    member = CommitteeMemberFactory(committee=by_committee.committee).user
    coordinator = AffiliationFactory()
    by_organization = due_tomorrow(committee=None, responsible=coordinator.organization)
    unowned = due_tomorrow(committee=CommitteeFactory())  # a committee with no members
    secretary = SecretariatFactory()
    stranger = UserFactory()

    selected = digest.select(TODAY)

    assert selected[member.pk].due_tomorrow == [by_committee]
    assert selected[coordinator.user.pk].due_tomorrow == [by_organization]
    assert set(selected[secretary.pk].due_tomorrow) == {by_committee, by_organization, unowned}
    assert stranger.pk not in selected


def test_a_former_member_and_an_inactive_coordinator_are_not_reminded():
    recommendation = due_tomorrow()
    seat = CommitteeMemberFactory(committee=recommendation.committee)
    seat.ends_on = datetime.date(2020, 1, 1)
    seat.save()
    coordinator = AffiliationFactory(user=UserFactory(is_active=False))
    due_tomorrow(committee=None, responsible=coordinator.organization)
    selected = digest.select(TODAY)
    assert seat.user.pk not in selected
    assert coordinator.user.pk not in selected


def test_a_muted_digest_is_not_sent():
    recommendation = due_tomorrow()
    member = CommitteeMemberFactory(committee=recommendation.committee).user
    member.muted_notifications = ["digest"]
    member.save()
    assert member.pk not in digest.select(TODAY)


# What is flagged ---------------------------------------------------------------------------


def test_unowned_recommendations_are_counted_and_filtered():
    owned_by_committee = RecommendationFactory()
    CommitteeMemberFactory(committee=owned_by_committee.committee)
    owned_by_organization = RecommendationFactory(
        committee=None, responsible=AffiliationFactory().organization
    )
    empty_committee = RecommendationFactory()
    coordinatorless = RecommendationFactory(committee=None, responsible=OrganizationFactory())
    seat_without_account = RecommendationFactory()
    CommitteeMemberFactory(committee=seat_without_account.committee, user=None)
    RecommendationFactory(committee=None, status=S.DONE)  # closed: needs no owner

    unowned = set(Recommendation.objects.unowned())
    assert unowned == {empty_committee, coordinatorless, seat_without_account}
    assert owned_by_committee not in unowned and owned_by_organization not in unowned
    assert recommendation_summary(Recommendation.objects.all())["unowned"] == 3


def test_the_tracker_shows_the_unowned_count(client):
    RecommendationFactory(committee=CommitteeFactory())
    body = client.get("/en/recommendations/").content.decode()
    assert '<div class="stat-unowned"><dt>No owner</dt><dd>1</dd></div>' in body


# Who is told -------------------------------------------------------------------------------


def test_a_status_change_tells_the_owners_and_the_secretariat_once(
    django_capture_on_commit_callbacks,
):
    coordinator = AffiliationFactory()
    recommendation = RecommendationFactory(responsible=coordinator.organization)
    member = CommitteeMemberFactory(committee=recommendation.committee).user
    secretary = SecretariatFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_post(
            user=member,
            recommendation=recommendation,
            note="Began.",
            status=S.IN_PROGRESS,
            progress=10,
        )
        # The same status again: progress only, nobody is told.
        services.progress_update_post(
            user=member,
            recommendation=recommendation,
            note="More.",
            status=S.IN_PROGRESS,
            progress=20,
        )
    assert messages_of("recommendation_status") == {coordinator.user, secretary}
    assert Message.objects.filter(kind="recommendation_status").count() == 2
    message = Message.objects.filter(recipient=coordinator.user).get()
    assert recommendation.get_absolute_url().split("/", 2)[2] in message.body_text


def test_the_admin_assigns_through_the_service_and_tells_the_new_owner(admin_client):
    coordinator = AffiliationFactory(user=UserFactory(preferred_language="en"))
    recommendation = RecommendationFactory(committee=None)
    recommendation.responsible = coordinator.organization
    services.recommendation_save(user=StaffFactory(), recommendation=recommendation)
    message = Message.objects.get(kind="recommendation_assigned")
    assert message.recipient == coordinator.user
    assert "assigned to you" in message.subject
    # Saving again without a change of owner tells nobody again.
    services.recommendation_save(user=StaffFactory(), recommendation=recommendation)
    assert Message.objects.filter(kind="recommendation_assigned").count() == 1


def test_a_status_set_in_the_admin_is_kept_in_the_history(admin_client):
    recommendation = RecommendationFactory(committee=None)
    url = reverse("admin:outcomes_recommendation_change", args=[recommendation.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "convening": recommendation.convening_id,
            "number": recommendation.number,
            "text_ar": recommendation.text_ar,
            "text_en": recommendation.text_en,
            "status": S.DONE,
            "progress": 100,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        }
    )
    data = {k: v for k, v in data.items() if not hasattr(v, "pk")}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert (update.from_status, update.to_status) == (S.NOT_STARTED, S.DONE)


def test_a_vote_opening_tells_the_online_delegates_once(django_capture_on_commit_callbacks):
    convening = PastConveningFactory()
    online = AttendanceFactory(convening=convening, channel="online")
    in_room = AttendanceFactory(convening=convening, channel="room")
    coordinator = AffiliationFactory(organization=online.organization).user
    room_coordinator = AffiliationFactory(organization=in_room.organization).user
    motion = MotionFactory(convening=convening, status=Motion.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.motion_open(user=StaffFactory(), motion=motion)
    assert messages_of("vote_opened") == {coordinator}
    assert room_coordinator not in messages_of("vote_opened")
    # The task run again (a retry, a second worker) adds nothing.
    assert notify_vote_opened(motion_id=motion.pk) == 0
    assert notifications.vote_opened(motion=motion) == 0
    assert Message.objects.filter(kind="vote_opened").count() == 1


def test_a_muted_kind_is_not_sent_but_status_news_always_is():
    coordinator = AffiliationFactory()
    coordinator.user.muted_notifications = ["recommendation_assigned"]
    coordinator.user.save()
    recommendation = RecommendationFactory(committee=None, responsible=coordinator.organization)
    notifications.assigned(recommendation=recommendation, reassigned=False)
    assert not Message.objects.filter(kind="recommendation_assigned").exists()
