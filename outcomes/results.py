"""A motion's result, computed in one place: per channel and overall.

"Votes cast" are yes and no; abstentions count towards turnout and quorum but not towards a
majority. A tie is not a majority, and with no votes nothing is adopted.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, F

from events.models import Attendance, Channel

from .models import Ballot, Motion, SecretCount, Tally


@dataclass(frozen=True)
class Count3:
    eligible: int
    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def voted(self):
        return self.yes + self.no + self.abstain

    @property
    def cast(self):
        return self.yes + self.no

    @property
    def turnout(self):
        """Share of eligible organizations that voted, as a Fraction (0 when none eligible)."""
        return Fraction(self.voted, self.eligible) if self.eligible else Fraction(0)

    def __add__(self, other):
        return Count3(
            self.eligible + other.eligible,
            self.yes + other.yes,
            self.no + other.no,
            self.abstain + other.abstain,
        )

    def percent(self, part):
        return round(100 * part / self.voted) if self.voted else 0


@dataclass(frozen=True)
class Result:
    motion: Motion
    channels: dict  # channel value -> Count3
    total: Count3
    quorum_met: bool
    majority_met: bool

    @property
    def adopted(self):
        return self.quorum_met and self.majority_met

    @property
    def rule(self):
        return self.motion.get_majority_rule_display()


def majority_met(rule, counts):
    if rule == Motion.Rule.SIMPLE:
        return counts.yes > counts.no
    if rule == Motion.Rule.ABSOLUTE:
        return 2 * counts.yes > counts.eligible
    if rule == Motion.Rule.TWO_THIRDS:
        return counts.cast > 0 and 3 * counts.yes >= 2 * counts.cast
    raise ValueError(f"unknown majority rule {rule!r}")


def quorum_met(quorum_percent, counts):
    if quorum_percent == 0:
        return True
    return counts.eligible > 0 and counts.turnout * 100 >= quorum_percent


def compute_many(motions):
    """Results for many motions in four queries, whatever their number: tallies, eligible
    organizations per convening and channel, named ballots and secret counters."""
    motions = list(motions)
    ids = [m.pk for m in motions]
    tallies, counted = {}, {}
    for tally in Tally.objects.filter(motion_id__in=ids):
        tallies.setdefault(tally.motion_id, {})[tally.channel] = Count3(
            tally.eligible, tally.yes, tally.no, tally.abstain
        )
    eligible = {}
    rows = (
        Attendance.objects.filter(
            convening_id__in={m.convening_id for m in motions}, organization__status="active"
        )
        .values("convening_id", "channel")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        eligible.setdefault(row["convening_id"], {})[row["channel"]] = row["n"]
    named = (
        Ballot.objects.filter(motion_id__in=ids)
        .exclude(choice="")
        .values("motion_id", "channel", "choice")
        .annotate(n=Count("pk"))
    )
    secret = SecretCount.objects.filter(motion_id__in=ids).values(
        "motion_id", "channel", "choice", n=F("count")
    )
    for row in [*named, *secret]:
        per_channel = counted.setdefault(row["motion_id"], {}).setdefault(row["channel"], {})
        per_channel[row["choice"]] = per_channel.get(row["choice"], 0) + row["n"]
    return [
        _result(
            motion,
            tallies.get(motion.pk)
            or _from_ballots(eligible.get(motion.convening_id, {}), counted.get(motion.pk, {})),
        )
        for motion in motions
    ]


def compute(motion):
    return compute_many([motion])[0]


def _from_ballots(eligible, counted):
    channels = {}
    for channel in Channel.values:
        got = counted.get(channel, {})
        if channel in eligible or got:
            channels[channel] = Count3(
                eligible.get(channel, 0), got.get("yes", 0), got.get("no", 0), got.get("abstain", 0)
            )
    return channels


def _result(motion, channels):
    total = Count3(0)
    for counts in channels.values():
        total = total + counts
    return Result(
        motion=motion,
        channels=channels,
        total=total,
        quorum_met=quorum_met(motion.quorum, total),
        majority_met=majority_met(motion.majority_rule, total),
    )
