import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import clock
from members.models import Message
from outcomes import digest
from outcomes.models import Recommendation
from outcomes.tasks import send_followup_digest
from tests.members.factories import AffiliationFactory, FederationFactory, UserFactory

from .factories import CommitteeFactory, CommitteeMemberFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 11)


@pytest.fixture(autouse=True)
def _eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SITE_URL = "https://tansiq.example.org"
    settings.DIGEST_HOUR = 7


@pytest.fixture
def federation():
    return FederationFactory(timezone="Europe/Istanbul")


@pytest.fixture
def committee():
    return CommitteeFactory()


@pytest.fixture
def member(committee):
    return CommitteeMemberFactory(committee=committee, user__preferred_language="en").user


def due_in(days, committee, **fields):
    return RecommendationFactory(
        committee=committee,
        convening=committee.convening,
        due_date=TODAY + datetime.timedelta(days=days),
        **fields,
    )


def recipients():
    return set(Message.objects.filter(kind="digest").values_list("recipient__email", flat=True))


# What is due, and on which days it is told.


@pytest.mark.parametrize(
    ("days", "sent"),
    [
        (1, True),  # due tomorrow
        (7, True),  # just entered the week
        (3, False),  # inside the week: listed when an e-mail goes out, no e-mail of its own
        (8, False),  # beyond the week
        (0, False),  # due today: told yesterday, late tomorrow
        (-1, True),  # overdue since yesterday
        (-3, False),  # overdue, not its weekly day
        (-8, True),  # overdue a week later
        (-15, True),  # and the week after
    ],
)
def test_what_triggers_the_digest(federation, committee, member, days, sent):
    recommendation = due_in(days, committee)

    result = digest.send_digest(today=TODAY)

    assert recipients() == ({member.email} if sent else set())
    if sent:
        [(user, items)] = result
        assert user == member
        assert recommendation in items.overdue + items.due_tomorrow + items.due_soon


def test_a_sent_digest_lists_every_section_in_full(federation, committee, member):
    late = due_in(-8, committee)
    late_off_beat = due_in(-3, committee)
    tomorrow = due_in(1, committee)
    soon = [due_in(days, committee) for days in (5, 2, 7)]
    due_in(8, committee)

    [(_user, items)] = digest.send_digest(today=TODAY)

    assert items.overdue == [late]
    assert late_off_beat not in items.overdue
    assert items.due_tomorrow == [tomorrow]
    assert items.due_soon == sorted(soon, key=lambda r: r.due_date)
    assert items.counts() == {"overdue": 1, "due_tomorrow": 1, "due_soon": 3}


@pytest.mark.parametrize("status", [Recommendation.Status.DONE, Recommendation.Status.DROPPED])
def test_done_and_dropped_are_ignored(federation, committee, member, status):
    due_in(1, committee, status=status)
    due_in(-1, committee, status=status)

    assert digest.send_digest(today=TODAY) == []
    assert not Message.objects.exists()


def test_in_progress_counts(federation, committee, member):
    due_in(1, committee, status=Recommendation.Status.IN_PROGRESS)

    digest.send_digest(today=TODAY)

    assert recipients() == {member.email}


def test_inactive_committees_and_users_and_missing_dates_are_skipped(federation, committee):
    inactive_user = CommitteeMemberFactory(committee=committee, user__is_active=False).user
    active = CommitteeMemberFactory(committee=committee).user
    due_in(1, committee)
    closed = CommitteeFactory(is_active=False)
    closed_member = CommitteeMemberFactory(committee=closed).user
    due_in(1, closed)
    RecommendationFactory(committee=committee, convening=committee.convening, due_date=None)
    RecommendationFactory(committee=None, due_date=TODAY + datetime.timedelta(days=1))

    digest.send_digest(today=TODAY)

    assert recipients() == {active.email}
    assert inactive_user.email not in recipients() and closed_member.email not in recipients()


