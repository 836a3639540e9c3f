"""The weekly escalation of long-overdue recommendations to the secretariat."""

import datetime
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, translation
from django.utils.html import strip_tags

from members import clock
from members.models import Federation, Message
from outcomes import escalation
from outcomes.models import CommitteeMember, Recommendation
from outcomes.tasks import send_escalation_digest
from tests.demo import pin_now
from tests.federation.test_settings import load_settings
from tests.members.factories import (
    AffiliationFactory,
    FederationFactory,
    StaffFactory,
    UserFactory,
)

from .factories import CommitteeFactory, CommitteeMemberFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 11)  # a Wednesday, in ISO week 11
MONDAY = datetime.date(2026, 3, 9)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SITE_URL = "https://tansiq.example.org"
    settings.DIGEST_HOUR = 7
    settings.ESCALATE_AFTER_DAYS = 30


@pytest.fixture(autouse=True)
def federation():
    clock.forget()
    yield FederationFactory(timezone="Europe/Istanbul")
    clock.forget()


def secretariat_user(**fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name="secretariat"))
    return user


@pytest.fixture
def secretary():
    return secretariat_user(preferred_language="en")


def late_by(days, today=TODAY, **fields):
    return RecommendationFactory(due_date=today - datetime.timedelta(days=days), **fields)


def recipients(key=None):
    messages = Message.objects.filter(kind="escalation")
    if key:
        messages = messages.filter(key=key)
    return sorted(messages.values_list("recipient__email", flat=True))


def english_date(day):
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def set_zone(name):
    federation = Federation.load()
    federation.timezone = name
    federation.save()  # the clock forgets the old zone


def at(monkeypatch, *args):
    """Pin the clock to a UTC moment."""
    pin_now(monkeypatch, datetime.datetime(*args, tzinfo=datetime.UTC))


# What is escalated.


@pytest.mark.parametrize(("days", "escalated"), [(30, False), (31, True), (90, True)])
def test_items_overdue_by_more_than_the_threshold_are_escalated(secretary, days, escalated):
    recommendation = late_by(days)

    sent = escalation.send_escalation(today=TODAY)

    assert recipients() == ([secretary.email] if escalated else [])
    assert sent == ([secretary] if escalated else [])
    assert escalation.select(TODAY) == ([recommendation] if escalated else [])


def test_the_threshold_is_a_setting(secretary, settings):
    settings.ESCALATE_AFTER_DAYS = 7
    eight = late_by(8)
    late_by(7)

    assert escalation.select(TODAY) == [eight]


def test_nothing_long_overdue_means_no_email(secretary):
    late_by(10)
    RecommendationFactory(due_date=None)

    assert escalation.send_escalation(today=TODAY) == []
    assert not Message.objects.exists()


@pytest.mark.parametrize("status", [Recommendation.Status.DONE, Recommendation.Status.DROPPED])
def test_done_and_dropped_items_are_not_escalated(secretary, status):
    late_by(60, status=status)

    assert escalation.send_escalation(today=TODAY) == []


def test_in_progress_items_are_escalated(secretary):
    late_by(60, status=Recommendation.Status.IN_PROGRESS)

    assert escalation.send_escalation(today=TODAY) == [secretary]


def test_longest_overdue_first():
    newer, older = late_by(40), late_by(100)

    assert escalation.select(TODAY) == [older, newer]


# Who receives it.


def test_the_secretariat_receives_it_and_nobody_else(secretary):
    admin = StaffFactory()
    UserFactory(email="plain@example.org")
    UserFactory(email="staff@example.org", is_staff=True)  # staff, without the permission
    coordinator = AffiliationFactory().user
    committee = CommitteeFactory()
    member = CommitteeMemberFactory(committee=committee, role=CommitteeMember.Role.CHAIR).user
    secretariat_user(is_active=False)
    late_by(45, committee=committee, responsible=coordinator.affiliations.get().organization)

    escalation.send_escalation(today=TODAY)

    assert recipients() == sorted([secretary.email, admin.email])
    assert member.email not in recipients()


def test_muted_users_are_skipped(secretary):
    muted = secretariat_user(muted_notifications=["escalation"])
    other_kind_muted = secretariat_user(muted_notifications=["digest"])
    late_by(45)

    sent = escalation.send_escalation(today=TODAY)

    assert recipients() == sorted([secretary.email, other_kind_muted.email])
    assert muted not in sent


# What it says.


