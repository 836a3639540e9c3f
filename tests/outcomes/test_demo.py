"""The outcomes part of `load_demo`: the Istanbul vote, committees, recommendations, progress."""

import datetime
import itertools

import pytest
from django.apps import apps
from django.utils import timezone

from members import roles
from members.models import Person, User
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
BALKANS = "balkans-capacity-forum"
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
    # The article states no majority rule and no quorum: none is invented, the outcome is the
    # one it reports («موافقة بأغلبية ...»).
    assert motion.majority_rule == Motion.Rule.NOT_STATED
    assert motion.quorum == 0 and motion.reported_result == "adopted"
    assert motion.result.majority_rule == Motion.Rule.NOT_STATED and motion.result.adopted
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
    seat = CommitteeMember.objects.get(person__user=member)
    assert seat.role == CommitteeMember.Role.MEMBER
    assert seat.organization.slug == "yasmine-women-youth"
    assert seat.person == member.person
    coordinator = User.objects.get(email="coordinator@example.org")
    seats = coordinator.person.committee_seats
    assert seats.get(committee__slug="istanbul-advocacy-committee").role == "chair"
    assert seats.get(committee__slug="damascus-coordination-committee").role == "rapporteur"


@pytest.mark.django_db
def test_seats_are_held_by_people_from_their_committees_convening():
    load_demo()
    assert CommitteeMember.objects.count() == 5
    for seat in CommitteeMember.objects.select_related("committee__convening", "person"):
        assert seat.starts_on == seat.committee.convening.local_start.date(), seat
        assert seat.ends_on is None
        assert seat.organization == seat.person.organization
        seat.full_clean()


@pytest.mark.django_db
def test_the_shendi_office_has_the_chair_the_article_names_and_no_invented_member():
    load_demo()
    office = Committee.objects.get(slug="shendi-matamma-preliminary-office")
    seats = office.members.current().select_related("person__user", "organization")
    chair = seats.get(role="chair")
    # «اختيار البروفسير اونسة رئيسآ للمكتب التمهيدي», who has no account in the demo.
    assert chair.person.name_ar == "البروفسير اونسة"
    assert chair.person.user is None
    assert chair.organization.slug == "shendi-matamma-gathering"
    # The article names no other member: the demo's Shendi account stands for them, and says
    # it is a demo account.
    others = seats.exclude(role="chair")
    assert [seat.person.user.email for seat in others] == ["shendi@example.org"]
    assert "demo account" in others.get().person.name_en
    assert others.get().role == "member"


@pytest.mark.django_db
def test_open_committee_items_have_a_chair_and_members_where_the_article_names_them():
    load_demo()
    open_committees = Committee.objects.filter(
        recommendations__status__in=["not_started", "in_progress"]
    ).distinct()
    assert set(open_committees.values_list("slug", flat=True)) == set(COMMITTEES)
    for committee in open_committees:
        assert committee.members.reporters().exists(), committee.slug
    # The Damascus article names no one on its coordination committee; the demo gives it only
    # its demo rapporteur and no chair, so it is flagged: the flag shows what is missing.
    assert set(Committee.objects.without_owner().values_list("slug", flat=True)) == {
        "damascus-coordination-committee"
    }


@pytest.mark.django_db
def test_every_open_recommendation_has_an_owner_who_can_report():
    load_demo()
    assert set(Recommendation.objects.unowned().values_list("convening__slug", flat=True)) == {
        BALKANS
    }
    owners = [
        user for user in User.objects.filter(is_active=True) if not roles.is_secretariat(user)
    ]
    for recommendation in Recommendation.objects.open().exclude(convening__slug=BALKANS):
        assert any(services.can_report(user, recommendation) for user in owners), recommendation
    # The 20 open ones are all there; every one has an owner but the Balkans forum's, whose
    # article names no one to follow them up (UNIW has no account in the demo).
    flagged = Recommendation.objects.open().with_owner_flag()
    assert flagged.count() == 20
    assert Recommendation.objects.unowned().count() == 4


