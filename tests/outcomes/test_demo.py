"""The outcomes part of `load_demo`: the Istanbul vote, committees, recommendations, progress."""

import datetime
import itertools

import pytest
from django.apps import apps
from django.utils import timezone

from members.models import User
from outcomes import services
from outcomes.models import (
    Committee,
    CommitteeMember,
    Motion,
    ProgressUpdate,
    Recommendation,
    Tally,
)
from outcomes.results import compute
from tests.demo import DEMO_TODAY, load_demo
from tests.demo import pin_now as _pin_now

ISTANBUL = "istanbul-general-assembly-2017"
COMMITTEES = {
    "istanbul-advocacy-committee": "istanbul-general-assembly-2017",
    "damascus-coordination-committee": "damascus-coordination-forum-2025",
    "shendi-matamma-preliminary-office": "shendi-matamma-networking-meeting",
}


pytestmark = pytest.mark.usefixtures("demo_settings")


@pytest.mark.django_db
def test_the_branches_bylaw_was_adopted_by_its_tallies():
    output = load_demo()
    motion = Motion.objects.get(convening__slug=ISTANBUL, number=1)
    assert motion.kind == Motion.Kind.BYLAW
    assert motion.status == Motion.Status.CLOSED
    assert motion.title_ar and motion.title_en and "bylaw" in motion.title_en
    assert motion.opened_at.date() == motion.closed_at.date() == datetime.date(2017, 1, 16)
    result = compute(motion)
    assert result.adopted
    room, online = result.channels["room"], result.channels["online"]
    assert (room.yes, room.eligible, room.no, room.abstain) == (24, 25, 0, 0)
    assert (online.yes, online.eligible, online.no, online.abstain) == (9, 29, 0, 0)
    assert (result.total.voted, result.total.eligible) == (33, 54)
    assert "Demo outcomes are in place" in output


@pytest.mark.django_db
def test_the_istanbul_assembly_has_its_nine_outcomes():
    load_demo()
    recommendations = list(Recommendation.objects.filter(convening__slug=ISTANBUL))
    assert [r.number for r in recommendations] == list(range(1, 10))
    first = recommendations[0]
    assert "نظام الأفرع" in first.text_ar and "branches" in first.text_en
    assert first.motion.number == 1
    assert "واتس أب" in recommendations[8].text_ar
    assert recommendations[8].status == Recommendation.Status.DONE
    assert recommendations[3].committee.slug == "istanbul-advocacy-committee"
    statuses = {r.status for r in recommendations}
    assert {"done", "in_progress", "dropped"} <= statuses


@pytest.mark.django_db
def test_the_committees_exist_and_the_demo_member_has_a_seat():
    load_demo()
    for slug, convening in COMMITTEES.items():
        committee = Committee.objects.get(slug=slug)
        assert committee.convening.slug == convening
        assert committee.name_ar and committee.name_en and committee.mandate_ar
        assert committee.recommendations.exists()
    assert Committee.objects.get(slug="damascus-coordination-committee").name_ar == (
        "اللجنة التنسيقية لمتابعة تنفيذ التوصيات"
    )
    assert Committee.objects.get(slug="shendi-matamma-preliminary-office").name_ar == (
        "المكتب التمهيدي للتنسيق"
    )
    member = User.objects.get(email="member@example.org")
    seat = CommitteeMember.objects.get(user=member)
    assert seat.role == CommitteeMember.Role.MEMBER
    assert seat.organization.slug == "yasmine-women-youth"
    coordinator = User.objects.get(email="coordinator@example.org")
    assert coordinator.committee_seats.filter(role__in=["chair", "rapporteur"]).exists()


