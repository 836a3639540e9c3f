"""Writes: every change in the members layer goes through these functions, whichever door it
comes from (the portal, the admin, a task or the demo), so that checks and history are the
same. Each function is keyword-only; refusals are `members.errors.Refused`."""

from .accounts import feed_token_reset, notification_preferences_set
from .invitations import (
    INVITATION_DAYS,
    affiliation_remove,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_problem,
    invitation_withdraw,
    pending_invitations,
)
from .organizations import (
    NOTIFIED_STATUSES,
    PROFILE_FIELDS,
    organization_change_status,
    organization_create,
    organization_register,
    organization_update,
    unique_slug,
)
from .people import (
    KIND_ORDER,
    may_manage_organization,
    may_write_office,
    office_assign,
    office_check,
    office_end,
    office_hand_over,
    office_save,
    office_update,
    person_create,
    person_for_account,
    person_update,
)

__all__ = [
    "INVITATION_DAYS",
    "KIND_ORDER",
    "NOTIFIED_STATUSES",
    "PROFILE_FIELDS",
    "affiliation_remove",
    "feed_token_reset",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_problem",
    "invitation_withdraw",
    "may_manage_organization",
    "may_write_office",
    "notification_preferences_set",
    "office_assign",
    "office_check",
    "office_end",
    "office_hand_over",
    "office_save",
    "office_update",
    "organization_change_status",
    "organization_create",
    "organization_register",
    "organization_update",
    "pending_invitations",
    "person_create",
    "person_for_account",
    "person_update",
    "unique_slug",
]