@pytest.mark.django_db
def test_the_organizers_of_the_aleppo_meeting_follow_up_its_recommendations():
    load_demo()
    gloca = User.objects.get(email="gloca@example.org")
    aleppo = Recommendation.objects.filter(convening__slug="aleppo-consultative-meeting")
    # «مؤكدين على عزمهم على ... متابعة تنفيذ التوصيات»: GLOCA, not DCAF, is in charge.
    assert set(aleppo.values_list("responsible__slug", flat=True)) == {"gloca"}
    assert set(Recommendation.objects.reportable_by(gloca)) == set(aleppo)


@pytest.mark.django_db
def test_the_demo_coordinators_organization_is_in_charge_of_an_open_recommendation():
    load_demo()
    coordinator = User.objects.get(email="coordinator@example.org")
    organization = coordinator.affiliations.get(role="coordinator").organization
    in_charge = Recommendation.objects.open().filter(responsible=organization)
    networks = in_charge.get()
    assert (networks.convening.slug, networks.number) == (ISTANBUL, 7)
    assert networks.committee is None
    assert services.can_report(coordinator, networks)
    assert Recommendation.objects.reportable_by(coordinator).filter(pk=networks.pk).exists()


@pytest.mark.django_db
def test_every_convening_of_the_articles_has_its_recommendations():
    load_demo()
    for slug, count in {
        "damascus-coordination-forum-2025": 5,
        "aleppo-consultative-meeting": 5,
        "shendi-matamma-networking-meeting": 7,
        BALKANS: 4,
    }.items():
        rows = Recommendation.objects.filter(convening__slug=slug)
        assert [r.number for r in rows] == list(range(1, count + 1)), slug
    aleppo = Recommendation.objects.filter(convening__slug="aleppo-consultative-meeting")
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
    from members import clock
    from outcomes import digest

    load_demo()
    selected = digest.select(clock.federation_today())
    emails = {user.email for user in User.objects.filter(pk__in=selected)}
    # Committee members and the coordinators of the organizations in charge alike.
    assert {"coordinator@example.org", "member@example.org", "gloca@example.org"} <= emails


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
            assert services.can_report(update.author, recommendation)
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
        "seats": set(
            CommitteeMember.objects.values_list(
                "pk", "committee", "person", "organization", "role", "starts_on", "ends_on"
            )
        ),
        "people": set(Person.objects.values_list("pk", "updated_at")),
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


@pytest.mark.django_db
def test_the_balkans_forums_outcomes_are_its_recommendations():
    load_demo()
    texts = list(
        Recommendation.objects.filter(convening__slug=BALKANS)
        .order_by("number")
        .values_list("text_ar", flat=True)
    )
    assert len(texts) == 4
    assert "مشاريع مشتركة" in texts[0]
    assert "دعم الطلاب" in texts[1]
    assert "شبكات اتصال دائمة" in texts[2]
    assert "آلية تنسيق دولية" in texts[3]
    assert set(
        Recommendation.objects.filter(convening__slug=BALKANS).values_list(
            "responsible__slug", flat=True
        )
    ) == {"uniw"}


@pytest.mark.django_db
def test_the_secretary_generals_six_proposals_appear_on_the_assembly_page(client):
    load_demo()
    opening = Motion.objects.get(convening__slug=ISTANBUL).convening.agenda.get(position=1)
    for ordinal in ("أولاً", "ثانياً", "ثالثاً", "رابعاً", "خامساً", "سادساً"):
        assert ordinal in opening.topics_ar
    assert "6. Strengthen the platform of civil society networks" in opening.topics_en
    page = client.get(f"/en/convenings/{ISTANBUL}/").content.decode()
    assert "United Nations" in page and "Rule and quorum not stated" in page


@pytest.mark.django_db
def test_the_shendi_office_has_its_full_mandate():
    load_demo()
    office = Committee.objects.get(slug="shendi-matamma-preliminary-office")
    # Every task the article gives the office, the two bullet lists together.
    for task in (
        "على المدى القصير والطويل",
        "فتح قنوات جديدة للتعاون",
        "خارطة طريق للكيان الجامع",
        "إبراز الفعاليات",
        "تحفيز المجتمع على المشاركة الفعالة",
        "الوساطة",
        "نشر الوعي",
    ):
        assert task in office.mandate_ar, task
        assert office.recommendations.filter(text_ar__contains=task).exists(), task
