"""Outcomes of convenings: motions and their votes, recommendations, follow-up committees."""

from .followup import Committee, CommitteeMember, ProgressUpdate, Recommendation
from .minutes import Minutes, MinutesDiscussion
from .records import MotionResult, MotionResultChannel, Proxy
from .votes import Ballot, Motion, SecretCount, Tally, VotingRules

__all__ = [
    "Ballot",
    "Committee",
    "CommitteeMember",
    "Minutes",
    "MinutesDiscussion",
    "Motion",
    "MotionResult",
    "MotionResultChannel",
    "ProgressUpdate",
    "Proxy",
    "Recommendation",
    "SecretCount",
    "Tally",
    "VotingRules",
]
