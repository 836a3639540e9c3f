"""The follow-up digest: one e-mail a day per committee member about their committees'
recommendations that fall due soon or are late.

Run hourly by beat (outcomes.send_followup_digest, which acts only at settings.DIGEST_HOUR in
the federation's time zone) or once by `manage.py send_reminders`. The day is the federation's.

What a member hears about, for `today`:

- overdue: open and late, on the day after the due date and then every seventh day (a late
  item comes back weekly, not daily);
- due tomorrow;
- due within 7 days: due from the day after tomorrow to a week from today.

The e-mail goes out only on a day something *happens* for the member: an item on its overdue
beat, an item due tomorrow, or an item that has just entered the week (due in exactly 7 days).
Otherwise items sitting inside the week would mail the member every day. When it goes out, it
lists all three sections in full. Rows in the outbox are unique per member and day, so a second
run the same day adds nothing.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from members import mail
from members.models import Federation, Message

from .models import CommitteeMember, Recommendation
from .querysets import OPEN_STATUSES

KIND = "digest"
WINDOW = 7  # days ahead
OVERDUE_EVERY = 7  # days between reminders of a late item


def message_key(today):
    return f"digest-{today.isoformat()}"


def federation_now():
    """The current time where the federation is (its secretariat's clock, not the server's)."""
    try:
        tz = zoneinfo.ZoneInfo(Federation.load().timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = datetime.UTC
    return timezone.localtime(timezone.now(), tz)


def federation_today():
    return federation_now().date()


def is_overdue_beat(due_date, today):
    """Late, and today is the day after the due date or a multiple of a week after that."""
    late = (today - due_date).days
    return late > 0 and late % OVERDUE_EVERY == 1


@dataclass
class DigestItems:
    """What one member's e-mail lists, each section sorted by due date."""

    user: object
    overdue: list = field(default_factory=list)
    due_tomorrow: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)  # in 2 to 7 days
    triggered: bool = False  # something happens today: the e-mail goes out

    @property
    def sections(self):
        return (
            ("overdue", self.overdue),
            ("due_tomorrow", self.due_tomorrow),
            ("due_soon", self.due_soon),
        )

    def counts(self):
        return {name: len(items) for name, items in self.sections}


def _sort_key(recommendation):
    return (recommendation.due_date, recommendation.committee.slug, recommendation.pk)


def select(today):
    """{user id: DigestItems} for the members who get a digest on `today`.

    Two queries however many recommendations and members there are: the candidate
    recommendations (with their committee and convening), then the seats on those committees
    (with their user); the rest is grouped here.
    """
    tomorrow = today + datetime.timedelta(days=1)
    horizon = today + datetime.timedelta(days=WINDOW)
    candidates = (
        Recommendation.objects.filter(
            status__in=OPEN_STATUSES,
            committee__isnull=False,
            committee__is_active=True,
            due_date__isnull=False,
            due_date__lte=horizon,
        )
        .select_related("committee", "convening")
        .order_by()
    )

    # committee id -> ([section per recommendation], triggers today?)
    by_committee = {}
    for recommendation in candidates.iterator(chunk_size=2000):
        due = recommendation.due_date
        if due < today:
            if not is_overdue_beat(due, today):
                continue
            section, triggers = "overdue", True
        elif due == today:
            continue  # due today: announced yesterday, late tomorrow
        elif due == tomorrow:
            section, triggers = "due_tomorrow", True
        else:
            section, triggers = "due_soon", due == horizon
        entry = by_committee.setdefault(recommendation.committee_id, [[], False])
        entry[0].append((section, recommendation))
        entry[1] = entry[1] or triggers

    if not by_committee:
        return {}
    seats = (
        CommitteeMember.objects.filter(committee_id__in=list(by_committee), user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "pk")
    )
    # Only committees with something happening today decide who gets an e-mail, but a member
    # who gets one hears about all of their committees.
    triggered_users = set()
    committees_of = {}
    users = {}
    for seat in seats:
        users[seat.user_id] = seat.user
        committees_of.setdefault(seat.user_id, []).append(seat.committee_id)
        if by_committee[seat.committee_id][1]:
            triggered_users.add(seat.user_id)

    digests = {}
    for user_id in sorted(triggered_users):
        digest = DigestItems(user=users[user_id], triggered=True)
        seen = set()
        for committee_id in committees_of[user_id]:
            for section, recommendation in by_committee[committee_id][0]:
                if recommendation.pk in seen:
                    continue
                seen.add(recommendation.pk)
                getattr(digest, section).append(recommendation)
        for _name, items in digest.sections:
            items.sort(key=_sort_key)
        digests[user_id] = digest
    return digests


def _context(digest, language, urls):
    """The template's context; committee links in the recipient's language (cached per run)."""

    def committee_url(committee):
        cache_key = (language, committee.pk)
        if cache_key not in urls:
            with translation.override(language):
                urls[cache_key] = mail.absolute(committee.get_absolute_url())
        return urls[cache_key]

    def items(recommendations):
        return [
            {
                "recommendation": recommendation,
                "committee": recommendation.committee,
                "committee_url": committee_url(recommendation.committee),
            }
            for recommendation in recommendations
        ]

    if (language, "tracker") not in urls:
        with translation.override(language):
            urls[language, "tracker"] = mail.absolute(reverse("outcomes:recommendation_list"))
    return {
        # The template names each section; empty ones are left out.
        "sections": [(name, items(section)) for name, section in digest.sections if section],
        "tracker_url": urls[language, "tracker"],
    }


def _line(prefix, user, language, digest):
    counts = digest.counts()
    return (
        f"{prefix} {user.email} [{language}]: overdue {counts['overdue']}, "
        f"due tomorrow {counts['due_tomorrow']}, due within 7 days {counts['due_soon']}\n"
    )


def send_digest(*, today=None, dry_run=False, stdout=None):
    """Queue the digests for `today` (the federation's date unless given). Returns a list of
    (user, DigestItems) queued, or in a dry run that would be; members whose digest for the
    day is already in the outbox are left out of both. A dry run writes nothing."""
    today = today or federation_today()
    key = message_key(today)
    digests = select(today)
    if not digests:
        return []
    already = set(Message.objects.filter(kind=KIND, key=key).values_list("recipient_id", flat=True))
    sent = []
    urls = {}
    with transaction.atomic():
        for user_id, digest in digests.items():
            if user_id in already:
                continue
            user = digest.user
            language = user.preferred_language or settings.LANGUAGE_CODE
            if not dry_run:
                message = mail.queue(
                    user=user,
                    kind=KIND,
                    key=key,
                    template="digest",
                    context={"today": today, **_context(digest, language, urls)},
                )
                if message is None:  # queued meanwhile by another run
                    continue
            sent.append((user, digest))
            if stdout is not None:
                stdout.write(
                    _line(
                        "would send digest to" if dry_run else "sent digest to",
                        user,
                        language,
                        digest,
                    )
                )
    return sent
