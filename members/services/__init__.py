"""Writes: every change in the members layer goes through these functions, whichever door it
comes from (the portal, the admin, a task or the demo), so that checks and history are the
same. Each function is keyword-only; refusals are `members.errors.Refused`."""

from .accounts import feed_token_reset, notification_preferences_set
from .organizations import (
    NOTIFIED_STATUSES,
    PROFILE_FIELDS,
    organization_change_status,
    organization_create,
    organization_register,
    organization_update,
    unique_slug,
)

__all__ = [
    "NOTIFIED_STATUSES",
    "PROFILE_FIELDS",
    "feed_token_reset",
    "notification_preferences_set",
    "organization_change_status",
    "organization_create",
    "organization_register",
    "organization_update",
    "unique_slug",
]
