"""The minutes as a sequence of blocks (headings, paragraphs, label–value lists, tables,
numbered items) in the active language: the page, the PDF and the .docx are three drawings of
the same blocks, so they say the same thing in the same order."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

from events.models import Channel
from members import places

from .minutes import MinutesRecord
from .models import Minutes, Motion

NOT_STATED_RULES = ("", None, "not_stated")


@dataclass
class Block:
    # title, heading, subheading, para, note, fields, table, items
    kind: str
    text: str = ""
    rows: list = field(default_factory=list)
    headers: list = field(default_factory=list)


def _when(moment, zone):
    return date_format(timezone.localtime(moment, zone), "DATETIME_FORMAT")


def _day(moment, zone):
    return date_format(timezone.localtime(moment, zone), "DATE_FORMAT")


def state_line(record: MinutesRecord) -> str:
    minutes = record.minutes
    zone = record.convening.tz
    if minutes is None or minutes.state == Minutes.State.DRAFT:
        return _("Draft: not approved.")
    if minutes.approved_by_motion_id:
        motion = minutes.approved_by_motion
        approved = _("Approved on %(date)s by motion %(number)s of “%(convening)s”.") % {
            "date": _day(minutes.approved_at, zone),
            "number": motion.number,
            "convening": motion.convening.title,
        }
    else:
        approved = _("Approved by the secretariat on %(date)s.") % {
            "date": _day(minutes.approved_at, zone)
        }
    if minutes.state == Minutes.State.PUBLISHED:
        return (
            approved
            + " "
            + _("Published on %(date)s.") % {"date": _day(minutes.published_at, zone)}
        )
    return approved + " " + _("Not yet published.")


def _general(record):
    convening = record.convening
    zone = convening.tz
    rows = [
        (_("Kind"), convening.get_kind_display()),
        (_("Format"), convening.get_format_display()),
        (
            _("Date and time"),
            # An article that gives no date: the stored start is a placeholder, never shown.
            _("Not stated in the sources")
            if convening.date_not_stated
            else _("%(start)s to %(end)s (%(zone)s time)")
            % {
                "start": _when(convening.starts_at, zone),
                "end": _when(convening.ends_at, zone),
                "zone": convening.timezone,
            },
        ),
    ]
    if convening.date_is_approximate:
        rows.append((_("Note"), _("The date is approximate.")))
    if convening.has_room:
        place = places.place(
            venue=convening.venue_name, city=convening.venue_city, country=convening.venue_country
        )
        rows.append((_("Place"), place or _("not stated")))
    if convening.has_online:
        rows.append((_("Online platform"), convening.online_platform or _("not stated")))
    rows.append(
        (_("Organizer"), convening.organizer_name or str(record.federation.name or _("Tansiq")))
    )
    for partner in record.partners:
        rows.append((partner.get_role_display(), partner.organization.name))
    return [Block("heading", _("The convening")), Block("fields", rows=rows)]


def _channel_label(channel):
    return str(Channel(channel).label)


def _attendance(record):
    blocks = [Block("heading", _("Attendance"))]
    breakdown = record.breakdown
    if not breakdown["known"]:
        blocks.append(Block("para", _("Attendance was not recorded.")))
        return blocks
    rows = []
    for channel in record.convening.channels():
        rows.append((_channel_label(channel), str(breakdown[channel.value])))
    rows.append((_("In all"), str(breakdown["total"])))
    blocks.append(Block("fields", rows=rows))
    if not breakdown["listed"]:
        note = _("Reported totals; the list of organizations is not recorded.")
        if breakdown["at_least"]:
            note = _("Reported minimums; the list of organizations is not recorded.")
        blocks.append(Block("note", note))
        return blocks
    for channel in record.convening.channels():
        attendances = record.attendance.get(channel.value, [])
        if not attendances:
            continue
        blocks.append(
            Block(
                "subheading",
                ngettext(
                    "%(channel)s: %(count)s organization",
                    "%(channel)s: %(count)s organizations",
                    len(attendances),
                )
                % {"channel": _channel_label(channel), "count": len(attendances)},
            )
        )
        rows = []
        for attendance in attendances:
            names = ", ".join(
                f"{d.person.name} ({d.role})" if d.role else str(d.person.name)
                for d in attendance.delegates
            )
            rows.append([attendance.organization.name, names or "—"])
        blocks.append(Block("table", headers=[_("Organization"), _("Delegates")], rows=rows))
    return blocks


def _agenda(record):
    blocks = [Block("heading", _("Agenda and discussion"))]
    if not record.sessions:
        blocks.append(Block("para", _("No agenda is recorded.")))
    zone = record.convening.tz
    for number, session in enumerate(record.sessions, start=1):
        item = session.item
        blocks.append(Block("subheading", f"{number}. {item.title}"))
        rows = []
        if item.starts_at:
            rows.append((_("Time"), _when(item.starts_at, zone)))
        speakers = [str(person.name) for person in session.speakers]
        if item.facilitators:
            speakers.append(item.facilitators)
        if speakers:
            rows.append(
                (_("Speakers"), "، ".join(speakers) if get_language_bidi() else ", ".join(speakers))
            )
        if item.topics:
            rows.append((_("Topics"), item.topics))
        if rows:
            blocks.append(Block("fields", rows=rows))
        text = session.discussion.text if session.discussion is not None else ""
        blocks.append(Block("para" if text else "note", text or _("No discussion is recorded.")))
    return blocks


def _rule(stored, motion):
    source = stored if stored is not None else motion
    rule = getattr(source, "majority_rule", None)
    if rule in NOT_STATED_RULES:
        return _("not stated"), _("not stated")
    label = dict(Motion.Rule.choices).get(rule, rule)
    quorum = getattr(source, "quorum", None)
    if quorum is None:
        quorum_text = _("not stated")
    elif quorum == 0:
        quorum_text = _("none")
    else:
        quorum_text = f"{quorum}%"
    return str(label), quorum_text


def _votes(record):
    blocks = [Block("heading", _("Votes"))]
    if not record.votes:
        blocks.append(Block("para", _("No motion was put to a vote.")))
    zone = record.convening.tz
    for vote in record.votes:
        motion, result = vote.motion, vote.result
        stored = result.stored if result is not None else None
        blocks.append(
            Block("subheading", _("Motion %(number)s. %(title)s") % _motion_words(motion))
        )
        if motion.text:
            blocks.append(Block("para", motion.text))
        rule, quorum = _rule(stored, motion)
        rows = [
            (_("Kind"), motion.get_kind_display()),
            (_("Majority rule"), rule),
            (_("Quorum"), quorum),
            (_("Ballot"), motion.get_ballot_kind_display()),
        ]
        if result is None:
            rows.append((_("Status"), motion.get_status_display()))
            blocks.append(Block("fields", rows=rows))
            continue
        rows.append((_("Closed"), _when(stored.closed_at, zone)))
        adopted = stored.adopted
        verdict = _("Adopted") if adopted else _("Rejected")
        if not stored.quorum_met:
            verdict += " — " + _("quorum not met")
        rows.append((_("Result"), verdict))
        blocks.append(Block("fields", rows=rows))
        table = [
            [_channel_label(channel), c.yes, c.no, c.abstain, f"{c.voted} / {c.eligible}"]
            for channel, c in result.shown_channels.items()
        ]
        total = result.total
        table.append(
            [_("In all"), total.yes, total.no, total.abstain, f"{total.voted} / {total.eligible}"]
        )
        blocks.append(
            Block(
                "table",
                headers=[_("Channel"), _("Yes"), _("No"), _("Abstain"), _("Voted / eligible")],
                rows=[[str(cell) for cell in row] for row in table],
            )
        )
        if result.is_secret and not result.shown_channels:
            blocks.append(
                Block(
                    "note",
                    _(
                        "Secret ballot: a channel where fewer than three organizations voted "
                        "is counted only in the total."
                    ),
                )
            )
        if vote.roll_call:
            blocks.append(Block("subheading", _("Roll call")))
            rows = []
            for ballot in vote.roll_call:
                name = str(ballot.organization.name)
                if ballot.proxy_id:
                    name += " " + _("(by proxy, held by %(holder)s)") % {
                        "holder": ballot.proxy.holder.name
                    }
                rows.append([name, ballot.get_choice_display(), ballot.get_channel_display()])
            blocks.append(
                Block("table", headers=[_("Organization"), _("Choice"), _("Channel")], rows=rows)
            )
    return blocks


def _motion_words(motion):
    return {"number": motion.number, "title": motion.title}


def _recommendations(record):
    blocks = [Block("heading", _("Recommendations"))]
    if not record.recommendations:
        blocks.append(Block("para", _("No recommendation is recorded for this convening.")))
        return blocks
    items = []
    for recommendation in record.recommendations:
        owners = [
            str(owner.name)
            for owner in (recommendation.committee, recommendation.responsible)
            if owner is not None
        ]
        details = [
            (_("Follow-up by"), " · ".join(owners) or _("not assigned")),
            (
                _("Due date"),
                date_format(recommendation.due_date, "DATE_FORMAT")
                if recommendation.due_date
                else _("none"),
            ),
            (
                _("Sector"),
                recommendation.sector.name if recommendation.sector else _("not stated"),
            ),
        ]
        items.append((recommendation.number, recommendation.text, details))
    blocks.append(Block("items", rows=items))
    return blocks


def _committees(record):
    if not record.committees:
        return []
    blocks = [Block("heading", _("Committees formed"))]
    for committee, seats in record.committees:
        blocks.append(Block("subheading", committee.name))
        if committee.mandate:
            blocks.append(Block("para", committee.mandate))
        if seats:
            rows = [
                [
                    seat.person.name,
                    seat.get_role_display(),
                    seat.organization.name if seat.organization else "—",
                ]
                for seat in seats
            ]
            blocks.append(
                Block("table", headers=[_("Name"), _("Office"), _("Organization")], rows=rows)
            )
    return blocks


def minutes_blocks(record: MinutesRecord) -> list[Block]:
    """The minutes, in the active language, from title to committees."""
    convening = record.convening
    return [
        Block("title", _("Minutes: %(title)s") % {"title": convening.title}),
        Block("note", state_line(record)),
        *_general(record),
        *_attendance(record),
        *_agenda(record),
        *_votes(record),
        *_recommendations(record),
        *_committees(record),
    ]
