"""The follow-up digest: one e-mail a day to each person who answers for recommendations that
fall due soon or are late.

Who answers for a recommendation (and so may post its progress, and receives this digest): the
current members of its follow-up committee who have an account, the active coordinators of the
organization in charge, and the secretariat.

Run hourly by beat (outcomes.send_followup_digest, which acts only from settings.DIGEST_HOUR of
the federation's day) or once by `manage.py send_reminders`. The day is the federation's.

What a recipient hears about, for `today`:

- overdue: open and late, on the day after the due date and then every seventh day (a late
  item comes back weekly, not daily);
- due tomorrow;
- due within 7 days: due from the day after tomorrow to a week from today.

The e-mail goes out only on a day something *happens* for the recipient: an item on its overdue
beat, an item due tomorrow, or an item that has just entered the week (due in exactly 7 days).
Otherwise items sitting inside the week would mail them every day. When it goes out, it lists
all three sections in full. Rows in the outbox are unique per recipient and day, so a second
run the same day adds nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from members import clock, mail, notify, roles
from members.models import Affiliation, Message

from .models import CommitteeMember, Recommendation
from .querysets import OPEN_STATUSES

KIND = "digest"
WINDOW = 7  # days ahead
OVERDUE_EVERY = 7  # days between reminders of a late item


def message_key(today):
    return f"digest-{today.isoformat()}"


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
    return (recommendation.due_date, recommendation.convening.starts_at, recommendation.number)


def _section(due, today):
    """(section, triggers today) for an open item due on `due`; None when it is not listed."""
    if due < today:
        return ("overdue", True) if is_overdue_beat(due, today) else None
    if due == today:
        return None  # due today: announced yesterday, late tomorrow
    if due == today + datetime.timedelta(days=1):
        return "due_tomorrow", True
    return "due_soon", due == today + datetime.timedelta(days=WINDOW)


def _owners_by_recommendation(recommendations):
    """{recommendation id: set of user ids} and {user id: user}, in three queries: seats of the
    active committees, coordinators of the organizations in charge, the secretariat."""
    by_committee, by_organization, users = {}, {}, {}
    committees = {r.committee_id for r in recommendations if r.committee and r.committee.is_active}
    seats = (
        CommitteeMember.objects.reporters()
        .filter(committee_id__in=committees)
        .exclude(person__user__email="")
        .select_related("person__user")
    )
    for seat in seats:
        users[seat.person.user_id] = seat.person.user
        by_committee.setdefault(seat.committee_id, set()).add(seat.person.user_id)
    coordinators = (
        Affiliation.objects.filter(
            role=Affiliation.Role.COORDINATOR,
            user__is_active=True,
            organization_id__in={r.responsible_id for r in recommendations if r.responsible_id},
        )
        .exclude(user__email="")
        .select_related("user")
    )
    for affiliation in coordinators:
        users[affiliation.user_id] = affiliation.user
        by_organization.setdefault(affiliation.organization_id, set()).add(affiliation.user_id)
    secretariat = {user.pk: user for user in roles.secretariat_users().exclude(email="")}
    users.update(secretariat)
    owners = {
        r.pk: by_committee.get(r.committee_id, set())
        | by_organization.get(r.responsible_id, set())
        | set(secretariat)
        for r in recommendations
    }
    return owners, users


def select(today):
    """{user id: DigestItems} for the people who get a digest on `today`.

    Four queries however many recommendations and people there are: the candidate
    recommendations, then their owners (see _owners_by_recommendation); the rest is grouped
    here.
    """
    horizon = today + datetime.timedelta(days=WINDOW)
    candidates = []
    for recommendation in (
        Recommendation.objects.filter(
            status__in=OPEN_STATUSES, due_date__isnull=False, due_date__lte=horizon
        )
        .select_related("committee", "convening", "responsible")
        .order_by()
        .iterator(chunk_size=2000)
    ):
        placed = _section(recommendation.due_date, today)
        if placed is not None:
            candidates.append((recommendation, *placed))
    if not candidates:
        return {}
    owners, users = _owners_by_recommendation([r for r, _s, _t in candidates])

    # Only items with something happening today decide who gets an e-mail, but a person who
    # gets one hears about everything they answer for.
    digests = {}
    for recommendation, section, triggers in candidates:
        for user_id in owners[recommendation.pk]:
            digest = digests.setdefault(user_id, DigestItems(user=users[user_id]))
            getattr(digest, section).append(recommendation)
            digest.triggered = digest.triggered or triggers
    for digest in digests.values():
        for _name, items in digest.sections:
            items.sort(key=_sort_key)
    return {
        user_id: digest
        for user_id, digest in sorted(digests.items())
        if digest.triggered and notify.wants(digest.user, KIND)
    }


def _context(digest, language, urls):
    """The template's context; links in the recipient's language (cached per run)."""

    def url(recommendation):
        cache_key = (language, recommendation.pk)
        if cache_key not in urls:
            with translation.override(language):
                urls[cache_key] = mail.absolute(recommendation.get_absolute_url())
        return urls[cache_key]

    def items(recommendations):
        return [
            {"recommendation": recommendation, "url": url(recommendation)}
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
    today = today or clock.federation_today()
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
