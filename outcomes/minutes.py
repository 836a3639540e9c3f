"""Everything a convening's minutes say, gathered from the record in a constant number of
queries whatever the number of organizations, sessions, motions, ballots or recommendations.

Results are the stored ones (MotionResult, as the vote closed), never a new count. The caller
has checked that the reader may see the minutes; `minutes_record()` does not check.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from events.models import Attendance, Convening, Delegate, attendance_breakdown
from members.models import Federation, Organization, Person

from .models import Committee, CommitteeMember, Minutes, Motion
from .results import stored_many
from .selectors import roll_calls


@dataclass
class Session:
    item: object  # AgendaItem
    speakers: list
    discussion: object = None  # MinutesDiscussion or None


@dataclass
class Vote:
    motion: Motion
    result: object  # results.Result read from the stored result, or None
    roll_call: list = field(default_factory=list)


@dataclass
class MinutesRecord:
    convening: Convening
    minutes: Minutes | None
    federation: Federation
    partners: list
    breakdown: dict
    attendance: dict  # channel value -> [Attendance], each with `.delegate_names`
    sessions: list
    votes: list
    recommendations: list
    committees: list  # [(Committee, [CommitteeMember])]


def _attendance(convening):
    """The organizations that came, per channel, each with its delegates' names (the people
    its registration named), in two queries."""
    attendances = list(
        Attendance.objects.filter(convening=convening)
        .select_related("organization")
        .order_by("channel", "organization__slug", "pk")
    )
    delegates = {}
    for delegate in (
        Delegate.objects.filter(registration__convening=convening)
        .select_related("person", "registration")
        .order_by("registration_id", "position", "pk")
    ):
        delegates.setdefault(delegate.registration.organization_id, []).append(delegate)
    by_channel = {}
    for attendance in attendances:
        attendance.delegates = delegates.get(attendance.organization_id, [])
        by_channel.setdefault(attendance.channel, []).append(attendance)
    # attendance_breakdown() reads these instead of counting again: members per channel, and the
    # others (partners, suspended organizations checked in with a warning) apart, as the page.
    members = Organization.MEMBER_STATUSES
    counts = {"room": 0, "online": 0, "others": 0}
    for attendance in attendances:
        member = attendance.organization.status in members
        counts[attendance.channel if member else "others"] += 1
    convening.listed_room = counts["room"]
    convening.listed_online = counts["online"]
    convening.listed_others = counts["others"]
    return by_channel


def minutes_record(convening: Convening) -> MinutesRecord:
    """The minutes' content for `convening` (loaded with select_related of its organizers)."""
    minutes = (
        Minutes.objects.filter(convening=convening)
        .select_related("approved_by", "approved_by_motion__convening", "published_by")
        .prefetch_related("discussions")
        .first()
    )
    discussions = (
        {d.agenda_item_id: d for d in minutes.discussions.all()} if minutes is not None else {}
    )
    attendance = _attendance(convening)
    agenda = convening.agenda.prefetch_related(
        Prefetch("speakers", queryset=Person.objects.select_related("organization"))
    )
    sessions = [
        Session(item=item, speakers=list(item.speakers.all()), discussion=discussions.get(item.pk))
        for item in agenda
    ]
    motions = list(convening.motions.exclude(status=Motion.Status.DRAFT).order_by("number", "pk"))
    results = stored_many(motions)
    calls = roll_calls(motions)
    votes = [Vote(m, results.get(m.pk), calls.get(m.pk, [])) for m in motions]
    recommendations = list(
        convening.recommendations.select_related("committee", "responsible", "sector").order_by(
            "number"
        )
    )
    committees = [
        (committee, list(committee.members.all()))
        for committee in Committee.objects.filter(convening=convening)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.select_related("person", "organization").order_by(
                    "role", "starts_on", "pk"
                ),
            )
        )
        .order_by("slug")
    ]
    return MinutesRecord(
        convening=convening,
        minutes=minutes,
        federation=Federation.load(),
        partners=list(convening.partners.select_related("organization").order_by("role", "pk")),
        breakdown=attendance_breakdown(convening),
        attendance=attendance,
        sessions=sessions,
        votes=votes,
        recommendations=recommendations,
        committees=committees,
    )
