"""Writes for outcomes: every voting and follow-up rule is enforced here, whichever door the
change comes from (the portal, the admin, a task or the demo)."""

from .ballots import (
    RoomTally,
    ballot_cast,
    ballot_void,
    check_tally,
    proxy_record,
    room_ballots_record,
    room_voters,
    tally_record,
    voting_organizations,
)
from .followup import can_report, clean_evidence, progress_update_post, recommendation_save
from .motions import (
    check_correction,
    check_voting_rules,
    motion_close,
    motion_create,
    motion_defaults,
    motion_open,
    motion_record_past,
    motion_withdraw,
)

__all__ = [
    "RoomTally",
    "ballot_cast",
    "ballot_void",
    "can_report",
    "check_correction",
    "check_tally",
    "check_voting_rules",
    "clean_evidence",
    "motion_close",
    "motion_create",
    "motion_defaults",
    "motion_open",
    "motion_record_past",
    "motion_withdraw",
    "progress_update_post",
    "proxy_record",
    "recommendation_save",
    "room_ballots_record",
    "room_voters",
    "tally_record",
    "voting_organizations",
]
