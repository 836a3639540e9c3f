"""Convenings: general assemblies, forums and meetings, in the room, online or both; who
registers and who attends."""

from .convenings import (
    AgendaItem,
    Channel,
    Convening,
    ConveningDocument,
    ConveningPartner,
    ConveningPhoto,
)
from .participation import Attendance, Delegate, Registration, attendance_breakdown

__all__ = [
    "AgendaItem",
    "Attendance",
    "Channel",
    "Convening",
    "ConveningDocument",
    "ConveningPartner",
    "ConveningPhoto",
    "Delegate",
    "Registration",
    "attendance_breakdown",
]
