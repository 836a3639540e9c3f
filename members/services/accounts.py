"""Writes for a user's own account: which notifications they receive, their calendar feed."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import Refused
from ..models import User
from ..notify import KINDS


@transaction.atomic
def notification_preferences_set(*, user: User, muted: list[str]) -> User:
    """Turn off the kinds in `muted`; every other kind is on. Kinds that cannot be turned off
    (the user's own organization's status) are refused."""
    unknown = [kind for kind in muted if kind not in KINDS]
    if unknown:
        raise Refused(_("Unknown kind of notification."), code="unknown_kind")
    if any(not KINDS[kind].optional for kind in muted):
        raise Refused(
            _("News about your own organization's membership cannot be turned off."),
            code="not_optional",
        )
    user.muted_notifications = sorted(set(muted))
    user.save(update_fields=["muted_notifications"])
    return user


@transaction.atomic
def feed_token_reset(*, user: User) -> str:
    """A new secret for the personal calendar feed; the old URL stops working at once."""
    user.feed_token = secrets.token_urlsafe(32)
    user.save(update_fields=["feed_token"])
    return user.feed_token
