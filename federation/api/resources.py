"""The resources of /api/v1/: what each one shows, to whom, in how many queries.

Who may read what is the pages' rule, through the same querysets: the directory's
Organization.objects.visible_to, the convenings' Convening.objects.visible_to, and so on. A
row's fields are those its page shows to everyone who may see the page: a convening's join
link (for registered organizations) and delegates' names (for their organization and the
secretariat) are left out; a motion's result is the stored one, with the channels a secret
ballot's result may show (outcomes.results), and the roll call only of a closed named vote.
"""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from events.models import Convening, attendance_breakdown
from events.querysets import attach_attendance_counts
from members import roles
from members.filters import OrganizationFilter
from members.models import BoardSeat, Branch, Organization
from members.querysets import attach_sectors
from outcomes.filters import RecommendationFilter
from outcomes.models import Ballot, Committee, CommitteeMember, Motion, Recommendation
from outcomes.results import stored_many

from .filters import ApiConveningFilter, CommitteeFilter, MotionFilter
from .registry import (
    BOOLEAN,
    INTEGER,
    STRING,
    URI,
    Field,
    Resource,
    array,
    date_field,
    datetime_field,
    enum,
    field,
    nullable,
    obj,
    page_url,
    register,
    related,
    translated,
)

COUNTRY = {"type": "string", "description": "ISO 3166-1 alpha-2 code, or empty."}


def _countries(name, description=""):
    return Field(
        name, array(STRING), lambda row, r: [c.code for c in getattr(row, name)], description
    )


# Organizations ---------------------------------------------------------------------------------


def _logo(row, request):
    return request.build_absolute_uri(row.logo.url) if row.logo else None


register(
    Resource(
        name="organizations",
        item="organization",
        title=_("Organizations"),
        description=_(
            "The directory: member organizations for everyone; partners and one's own "
            "organizations for signed-in users; every organization for the secretariat."
        ),
        rows=lambda user: Organization.objects.visible_to(user).select_related("branch"),
        filterset=OrganizationFilter,
        attach=lambda rows, user: attach_sectors(rows),
        fields=[
            field("slug", STRING),
            *translated("name"),
            field("acronym", STRING),
            field("status", enum(Organization.Status)),
            field("country", COUNTRY, convert=lambda c: c.code or ""),
            *translated("city"),
            _countries("countries_of_work", _("ISO codes of the countries it works in.")),
            *translated("areas_of_work"),
            *translated("description"),
            Field(
                "sectors",
                array(STRING),
                lambda row, r: [s.slug for s in row.sector_list],
                _("Slugs of its sectors."),
            ),
            field("founded_year", nullable(INTEGER)),
            field("registration_number", STRING),
            *translated("registration_authority"),
            field("website", STRING),
            field("email", STRING),
            field("phone", STRING),
            related("branch"),
            Field("logo", nullable(URI), _logo),
            page_url(),
        ],
    )
)


# Branches ----------------------------------------------------------------------------------------


def _branch_rows(user):
    from members import clock

    seats = (
        BoardSeat.objects.current(clock.federation_today())
        .select_related("organization")
        .order_by("role", "pk")
    )
    return Branch.objects.annotate(
        member_count=Count(
            "organizations", filter=Q(organizations__status__in=Organization.MEMBER_STATUSES)
        )
    ).prefetch_related(Prefetch("board_seats", queryset=seats, to_attr="seats"))


def _board(row, request):
    return [
        {
            "organization": seat.organization.slug,
            "name_ar": seat.organization.name_ar or "",
            "name_en": seat.organization.name_en or "",
            "role": seat.role,
            "term_start": seat.term_start.isoformat(),
            "term_end": seat.term_end.isoformat() if seat.term_end else None,
        }
        for seat in row.seats
    ]


SEAT = obj(
    {
        "organization": STRING,
        "name_ar": STRING,
        "name_en": STRING,
        "role": enum(BoardSeat.Role),
        "term_start": {"type": "string", "format": "date"},
        "term_end": {"type": ["string", "null"], "format": "date"},
    }
)

register(
    Resource(
        name="branches",
        item="branch",
        title=_("Branches"),
        description=_("The federation's branches, with their current board."),
        rows=_branch_rows,
        fields=[
            field("slug", STRING),
            *translated("name"),
            _countries("countries", _("ISO codes of the countries it covers.")),
            *translated("seat_city"),
            date_field("founded_on"),
            field("is_active", BOOLEAN),
            field("member_count", INTEGER, description=_("Member organizations in the branch.")),
            Field("board", array(SEAT), _board, _("The seats of its board held today.")),
            page_url(),
        ],
    )
)


# Convenings --------------------------------------------------------------------------------------


def _organizer(row, request):
    if row.organizer_organization_id:
        return {"kind": "organization", "slug": row.organizer_organization.slug}
    if row.organizer_branch_id:
        return {"kind": "branch", "slug": row.organizer_branch.slug}
    return {"kind": "federation", "slug": None}


