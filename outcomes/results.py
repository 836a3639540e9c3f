"""A motion's result, in one place: counted while the vote runs, stored when it closes.

"Votes cast" are yes and no; abstentions count towards turnout and quorum but not towards a
majority. A tie is not a majority, and with no votes nothing is adopted.

`compute()` counts (from recorded tallies, else from live ballots against the active members
present) and is used only to close a motion, which stores the count (MotionResult);
`stored_many()` reads stored results back for pages, exports and minutes; `turnout_many()`
gives an open vote's turnout per channel, never a choice.

Secrecy: for a secret ballot, a channel where fewer than SECRECY_MIN organizations voted is
shown only inside the total (and then, with two channels, so is the other, which would give it
away by subtraction).
"""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, F

from events.models import Attendance, Channel

from .models import Ballot, Motion, MotionResult, SecretCount, Tally


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


SECRECY_MIN = 3


@dataclass(frozen=True)
class Result:
    motion: Motion
    channels: dict  # channel value -> Count3
    total: Count3
    quorum_met: bool
    majority_met: bool
    stored: object = None  # the MotionResult it was read from, when closed

    @property
    def adopted(self):
        return self.quorum_met and self.majority_met

    @property
    def rule(self):
        if self.stored is not None:
            return self.stored.get_majority_rule_display()
        return self.motion.get_majority_rule_display()

    @property
    def quorum(self):
        return self.stored.quorum if self.stored is not None else self.motion.quorum

    @property
    def is_secret(self):
        kind = self.stored.ballot_kind if self.stored is not None else self.motion.ballot_kind
        return kind == Motion.BallotKind.SECRET

    @property
    def shown_channels(self):
        """The per-channel lines that may be shown: all, unless a secret ballot's channel had
        fewer than SECRECY_MIN voters — then none, only the total."""
        if self.is_secret and any(c.voted < SECRECY_MIN for c in self.channels.values()):
            return {}
        return self.channels


def majority_met(rule, counts, reported=""):
    """`reported` is the result the sources give, read only when they state no rule."""
    if rule == Motion.Rule.NOT_STATED:
        return reported == Motion.ReportedResult.ADOPTED
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
        Ballot.objects.filter(motion_id__in=ids, voided_at=None)
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
        majority_met=majority_met(motion.majority_rule, total, motion.reported_result),
    )


def _stored_result(stored):
    lines = {line.channel: line for line in stored.channels.all()}
    channels = {  # in the channels' own order: the room, then online
        channel: Count3(line.eligible, line.yes, line.no, line.abstain)
        for channel in Channel.values
        if (line := lines.get(channel)) is not None
    }
    return Result(
        motion=stored.motion,
        channels=channels,
        total=Count3(stored.eligible, stored.yes, stored.no, stored.abstain),
        quorum_met=stored.quorum_met,
        majority_met=stored.majority_met,
        stored=stored,
    )


def stored_many(motions):
    """{motion id: Result} read from the stored results of the closed motions among `motions`
    (two queries, whatever their number)."""
    ids = [m.pk for m in motions if m.status == Motion.Status.CLOSED]
    if not ids:
        return {}
    rows = (
        MotionResult.objects.filter(motion_id__in=ids)
        .select_related("motion", "closed_by")
        .prefetch_related("channels")
    )
    return {row.motion_id: _stored_result(row) for row in rows}


def stored(motion):
    return stored_many([motion]).get(motion.pk)


@dataclass(frozen=True)
class Turnout:
    """An open vote's turnout: how many voted of how many may, per channel and in all."""

    channels: dict  # channel value -> (voted, eligible)
    voted: int
    eligible: int
    quorum: int

    @property
    def quorum_reached(self):
        return self.quorum == 0 or (
            self.eligible > 0 and 100 * self.voted >= self.quorum * self.eligible
        )

    @property
    def percent(self):
        return round(100 * self.voted / self.eligible) if self.eligible else 0


def turnout_many(motions):
    """{motion id: Turnout} for open motions: counts of ballots and eligible organizations per
    channel, in two queries; no choice is read."""
    motions = list(motions)
    if not motions:
        return {}
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
    voted = {}
    rows = (
        Ballot.objects.filter(motion_id__in=[m.pk for m in motions], voided_at=None)
        .values("motion_id", "channel")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        voted.setdefault(row["motion_id"], {})[row["channel"]] = row["n"]
    turnouts = {}
    for motion in motions:
        per = eligible.get(motion.convening_id, {})
        cast = voted.get(motion.pk, {})
        channels = {
            channel: (cast.get(channel, 0), per.get(channel, 0))
            for channel in Channel.values
            if channel in per or channel in cast
        }
        turnouts[motion.pk] = Turnout(
            channels=channels,
            voted=sum(v for v, _e in channels.values()),
            eligible=sum(e for _v, e in channels.values()),
            quorum=motion.quorum,
        )
    return turnouts


def roll_call(motion):
    """A closed named vote's ballots: organization, channel, choice and proxy, by name. Empty
    for a secret ballot or a vote still running."""
    if motion.status != Motion.Status.CLOSED or motion.is_secret:
        return []
    return list(
        Ballot.objects.filter(motion=motion, voided_at=None)
        .select_related("organization", "proxy__holder")
        .order_by("organization__name_ar", "organization__name_en", "pk")
    )
