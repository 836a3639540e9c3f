"""Writes for convenings: registrations with their delegates, attendance and the invitation
list. Every rule is enforced here, whichever door the change comes from."""

from .attendance import (
    attendance_record,
    attendance_remove,
    attendance_warning,
    mark_registrations_attended,
)
from .invitations import check_may_be_invited, convening_invitations_set
from .registrations import (
    EMAIL_MAX,
    MAX_DELEGATES,
    NAME_MAX,
    ROLE_MAX,
    DelegateData,
    clean_delegates,
    registration_cancel,
    registration_create,
    registration_update,
)

__all__ = [
    "EMAIL_MAX",
    "MAX_DELEGATES",
    "NAME_MAX",
    "ROLE_MAX",
    "DelegateData",
    "attendance_record",
    "attendance_remove",
    "attendance_warning",
    "check_may_be_invited",
    "clean_delegates",
    "convening_invitations_set",
    "mark_registrations_attended",
    "registration_cancel",
    "registration_create",
    "registration_update",
]
