"""The escalation digest: once a week, the secretariat hears about long-overdue recommendations.

An open recommendation overdue by more than settings.ESCALATE_AFTER_DAYS days (judged on the
federation's day) is escalated: it goes into one e-mail to each member of the secretariat who has
not muted the "escalation" kind. Beat runs outcomes.send_escalation_digest hourly; it acts from
settings.DIGEST_HOUR of the federation's day, and the first such run of an ISO week that finds
something to escalate sends the week's e-mail. Its outbox key names the ISO week, and rows are
unique per (kind, key, recipient): later runs that week (the same day or another) add nothing,
so a worker that was down on Monday catches up on Tuesday and the week is never sent twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from members import clock, mail, notify, roles
from members.models import Message

from .models import Recommendation

KIND = "escalation"
TEMPLATE = "escalation"


def week_key(day: datetime.date) -> str:
    """The outbox key of the ISO week `day` falls in, e.g. "escalation-2026-W11"."""
    year, week, _weekday = day.isocalendar()
    return f"escalation-{year}-W{week:02d}"


def select(today: datetime.date) -> list[Recommendation]:
    """Open recommendations overdue by more than ESCALATE_AFTER_DAYS days on `today`, the
    longest overdue first. One query, with what the e-mail reads of each."""
    cutoff = today - datetime.timedelta(days=settings.ESCALATE_AFTER_DAYS)
    return list(
        Recommendation.objects.overdue(today)
        .filter(due_date__lt=cutoff)
        .for_listing()
        .with_owner_flag()
        .order_by("due_date", "convening__starts_at", "number", "pk")
    )


def recipients(key: str) -> list:
    """The secretariat's members who want this kind and have not had this week's e-mail."""
    served = Message.objects.filter(kind=KIND, key=key, recipient__isnull=False).values("recipient")
    users = roles.secretariat_users().exclude(email="").exclude(pk__in=served).order_by("pk")
    return [user for user in users if notify.wants(user, KIND)]


def _context(recommendations, today, urls):
    """The template's context, built with the recipient's language active (links in it);
    links are cached per language for the run."""
    language = translation.get_language()

    def url(recommendation):
        cache_key = (language, recommendation.pk)
        if cache_key not in urls:
            urls[cache_key] = mail.absolute(recommendation.get_absolute_url())
        return urls[cache_key]

    if (language, "tracker") not in urls:
        urls[language, "tracker"] = mail.absolute(
            reverse("outcomes:recommendation_list") + "?overdue=1"
        )
    return {
        "today": today,
        "days": settings.ESCALATE_AFTER_DAYS,
        "items": [
            {
                "recommendation": recommendation,
                "days_overdue": (today - recommendation.due_date).days,
                "url": url(recommendation),
            }
            for recommendation in recommendations
        ],
        "tracker_url": urls[language, "tracker"],
    }


def send_escalation(*, today=None, dry_run=False, stdout=None) -> list:
    """Queue this week's escalation e-mail for `today` (the federation's date unless given).
    Returns the users it was queued for, or in a dry run would be; those already served this
    ISO week are left out of both. Nothing long overdue: nobody. A dry run writes nothing."""
    today = today or clock.federation_today()
    recommendations = select(today)
    if not recommendations:
        return []
    key = week_key(today)
    users = recipients(key)
    if dry_run:
        sent = users
    else:
        urls = {}
        with transaction.atomic():
            messages = notify.send(
                kind=KIND,
                key=key,
                users=users,
                template=TEMPLATE,
                context=lambda user: _context(recommendations, today, urls),
            )
        queued = {message.recipient_id for message in messages}
        sent = [user for user in users if user.pk in queued]
    if stdout is not None:
        verb = "would send escalation to" if dry_run else "sent escalation to"
        for user in sent:
            language = user.preferred_language or settings.LANGUAGE_CODE
            stdout.write(
                f"{verb} {user.email} [{language}]: {len(recommendations)} recommendations "
                f"overdue more than {settings.ESCALATE_AFTER_DAYS} days ({key})\n"
            )
    return sent
