"""Writes for outcomes: every voting and follow-up rule is enforced here, whichever door the
change comes from (the portal, the admin, a task or the demo)."""

from .followup import can_report, clean_evidence, progress_update_post, recommendation_save
from .votes import (
    ballot_cast,
    check_tally,
    motion_close,
    motion_open,
    motion_withdraw,
    tally_record,
)

__all__ = [
    "ballot_cast",
    "can_report",
    "check_tally",
    "clean_evidence",
    "motion_close",
    "motion_open",
    "motion_withdraw",
    "progress_update_post",
    "recommendation_save",
    "tally_record",
]
