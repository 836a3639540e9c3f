"""Members: the federation, its accounts, organizations, sectors, branches, people and offices,
and the outbox of e-mails."""

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

__all__ = [
    "Affiliation",
    "AuditEntry",
    "BoardSeat",
    "Branch",
    "Federation",
    "Invitation",
    "MembershipChange",
    "Message",
    "Office",
    "Organization",
    "Person",
    "Sector",
    "User",
    "UserManager",
    "validate_timezone",
]