@pytest.mark.django_db
def test_every_convening_of_the_articles_has_its_recommendations():
    load_demo()
    for slug, count in {
        "damascus-coordination-forum-2025": 5,
        "aleppo-recovery-consultation-2025": 5,
        "shendi-matamma-networking-meeting": 5,
    }.items():
        rows = Recommendation.objects.filter(convening__slug=slug)
        assert [r.number for r in rows] == list(range(1, count + 1)), slug
    aleppo = Recommendation.objects.filter(convening__slug="aleppo-recovery-consultation-2025")
    assert aleppo.filter(responsible__slug="gloca").exists()
    for recommendation in Recommendation.objects.all():
        assert recommendation.text_ar and recommendation.text_en
        recommendation.full_clean()


@pytest.mark.django_db
def test_the_tracker_has_overdue_and_due_soon_recommendations():
    load_demo()
    today = timezone.localdate()
    assert Recommendation.objects.overdue(today).exists()
    assert Recommendation.objects.due_between(today, today + datetime.timedelta(days=7)).exists()


@pytest.mark.django_db
def test_the_demo_digest_has_something_to_say_on_the_day_it_is_loaded():
    from outcomes import digest

    load_demo()
    selected = digest.select(digest.federation_now().date())
    emails = {user.email for user in User.objects.filter(pk__in=selected)}
    assert {"coordinator@example.org", "member@example.org"} <= emails


@pytest.mark.django_db
def test_progress_updates_are_consistent_and_posted_by_committee_members():
    load_demo()
    assert ProgressUpdate.objects.count() >= 3
    for recommendation in Recommendation.objects.filter(updates__isnull=False).distinct():
        updates = list(recommendation.updates.order_by("created_at"))
        assert updates[0].from_status == Recommendation.Status.NOT_STARTED
        for before, after in itertools.pairwise(updates):
            assert after.from_status == before.to_status
        last = updates[-1]
        assert (last.to_status, last.progress) == (recommendation.status, recommendation.progress)
        for update in updates:
            assert update.note_ar and update.note_en
            assert update.created_at <= timezone.now()
            assert update.created_at.date() >= recommendation.convening.starts_at.date()
            assert services.can_update(update.author, recommendation)
            assert not update.author.is_staff


def outcomes_snapshot():
    """Row counts of every outcomes model and the columns a save would touch."""
    return {
        "counts": {
            m.__name__: m.objects.count() for m in apps.get_app_config("outcomes").get_models()
        },
        "motions": set(Motion.objects.values_list("pk", "status", "opened_at", "closed_at")),
        "tallies": set(Tally.objects.values_list("pk", "channel", "eligible", "yes")),
        "committees": set(Committee.objects.values_list("pk", "slug", "name_en")),
        "seats": set(CommitteeMember.objects.values_list("pk", "committee", "user", "role")),
        "recommendations": set(
            Recommendation.objects.values_list("pk", "updated_at", "due_date", "status")
        ),
        "updates": set(ProgressUpdate.objects.values_list("pk", "created_at", "from_status")),
    }


@pytest.mark.django_db
def test_running_twice_changes_nothing_in_outcomes(monkeypatch):
    load_demo()
    before = outcomes_snapshot()
    # Later the same day: anything saved again would get a new timestamp.
    _pin_now(monkeypatch, DEMO_TODAY + datetime.timedelta(hours=1))
    output = load_demo()
    assert outcomes_snapshot() == before
    assert "Nothing changed" in output


@pytest.mark.django_db
def test_a_second_load_on_a_later_day_keeps_the_due_dates(monkeypatch):
    load_demo()
    before = outcomes_snapshot()
    _pin_now(monkeypatch, DEMO_TODAY + datetime.timedelta(days=10))
    output = load_demo()
    assert outcomes_snapshot() == before
    assert "Nothing changed" in output


@pytest.mark.django_db
def test_a_demo_first_loaded_later_still_has_something_due(monkeypatch):
    later = DEMO_TODAY + datetime.timedelta(days=400)
    _pin_now(monkeypatch, later)
    load_demo()
    today = timezone.localdate()
    assert Recommendation.objects.overdue(today).exists()
    assert Recommendation.objects.due_between(today, today + datetime.timedelta(days=7)).exists()