def test_a_member_of_two_committees_gets_one_email_listing_both(federation):
    first, second = CommitteeFactory(), CommitteeFactory()
    user = UserFactory(preferred_language="en")
    CommitteeMemberFactory(committee=first, user=user)
    CommitteeMemberFactory(committee=second, user=user)
    only_second = CommitteeMemberFactory(committee=second).user
    tomorrow = due_in(1, first)
    soon = due_in(3, second)  # nothing happens in the second committee today

    result = digest.send_digest(today=TODAY)

    assert [u for u, _items in result] == [user]
    assert recipients() == {user.email}  # the other member of the second committee: no e-mail
    assert only_second.email not in recipients()
    message = Message.objects.get(recipient=user)
    assert message.key == "digest-2026-03-11"
    for recommendation in (tomorrow, soon):
        assert recommendation.text_en in message.body_text
        assert recommendation.text_en in message.body_html
    assert first.name_en in message.body_text and second.name_en in message.body_text


def test_day_boundary_in_the_federation_time_zone(settings):
    # 22:30 UTC on the 10th is 01:30 on the 11th in Damascus (UTC+3).
    FederationFactory(timezone="Asia/Damascus")
    committee = CommitteeFactory()
    user = CommitteeMemberFactory(committee=committee, user__preferred_language="en").user
    local_tomorrow = RecommendationFactory(
        committee=committee, convening=committee.convening, due_date=datetime.date(2026, 3, 12)
    )
    utc_tomorrow = RecommendationFactory(
        committee=committee, convening=committee.convening, due_date=datetime.date(2026, 3, 11)
    )
    now = datetime.datetime(2026, 3, 10, 22, 30, tzinfo=datetime.UTC)
    settings.DIGEST_HOUR = 1

    with mock.patch("django.utils.timezone.now", return_value=now):
        assert clock.federation_today() == TODAY
        items = digest.select(clock.federation_today())[user.pk]
        send_followup_digest.delay()

    assert items.due_tomorrow == [local_tomorrow]
    assert utc_tomorrow not in items.due_tomorrow + items.due_soon + items.overdue
    assert Message.objects.get(recipient=user).key == "digest-2026-03-11"


def test_the_task_acts_from_the_digest_hour_and_only_once_a_day(settings):
    FederationFactory(timezone="Asia/Damascus")
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee)
    due_in(1, committee)
    settings.DIGEST_HOUR = 7

    # 03:00 UTC is 06:00 in Damascus: too early; 04:10 UTC is 07:10: the hour.
    early = datetime.datetime(2026, 3, 11, 3, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=early):
        send_followup_digest.delay()
    assert not Message.objects.exists()

    on_time = datetime.datetime(2026, 3, 11, 4, 10, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=on_time):
        send_followup_digest.delay()
    assert Message.objects.get().key == "digest-2026-03-11"

    # Later the same day (a catch-up run, or beat running twice): nothing more.
    evening = datetime.datetime(2026, 3, 11, 15, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=evening):
        send_followup_digest.delay()
    assert Message.objects.count() == 1


# Languages and links.


def test_each_member_reads_the_digest_in_their_language(federation, committee):
    arabic = CommitteeMemberFactory(committee=committee, user__preferred_language="ar").user
    english = CommitteeMemberFactory(committee=committee, user__preferred_language="en").user
    recommendation = due_in(-1, committee, text_ar="تفعيل الشبكة", text_en="Activate the network")

    digest.send_digest(today=TODAY)

    ar = Message.objects.get(recipient=arabic)
    assert ar.language == "ar"
    assert ar.subject.startswith("متابعة التوصيات")
    assert "مارس" in ar.subject  # the date in Arabic
    assert 'dir="rtl"' in ar.body_html and 'lang="ar"' in ar.body_html
    assert recommendation.text_ar in ar.body_html and recommendation.text_ar in ar.body_text
    assert "متأخرة" in ar.body_html  # "Overdue"
    assert committee.name_ar in ar.body_html
    assert recommendation.text_en not in ar.body_html

    en = Message.objects.get(recipient=english)
    assert en.language == "en"
    assert en.subject == "Follow-up of recommendations: March 11, 2026"
    assert 'dir="ltr"' in en.body_html and 'lang="en"' in en.body_html
    assert recommendation.text_en in en.body_html and recommendation.text_en in en.body_text
    assert "Overdue" in en.body_text
    assert committee.name_en in en.body_html
    assert recommendation.text_ar not in en.body_html