def _attendance(row, request):
    found = attendance_breakdown(row)
    return {key: found[key] for key in ("room", "online", "total", "listed", "at_least", "words")}


ORGANIZER = obj(
    {
        "kind": {"type": "string", "enum": ["federation", "branch", "organization"]},
        "slug": nullable(STRING),
    }
)
ATTENDANCE = obj(
    {
        "room": INTEGER,
        "online": INTEGER,
        "total": INTEGER,
        "listed": {**BOOLEAN, "description": "Counted from the list of organizations."},
        "at_least": {**BOOLEAN, "description": "Reported counts are minimums."},
        "words": {**STRING, "description": "Attendance as the sources say it, when no figure."},
    }
)

register(
    Resource(
        name="convenings",
        item="convening",
        title=_("Convenings"),
        description=_(
            "General assemblies, forums and meetings. Members-only convenings are listed for "
            "users of member organizations and the secretariat."
        ),
        rows=lambda user: Convening.objects.visible_to(user).for_listing(),
        filterset=ApiConveningFilter,
        attach=lambda rows, user: attach_attendance_counts(rows),
        notes=_(
            "The join link and the delegates' names are not given: the pages show them "
            "only to registered organizations and the secretariat."
        ),
        fields=[
            field("slug", STRING),
            *translated("title"),
            field("kind", enum(Convening.Kind)),
            field("format", enum(Convening.Format)),
            field("status", enum(Convening.Status)),
            field("visibility", enum(Convening.Visibility)),
            datetime_field("starts_at", null=False),
            datetime_field("ends_at", null=False),
            field("timezone", STRING, description=_("The venue's time zone (IANA name).")),
            field("date_is_approximate", BOOLEAN),
            *translated("venue_name"),
            *translated("venue_city"),
            field("venue_country", COUNTRY, convert=lambda c: c.code or ""),
            field("online_platform", STRING),
            Field("organizer", ORGANIZER, _organizer),
            *translated("slogan"),
            *translated("summary"),
            Field("attendance", ATTENDANCE, _attendance, _("Who came, per channel.")),
            page_url(),
        ],
    )
)


# Motions -----------------------------------------------------------------------------------------


def _motion_rows(user):
    motions = Motion.objects.filter(
        convening__in=Convening.objects.visible_to(user)
    ).select_related("convening")
    if not roles.is_secretariat(user):
        motions = motions.exclude(status=Motion.Status.DRAFT)
    return motions


def _attach_results(rows, user):
    """Stored results (two queries) and the roll calls of closed named votes (one)."""
    results = stored_many(rows)
    named = [m.pk for m in rows if m.status == Motion.Status.CLOSED and not m.is_secret]
    calls = {}
    if named:
        ballots = (
            Ballot.objects.filter(motion_id__in=named, voided_at=None)
            .exclude(choice="")
            .select_related("organization", "proxy__holder")
            .order_by("organization__slug", "pk")
        )
        for ballot in ballots:
            calls.setdefault(ballot.motion_id, []).append(ballot)
    for motion in rows:
        motion.api_result = results.get(motion.pk)
        motion.api_roll_call = calls.get(motion.pk, [])


def _counts(counts):
    return {
        "eligible": counts.eligible,
        "yes": counts.yes,
        "no": counts.no,
        "abstain": counts.abstain,
    }


def _result(row, request):
    result = row.api_result
    if result is None:
        return None
    stored = result.stored
    return {
        **_counts(result.total),
        "source": stored.source,
        "majority_rule": stored.majority_rule,
        "quorum": stored.quorum,
        "quorum_met": stored.quorum_met,
        "majority_met": stored.majority_met,
        "adopted": stored.adopted,
        "closed_at": stored.closed_at.isoformat(),
        # A secret ballot's channel with too few voters is shown only inside the total.
        "channels": [
            {"channel": channel, **_counts(counts)}
            for channel, counts in result.shown_channels.items()
        ],
    }


def _roll_call(row, request):
    return [
        {
            "organization": ballot.organization.slug,
            "name_ar": ballot.organization.name_ar or "",
            "name_en": ballot.organization.name_en or "",
            "channel": ballot.channel,
            "choice": ballot.choice,
            "proxy_holder": ballot.proxy.holder.slug if ballot.proxy_id else None,
        }
        for ballot in row.api_roll_call
    ]


COUNTS = {"eligible": INTEGER, "yes": INTEGER, "no": INTEGER, "abstain": INTEGER}
RESULT = nullable(
    obj(
        {
            **COUNTS,
            "source": {"type": "string", "enum": ["ballots", "tallies"]},
            "majority_rule": enum(Motion.Rule),
            "quorum": {**INTEGER, "description": "Percent of eligible organizations."},
            "quorum_met": BOOLEAN,
            "majority_met": BOOLEAN,
            "adopted": BOOLEAN,
            "closed_at": {"type": "string", "format": "date-time"},
            "channels": array(
                obj({"channel": {"type": "string", "enum": ["room", "online"]}, **COUNTS})
            ),
        }
    )
)
BALLOT = obj(
    {
        "organization": STRING,
        "name_ar": STRING,
        "name_en": STRING,
        "channel": {"type": "string", "enum": ["room", "online"]},
        "choice": {"type": "string", "enum": ["yes", "no", "abstain"]},
        "proxy_holder": nullable(STRING),
    }
)