def test_each_item_with_convening_number_text_owner_due_date_days_and_link(secretary):
    committee = CommitteeFactory(name_en="Shelter committee")
    CommitteeMemberFactory(committee=committee, role=CommitteeMember.Role.CHAIR)
    owned = late_by(45, committee=committee, text_en="Open two shelters")
    orphan = late_by(31, committee=None, text_en="Map the camps")
    empty = CommitteeFactory(name_en="Empty committee")
    unstaffed = late_by(33, committee=empty, text_en="Train the teachers")

    escalation.send_escalation(today=TODAY)

    message = Message.objects.get(recipient=secretary)
    assert message.language == "en"
    assert message.key == "escalation-2026-W11"
    assert message.subject == "3 long-overdue recommendations: March 11, 2026"
    site = django_settings.SITE_URL
    for body in (message.body_text, message.body_html):
        assert "more than 30 days past their due date" in body
        for recommendation in (owned, orphan, unstaffed):
            assert recommendation.convening.title_en in body
            assert f"Recommendation {recommendation.number}" in body
            assert recommendation.text_en in body
            assert english_date(recommendation.due_date) in body
            assert (
                f"{site}/en/recommendations/{recommendation.convening.slug}/"
                f"{recommendation.number}/" in body
            )
        assert "45 days overdue" in body and "31 days overdue" in body
        assert "Shelter committee" in body
        assert "no owner" in body  # the recommendation with no committee nor organization
        assert "Empty committee (nobody can report on it)" in strip_tags(body)
        assert f"{site}/en/recommendations/?overdue=1" in body
        # The longest overdue first.
        assert body.index(owned.text_en) < body.index(unstaffed.text_en)
        assert body.index(unstaffed.text_en) < body.index(orphan.text_en)
    assert f'href="{site}/en/recommendations/{owned.convening.slug}/{owned.number}/"' in (
        message.body_html
    )


def test_each_reads_it_in_their_language(secretary):
    arabic = secretariat_user(preferred_language="ar")
    recommendation = late_by(45, text_ar="تفعيل الشبكة", text_en="Activate the network")

    escalation.send_escalation(today=TODAY)

    ar = Message.objects.get(recipient=arabic)
    assert ar.language == "ar"
    assert 'dir="rtl"' in ar.body_html and 'lang="ar"' in ar.body_html
    assert recommendation.text_ar in ar.body_html and recommendation.text_ar in ar.body_text
    assert recommendation.text_en not in ar.body_html
    path = f"/ar/recommendations/{recommendation.convening.slug}/{recommendation.number}/"
    assert path in ar.body_html and path in ar.body_text
    en = Message.objects.get(recipient=secretary)
    assert recommendation.text_en in en.body_html and recommendation.text_ar not in en.body_html


# Once a week.


def test_running_the_task_twice_sends_one_email(secretary, django_capture_on_commit_callbacks):
    late_by(45)

    with django_capture_on_commit_callbacks(execute=True):
        send_escalation_digest.delay(day="2026-03-11")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_escalation_digest.delay(day="2026-03-11")

    assert callbacks == []  # nothing queued the second time
    assert Message.objects.get().status == Message.Status.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [secretary.email]


def test_another_day_of_the_same_week_sends_nothing_more(secretary):
    other = secretariat_user()
    late_by(45)
    late_by(28, today=TODAY)  # crosses the threshold on Saturday, same week

    assert len(escalation.send_escalation(today=MONDAY)) == 2
    for day in (TODAY, datetime.date(2026, 3, 14), datetime.date(2026, 3, 15)):
        assert escalation.send_escalation(today=day) == []

    assert recipients() == sorted([secretary.email, other.email])


def test_the_next_week_sends_again(secretary):
    late_by(45)

    escalation.send_escalation(today=TODAY)
    escalation.send_escalation(today=datetime.date(2026, 3, 16))  # Monday of week 12

    assert recipients("escalation-2026-W11") == [secretary.email]
    assert recipients("escalation-2026-W12") == [secretary.email]


def test_a_week_key_follows_the_iso_calendar():
    assert escalation.week_key(datetime.date(2026, 3, 11)) == "escalation-2026-W11"
    # 1 January 2027 is a Friday: still in ISO week 53 of 2026.
    assert escalation.week_key(datetime.date(2027, 1, 1)) == "escalation-2026-W53"
    assert escalation.week_key(datetime.date(2024, 12, 30)) == "escalation-2025-W01"


def test_a_member_who_joins_mid_week_gets_the_week_once(secretary):
    late_by(45)
    escalation.send_escalation(today=MONDAY)

    newcomer = secretariat_user()
    assert escalation.send_escalation(today=TODAY) == [newcomer]
    assert escalation.send_escalation(today=TODAY) == []


# The task's clock: from the digest hour, in the federation's zone; catching up.


def test_the_task_waits_for_the_digest_hour_and_catches_up_the_next_day(monkeypatch, secretary):
    late_by(45, today=MONDAY)

    at(monkeypatch, 2026, 3, 9, 3, 30)  # Monday 06:30 in Istanbul: too early
    assert send_escalation_digest.delay().get() == 0
    # The worker is down for the rest of Monday; Tuesday 01:00 is still too early.
    at(monkeypatch, 2026, 3, 9, 22, 0)
    assert send_escalation_digest.delay().get() == 0
    assert not Message.objects.exists()

    at(monkeypatch, 2026, 3, 10, 4, 5)  # Tuesday 07:05 in Istanbul
    assert send_escalation_digest.delay().get() == 1
    at(monkeypatch, 2026, 3, 10, 5, 5)  # the next hour
    assert send_escalation_digest.delay().get() == 0
    at(monkeypatch, 2026, 3, 13, 9, 0)  # Friday
    assert send_escalation_digest.delay().get() == 0

    assert recipients("escalation-2026-W11") == [secretary.email]