def test_links_are_absolute_and_in_the_recipients_language(federation, committee, settings):
    arabic = CommitteeMemberFactory(committee=committee, user__preferred_language="ar").user
    english = CommitteeMemberFactory(committee=committee, user__preferred_language="en").user
    recommendation = due_in(1, committee)

    digest.send_digest(today=TODAY)

    site = settings.SITE_URL
    slug, number = recommendation.convening.slug, recommendation.number
    for user, language in ((arabic, "ar"), (english, "en")):
        message = Message.objects.get(recipient=user)
        item_url = f"{site}/{language}/recommendations/{slug}/{number}/"
        tracker_url = f"{site}/{language}/recommendations/"
        assert f'href="{item_url}"' in message.body_html
        assert f'href="{tracker_url}"' in message.body_html
        assert item_url in message.body_text and tracker_url in message.body_text


# Idempotency, dry runs and the command.


def test_running_the_task_twice_sends_one_email(
    federation, committee, member, django_capture_on_commit_callbacks
):
    due_in(1, committee)

    with django_capture_on_commit_callbacks(execute=True):
        send_followup_digest.delay(day="2026-03-11")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_followup_digest.delay(day="2026-03-11")

    assert callbacks == []  # nothing queued the second time
    message = Message.objects.get()
    assert message.status == Message.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert mail.outbox[0].subject == message.subject


def test_the_outbox_refuses_a_second_digest_for_the_same_day(federation, committee, member):
    due_in(1, committee)
    digest.send_digest(today=TODAY)

    # Two runs that both selected before either queued: the second finds the row there.
    with mock.patch.object(digest, "Message") as no_rows_seen:
        no_rows_seen.objects.filter.return_value.values_list.return_value = []
        assert digest.send_digest(today=TODAY) == []

    assert Message.objects.count() == 1


def test_the_next_day_is_a_new_digest(federation, committee, member):
    due_in(2, committee)  # due tomorrow on the 12th
    due_in(8, committee)  # and entering the week on the 12th

    assert digest.send_digest(today=TODAY) == []
    assert len(digest.send_digest(today=TODAY + datetime.timedelta(days=1))) == 1
    assert Message.objects.get().key == "digest-2026-03-12"


def test_dry_run_sends_and_writes_nothing(
    federation, committee, member, django_capture_on_commit_callbacks
):
    due_in(1, committee)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("send_reminders", "--date", "2026-03-11", "--dry-run", stdout=out)

    assert callbacks == []
    assert not Message.objects.exists()
    assert mail.outbox == []
    output = out.getvalue()
    assert (
        f"would send digest to {member.email} [en]: overdue 0, due tomorrow 1, "
        "due within 7 days 0" in output
    )
    assert (
        "1 e-mails would be sent: 1 follow-up digests, 0 convening reminders, 0 escalations."
        in output
    )


def test_the_command_sends_and_prints(
    federation, committee, member, django_capture_on_commit_callbacks
):
    due_in(1, committee)
    due_in(4, committee)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-03-11", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-03-11", stdout=StringIO())

    output = out.getvalue()
    assert (
        f"sent digest to {member.email} [en]: overdue 0, due tomorrow 1, due within 7 days 1"
        in output
    )
    assert "1 e-mails queued: 1 follow-up digests, 0 convening reminders, 0 escalations." in output
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "tomorrow", "20260311"])
def test_the_command_rejects_an_invalid_date(value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", value, stdout=StringIO())


# Batched: the selection costs the same whatever the number of recommendations.


def test_select_query_count_does_not_grow_with_recommendations(federation):
    committees = CommitteeFactory.create_batch(3)
    for committee in committees:
        CommitteeMemberFactory.create_batch(2, committee=committee)

    in_charge = AffiliationFactory().organization

    def add(count):
        for n in range(count):
            committee = committees[n % len(committees)]
            due_in(n % 20 - 10, committee, responsible=in_charge if n % 3 == 0 else None)

    add(10)
    with CaptureQueriesContext(connection) as few:
        small = digest.select(TODAY)
    add(190)
    with CaptureQueriesContext(connection) as many:
        large = digest.select(TODAY)

    # The candidates, then the seats, coordinators and secretariat who answer for them.
    assert len(few) == len(many) == 4
    assert 0 < len(small) < len(large) == 7  # six members and the coordinator in charge
    for items in large.values():
        # Reading what the templates read costs nothing more.
        with CaptureQueriesContext(connection) as reads:
            for _name, section in items.sections:
                for recommendation in section:
                    str(recommendation.committee.name)
                    str(recommendation.convening.title)
        assert len(reads) == 0
