"""Outcomes of convenings: motions and their votes, recommendations, follow-up committees."""

from .followup import Committee, CommitteeMember, ProgressUpdate, Recommendation
from .votes import Ballot, Motion, SecretCount, Tally

__all__ = [
    "Ballot",
    "Committee",
    "CommitteeMember",
    "Motion",
    "ProgressUpdate",
    "Recommendation",
    "SecretCount",
    "Tally",
]