def test_the_day_turns_at_midnight_in_the_federation_zone(monkeypatch, secretary, settings):
    set_zone("Asia/Damascus")  # UTC+3
    settings.DIGEST_HOUR = 0
    # Due on 8 February: 30 days late on 10 March, 31 on 11 March.
    late_by(31)

    at(monkeypatch, 2026, 3, 10, 20, 59)  # 23:59 on the 10th in Damascus
    assert send_escalation_digest.delay().get() == 0
    at(monkeypatch, 2026, 3, 10, 21, 0)  # midnight: the 11th in Damascus, still the 10th in UTC
    assert clock.federation_today() == TODAY
    assert send_escalation_digest.delay().get() == 1


def test_the_week_turns_at_midnight_in_the_federation_zone(monkeypatch, secretary, settings):
    set_zone("Asia/Damascus")
    settings.DIGEST_HOUR = 0
    late_by(60)

    at(monkeypatch, 2026, 3, 15, 20, 30)  # Sunday 23:30 in Damascus: week 11
    send_escalation_digest.delay()
    at(monkeypatch, 2026, 3, 15, 21, 30)  # Monday 00:30 in Damascus, Sunday in UTC: week 12
    send_escalation_digest.delay()

    assert list(Message.objects.order_by("pk").values_list("key", flat=True)) == [
        "escalation-2026-W11",
        "escalation-2026-W12",
    ]


# The command.


def test_the_command_dry_run_prints_and_writes_nothing(
    secretary, django_capture_on_commit_callbacks
):
    late_by(45)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("send_reminders", "--date", "2026-03-11", "--dry-run", stdout=out)

    assert callbacks == [] and not Message.objects.exists() and mail.outbox == []
    output = out.getvalue()
    assert (
        f"would send escalation to {secretary.email} [en]: 1 recommendations overdue more "
        "than 30 days (escalation-2026-W11)" in output
    )
    assert (
        "1 e-mails would be sent: 0 follow-up digests, 0 convening reminders, 1 escalations."
        in output
    )


def test_the_command_sends_once_for_its_date(secretary, django_capture_on_commit_callbacks):
    late_by(45)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-03-11", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-03-12", stdout=StringIO())

    assert f"sent escalation to {secretary.email} [en]" in out.getvalue()
    assert "1 e-mails queued: 0 follow-up digests, 0 convening reminders, 1 escalations." in (
        out.getvalue()
    )
    assert Message.objects.get().key == "escalation-2026-W11"
    assert len(mail.outbox) == 1


def test_the_command_judges_overdue_on_its_date(secretary):
    late_by(30)  # 30 days late on the 11th: 31 on the 12th

    call_command("send_reminders", "--date", "2026-03-11", stdout=StringIO())
    assert not Message.objects.exists()
    call_command("send_reminders", "--date", "2026-03-12", stdout=StringIO())
    assert Message.objects.get().key == "escalation-2026-W11"


# Cost, schedule and setting.


def test_the_selection_is_one_query_however_many_items():
    committee = CommitteeFactory()
    late_by(40, committee=committee)
    clock.federation_today()  # the zone is read once and remembered for a minute
    with CaptureQueriesContext(connection) as few:
        escalation.select(TODAY)
    for days in range(41, 80):
        late_by(days, committee=committee)
    with CaptureQueriesContext(connection) as many:
        selected = escalation.select(TODAY)
    assert len(few) == len(many) == 1
    with CaptureQueriesContext(connection) as reads:
        for recommendation in selected:
            str(recommendation.convening.title)
            str(recommendation.committee.name)
            recommendation.has_owner  # noqa: B018
    assert len(reads) == 0


def test_beat_runs_the_task_hourly():
    entry = django_settings.CELERY_BEAT_SCHEDULE["escalation-digest"]
    assert entry == {"task": "outcomes.send_escalation_digest", "schedule": 3600.0}
    assert send_escalation_digest.name == "outcomes.send_escalation_digest"


@pytest.mark.parametrize(
    ("value", "error"),
    [("0", "at least 1"), ("-3", "at least 1"), ("a month", "must be a whole number")],
)
def test_the_setting_is_read_strictly(value, error):
    result = load_settings(DEBUG="true", ESCALATE_AFTER_DAYS=value)
    assert result.returncode != 0
    assert "ESCALATE_AFTER_DAYS" in result.stderr and error in result.stderr


def test_the_setting_defaults_to_30_days():
    env = {k: v for k, v in os.environ.items() if k != "ESCALATE_AFTER_DAYS"}
    result = subprocess.run(
        [sys.executable, "-c", "import federation.settings as s; print(s.ESCALATE_AFTER_DAYS)"],
        env={**env, "DEBUG": "true"},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    assert result.stdout.strip() == "30"
    assert load_settings(DEBUG="true", ESCALATE_AFTER_DAYS="7").returncode == 0