register(
    Resource(
        name="motions",
        item="motion",
        title=_("Motions"),
        description=_(
            "Questions put to a vote at the convenings one may see, with the result stored "
            "when the vote closed; drafts are the secretariat's."
        ),
        rows=_motion_rows,
        key="id",
        filterset=MotionFilter,
        attach=_attach_results,
        notes=_(
            "A result appears once the vote is closed, never while it runs. For a secret "
            "ballot, a channel where fewer than three organizations voted is shown only inside "
            "the total, and there is no roll call."
        ),
        fields=[
            field("id", INTEGER),
            field("convening", STRING, "convening.slug"),
            field("number", INTEGER),
            *translated("title"),
            *translated("text"),
            field("kind", enum(Motion.Kind)),
            field("ballot", enum(Motion.BallotKind), "ballot_kind"),
            field("majority_rule", enum(Motion.Rule)),
            field("quorum", INTEGER, description=_("Percent of eligible organizations.")),
            field("status", enum(Motion.Status)),
            datetime_field("opened_at"),
            datetime_field("closed_at"),
            field(
                "corrects",
                nullable(INTEGER),
                "corrects_id",
                _("The motion this one corrects, if any."),
            ),
            Field("result", RESULT, _result, _("The stored result; null until closed.")),
            Field(
                "roll_call",
                array(BALLOT),
                _roll_call,
                _("Each organization's ballot, for a closed named vote."),
            ),
            Field(
                "url",
                URI,
                lambda row, request: request.build_absolute_uri(row.convening.get_absolute_url()),
                _("The page of its convening."),
            ),
        ],
    )
)


# Recommendations ---------------------------------------------------------------------------------

register(
    Resource(
        name="recommendations",
        item="recommendation",
        title=_("Recommendations"),
        description=_(
            "Recommendations of the convenings one may see (and those one reports on), with "
            "who follows them up, their status and progress."
        ),
        rows=lambda user: Recommendation.objects.visible_to(user).for_listing(),
        key="id",
        filterset=RecommendationFilter,
        fields=[
            field("id", INTEGER),
            field("convening", STRING, "convening.slug"),
            field("number", INTEGER),
            *translated("text"),
            field("sector", nullable(STRING), "sector.slug"),
            field("motion", nullable(INTEGER), "motion_id", _("The motion that adopted it.")),
            related("committee"),
            related("responsible", description=_("The organization in charge.")),
            date_field("due_date"),
            field("status", enum(Recommendation.Status)),
            field("progress", INTEGER, description=_("Percent done.")),
            field("overdue", BOOLEAN, "is_overdue"),
            datetime_field("updated_at", null=False),
            page_url(),
        ],
    )
)


# Committees --------------------------------------------------------------------------------------


def _attach_members(rows, user):
    seats = {}
    for seat in (
        CommitteeMember.objects.current()
        .filter(committee__in=[c.pk for c in rows])
        .select_related("person", "organization")
        .order_by("role", "pk")
    ):
        seats.setdefault(seat.committee_id, []).append(seat)
    for committee in rows:
        committee.api_members = seats.get(committee.pk, [])


def _members(row, request):
    return [
        {
            "role": seat.role,
            "name_ar": seat.person.name_ar or "",
            "name_en": seat.person.name_en or "",
            "organization": seat.organization.slug if seat.organization else None,
            "since": seat.starts_on.isoformat(),
        }
        for seat in row.api_members
    ]


SEAT_ON_COMMITTEE = obj(
    {
        "role": enum(CommitteeMember.Role),
        "name_ar": STRING,
        "name_en": STRING,
        "organization": nullable(STRING),
        "since": {"type": "string", "format": "date"},
    }
)

register(
    Resource(
        name="committees",
        item="committee",
        title=_("Committees"),
        description=_(
            "Follow-up committees formed by the convenings one may see (and those one sits "
            "on), with their current members."
        ),
        rows=lambda user: Committee.objects.visible_to(user).select_related("convening"),
        filterset=CommitteeFilter,
        attach=_attach_members,
        fields=[
            field("slug", STRING),
            *translated("name"),
            *translated("mandate"),
            field("is_active", BOOLEAN),
            field("convening", nullable(STRING), "convening.slug", _("Formed at.")),
            Field("members", array(SEAT_ON_COMMITTEE), _members, _("Seats held today.")),
            page_url(),
        ],
    )
)

from . import resources_activities  # noqa: E402, F401  (registers the activities resource)
