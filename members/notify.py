"""Notifications: e-mails about something that happened, through the outbox, once each.

Every kind is listed here with the words that name it under *My account*, where a user can
turn it off; kinds about the user's own organization's membership status cannot be turned off.
`send()` renders each e-mail in its recipient's language (the context is built with that
language active, so links point to pages in it) and queues it in the outbox, whose rows are
unique per (kind, key, recipient): a service or task that runs twice adds nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import mail
from .models import Message, User


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    optional: bool = True


KINDS = {
    kind.code: kind
    for kind in (
        Kind("status_change", _("My organization's membership status changes"), optional=False),
        Kind("organization_applied", _("A new organization applies to join (secretariat)")),
        Kind(
            "registration",
            _("My organization's registration for a convening is made, changed or cancelled"),
        ),
        Kind("convening_invitation", _("The secretariat invites my organization to a convening")),
        Kind("convening_reminder", _("Two days before a convening my organization registered for")),
        Kind("vote_opened", _("A vote opens at a convening my organization attends online")),
        Kind("recommendation_assigned", _("A recommendation is assigned to me or my organization")),
        Kind("recommendation_status", _("The status of a recommendation I follow changes")),
        Kind("digest", _("The daily digest of recommendations falling due")),
        Kind("escalation", _("The weekly list of long-overdue recommendations (secretariat)")),
    )
}


def optional_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.optional]


def wants(user: User, kind: str) -> bool:
    """Whether `user` receives notifications of `kind` (unknown kinds are a programming error)."""
    if not KINDS[kind].optional:
        return True
    return kind not in (user.muted_notifications or [])


def send(
    *,
    kind: str,
    key: str,
    users: Iterable[User],
    template: str,
    context: Callable[[User], dict] | dict,
) -> list[Message]:
    """Queue one e-mail per user who wants `kind`; return the rows queued now.

    `context` may be a function of the recipient, called with their language active.
    """
    queued, seen = [], set()
    for user in users:
        if user.pk in seen or not user.is_active or not wants(user, kind):
            continue
        seen.add(user.pk)
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            values = context(user) if callable(context) else context
        message = mail.queue(user=user, kind=kind, key=key, template=template, context=values)
        if message is not None:
            queued.append(message)
    return queued


def notice(*, subject: str, lines: list[str], url: str = "", link_label: str = "") -> dict:
    """The context of the generic notice e-mail (templates/email/notice.*)."""
    return {"subject": subject, "lines": lines, "url": url, "link_label": link_label}
