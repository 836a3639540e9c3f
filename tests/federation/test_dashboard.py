"""The secretariat's dashboard: who may see it, what each section lists, and its cost."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Channel, Convening, Registration
from members import clock
from members.models import Message, Organization
from outcomes.models import CommitteeMember, Motion, Recommendation
from tests.events.factories import ConveningFactory, PastConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    StaffFactory,
    UserFactory,
)
from tests.outcomes.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    MotionFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/"


@pytest.fixture(autouse=True)
def _fresh_clock():
    clock.forget()
    yield
    clock.forget()


def secretariat_user(**fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name="secretariat"))
    return user


@pytest.fixture
def secretariat(client):
    user = secretariat_user(preferred_language="en")
    client.force_login(user)
    return user


def today():
    return clock.federation_today()


def days_ago(days):
    return today() - datetime.timedelta(days=days)


def page(client, path=URL):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def section(html, name):
    """The HTML of one section of the page, by its id."""
    start = html.index(f'<section class="dashboard-section" id="{name}"')
    return html[start : html.index("</section>", start)]


# Who may see it.


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "next=/en/dashboard/" in response["Location"]


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(UserFactory, id="plain user"),
        pytest.param(lambda: UserFactory(is_staff=True), id="staff without the permission"),
        pytest.param(lambda: AffiliationFactory().user, id="coordinator"),
    ],
)
def test_users_without_the_secretariat_permission_are_refused(client, make_user):
    client.force_login(make_user())
    response = client.get(URL)
    assert response.status_code == 403
    assert "The dashboard is for the general secretariat." in response.content.decode()


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(secretariat_user, id="secretariat group"),
        pytest.param(StaffFactory, id="admin"),
    ],
)
def test_the_secretariat_and_the_admin_see_the_dashboard(client, make_user):
    client.force_login(make_user())
    html = page(client)
    assert "<h1>The secretariat's dashboard</h1>" in html


def test_an_inactive_secretariat_member_is_refused(client):
    user = secretariat_user()
    client.force_login(user)
    user.is_active = False
    user.save()
    # Signed out by the deactivation: sent to sign in again.
    assert client.get(URL).status_code == 302


def test_the_page_refuses_a_post(client, secretariat):
    assert client.post(URL).status_code == 405


def test_only_the_secretariat_sees_the_link_in_the_menu(client):
    link = 'href="/en/dashboard/"'
    assert link not in page(client, "/en/")
    client.force_login(UserFactory(is_staff=True))
    assert link not in page(client, "/en/")
    client.force_login(secretariat_user())
    assert link in page(client, "/en/")
    assert 'href="/en/dashboard/" aria-current="page"' in page(client)


def test_the_page_in_arabic_is_right_to_left(client, secretariat):
    html = page(client, "/ar/dashboard/")
    assert 'lang="ar" dir="rtl"' in html


# What each section lists.


def test_pending_applications_oldest_first_with_the_admin_list(client, secretariat):
    now = timezone.now()
    newer = OrganizationFactory(status=Organization.Status.APPLICANT, name_en="Newer Relief")
    older = OrganizationFactory(status=Organization.Status.APPLICANT, name_en="Older Aid")
    Organization.objects.filter(pk=newer.pk).update(status_changed_at=now)
    Organization.objects.filter(pk=older.pk).update(
        status_changed_at=now - datetime.timedelta(days=40)
    )
    OrganizationFactory(name_en="Already Active")

    html = section(page(client), "applications")

    assert "(2)" in html
    assert html.index("Older Aid") < html.index("Newer Relief")
    assert "Already Active" not in html
    assert 'href="/admin/members/organization/?status__exact=applicant"' in html
    assert f'href="/admin/members/organization/{older.pk}/change/"' in html


def test_registrations_per_channel_against_capacity(client, secretariat):
    convening = ConveningFactory(title_en="Gaziantep forum", capacity_room=2, capacity_online=None)
    for channel in (Channel.ROOM, Channel.ROOM, Channel.ONLINE):
        Registration.objects.create(
            convening=convening, organization=OrganizationFactory(), channel=channel
        )
    ConveningFactory(title_en="Cancelled meeting", status=Convening.Status.CANCELLED)
    PastConveningFactory(title_en="Held assembly")

    html = section(page(client), "registrations")

    assert "(1)" in html
    assert "Gaziantep forum" in html
    assert "In the room: 2 of 2" in html and "Full" in html
    assert "Online: 1 registered, no limit" in html
    assert "Cancelled meeting" not in html and "Held assembly" not in html
    assert f'href="/admin/events/registration/?convening__id__exact={convening.pk}"' in html
    assert f'href="{convening.get_absolute_url()}"' in html


def test_an_in_person_convening_shows_only_its_room(client, secretariat):
    ConveningFactory(format=Convening.Format.IN_PERSON, join_url="", capacity_room=50)

    html = section(page(client), "registrations")

    assert "In the room: 0 of 50" in html
    assert "Online:" not in html


def test_open_votes_with_their_convening(client, secretariat):
    motion = MotionFactory(
        status=Motion.Status.OPEN, title_en="Adopt the bylaws", opened_at=timezone.now()
    )
    MotionFactory(status=Motion.Status.DRAFT, title_en="Not yet")
    MotionFactory(status=Motion.Status.CLOSED, title_en="Already closed")

    html = section(page(client), "votes")

    assert "(1)" in html and "Adopt the bylaws" in html
    assert "Not yet" not in html and "Already closed" not in html
    assert f'href="{motion.convening.get_absolute_url()}"' in html
    assert f'href="/en/convenings/{motion.convening.slug}/vote/"' in html
    assert 'href="/admin/outcomes/motion/?status__exact=open"' in html


def test_overdue_recommendations_with_days_late_and_owner(client, secretariat):
    committee = CommitteeFactory(name_en="Relief committee")
    CommitteeMemberFactory(committee=committee, role=CommitteeMember.Role.CHAIR)
    late = RecommendationFactory(
        committee=committee, text_en="Open a shelter", due_date=days_ago(5)
    )
    RecommendationFactory(text_en="Done already", due_date=days_ago(5), status="done")
    RecommendationFactory(text_en="Due today", due_date=today())

    html = section(page(client), "overdue")

    assert "(1)" in html
    assert "Open a shelter" in html and "5 days late" in html and "Relief committee" in html
    assert "No owner" not in html
    assert "Done already" not in html and "Due today" not in html
    assert f'href="{late.get_absolute_url()}"' in html
    assert 'href="/en/recommendations/?overdue=1"' in html


def test_recommendations_nobody_can_report_on(client, secretariat):
    empty = CommitteeFactory(name_en="Empty committee")
    RecommendationFactory(committee=empty, text_en="Nobody reports")
    staffed = CommitteeFactory()
    CommitteeMemberFactory(committee=staffed)
    RecommendationFactory(committee=staffed, text_en="Someone reports")
    in_charge = AffiliationFactory().organization
    RecommendationFactory(committee=None, responsible=in_charge, text_en="A coordinator reports")
    RecommendationFactory(committee=None, text_en="Assigned to nobody", due_date=days_ago(3))

    html = section(page(client), "unowned")

    assert "(2)" in html
    assert "Nobody reports" in html and "Empty committee" in html
    assert "Assigned to nobody" in html and "Nobody" in html and "Overdue" in html
    assert "Someone reports" not in html and "A coordinator reports" not in html
    assert 'href="/en/recommendations/?unowned=1"' in html


def test_an_overdue_item_nobody_can_report_on_is_flagged_no_owner(client, secretariat):
    RecommendationFactory(text_en="Forgotten", due_date=days_ago(2))

    assert "No owner" in section(page(client), "overdue")


def test_committees_without_members_or_chair(client, secretariat):
    CommitteeFactory(name_en="No one sits here")
    chairless = CommitteeFactory(name_en="Chairless")
    CommitteeMemberFactory(committee=chairless)
    complete = CommitteeFactory(name_en="Complete")
    CommitteeMemberFactory(committee=complete, role=CommitteeMember.Role.CHAIR)
    CommitteeFactory(name_en="Dissolved", is_active=False)
    ended = CommitteeFactory(name_en="Term ended")
    CommitteeMemberFactory(committee=ended, role=CommitteeMember.Role.CHAIR, ends_on=days_ago(1))

    html = section(page(client), "committees")

    assert "(3)" in html
    assert "No one sits here" in html and "Chairless" in html and "Term ended" in html
    assert "No members" in html and "No chair" in html
    assert "Complete" not in html and "Dissolved" not in html
    assert 'href="/en/committees/"' in html


def test_failed_emails_with_their_error(client, secretariat):
    recipient = UserFactory()

    def message(status, **fields):
        return Message.objects.create(
            kind="digest",
            key=f"digest-{status}",
            recipient=recipient,
            to_address=recipient.email,
            language="en",
            subject=f"Subject {status}",
            body_text="",
            body_html="",
            status=status,
            **fields,
        )

    failed = message("failed", last_error="SMTPRecipientsRefused: no such mailbox")
    message("sent")

    html = section(page(client), "emails")

    assert "(1)" in html
    assert recipient.email in html and "no such mailbox" in html and "Subject failed" in html
    assert "Subject sent" not in html
    assert f'href="/admin/members/message/{failed.pk}/change/"' in html
    assert 'href="/admin/members/message/?status__exact=failed"' in html


def test_every_section_has_its_empty_state(client, secretariat):
    html = page(client)

    for name, empty in [
        ("applications", "No organization is waiting for a decision on its application."),
        ("registrations", "No convening is planned."),
        ("votes", "No vote is open."),
        ("overdue", "No recommendation is overdue."),
        ("unowned", "Every open recommendation has someone who can report on it."),
        ("committees", "Every active committee has members and a chair."),
        ("emails", "No e-mail has failed."),
    ]:
        part = section(html, name)
        assert "(0)" in part and empty in part and "<table" not in part


# Many rows: the first ten, a link to all, and the same number of queries.


def add_rows(n):
    """n rows in every section."""
    recipient = UserFactory()
    for i in range(n):
        OrganizationFactory(status=Organization.Status.APPLICANT)
        convening = ConveningFactory(capacity_room=5)
        Registration.objects.create(
            convening=convening, organization=OrganizationFactory(), channel=Channel.ROOM
        )
        MotionFactory(status=Motion.Status.OPEN, convening=convening, opened_at=timezone.now())
        committee = CommitteeFactory()  # no members: listed, and its items unowned
        RecommendationFactory(committee=committee, due_date=days_ago(i + 1))
        Message.objects.create(
            kind="digest",
            key=f"digest-{convening.slug}",
            recipient=recipient,
            to_address=recipient.email,
            language="en",
            subject="Failed",
            body_text="",
            body_html="",
            status=Message.Status.FAILED,
        )


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        page(client)
    return len(captured)


def test_the_page_costs_the_same_for_one_row_as_for_many(client, secretariat):
    add_rows(1)
    one = queries(client)
    add_rows(14)
    assert queries(client) == one


def test_a_long_section_shows_ten_rows_and_links_to_all(client, secretariat):
    add_rows(12)

    html = page(client)

    overdue = section(html, "overdue")
    assert "(12)" in overdue
    assert overdue.count("<tr>") == 1 + 10  # the head and ten rows
    assert "See all 12 overdue recommendations" in overdue
    assert "See all 12 applications" in section(html, "applications")
    assert Recommendation.objects.count() == 12
