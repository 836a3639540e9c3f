"""Members: the federation, its accounts, organizations, sectors, branches, people and offices,
and the outbox of e-mails."""

from .activities import Activity, Place
from .audit import AuditEntry
from .core import (
    Affiliation,
    BoardSeat,
    Branch,
    Federation,
    MembershipChange,
    Organization,
    Sector,
    User,
    UserManager,
    validate_timezone,
)
from .outbox import Message
from .people import Invitation, Office, Person
from .submissions import FormSubmission

__all__ = [
    "Activity",
    "Affiliation",
    "AuditEntry",
    "BoardSeat",
    "Branch",
    "Federation",
    "FormSubmission",
    "Invitation",
    "MembershipChange",
    "Message",
    "Office",
    "Organization",
    "Person",
    "Place",
    "Sector",
    "User",
    "UserManager",
    "validate_timezone",
]
