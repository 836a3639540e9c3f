"""Writes for ballots: online (own or held by proxy) and in the room (the tellers, in one
submit), voids; recorded tallies; proxies. Every act is in the audit log.

Ballots of one motion are serialised by locking the motion's row (motions._locked): two
tellers submitting the same organization, or a ballot arriving while the motion closes, wait
for each other, and the second finds the first's work done.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.files import validate_pdf
from events.models import Attendance, Channel, attendance_breakdown
from events.permissions import may_record
from members import audit
from members.errors import NotAllowed, Refused
from members.models import Organization, User

from ..models import Ballot, Motion, Proxy, SecretCount, Tally
from .motions import _check_secretariat, _locked

# Ballots -------------------------------------------------------------------------------------


def _check_open_for_ballots(motion: Motion) -> None:
    if motion.status == Motion.Status.DRAFT:
        raise Refused(_("Voting on this motion has not opened yet."), code="not_open")
    if motion.status != Motion.Status.OPEN:
        raise Refused(_("Voting on this motion is closed."), code="closed")


def _not_eligible(organization: Organization) -> Refused:
    return Refused(
        _("%(organization)s is not eligible: only active members attending the convening vote."),
        code="not_eligible",
        params={"organization": organization},
    )


def _attendance(motion: Motion, organization: Organization) -> Attendance:
    attendance = Attendance.objects.filter(
        convening_id=motion.convening_id, organization=organization
    ).first()
    if attendance is None or not organization.may_vote:
        raise _not_eligible(organization)
    return attendance


def _duplicate(organization: Organization) -> Refused:
    return Refused(
        _("%(organization)s has already voted on this motion."),
        code="duplicate",
        params={"organization": organization},
    )


def _cast(
    *, user: User, motion: Motion, organization: Organization, choice: str, proxy: Proxy | None
) -> Ballot:
    """Record a ballot on a locked, open motion: the rules common to every path."""
    if choice not in Ballot.Choice.values:
        raise Refused(_("Choose yes, no or abstain."), code="choice")
    attendance = _attendance(motion, organization)
    if Ballot.objects.filter(motion=motion, organization=organization, voided_at=None).exists():
        raise _duplicate(organization)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                motion=motion,
                organization=organization,
                channel=attendance.channel,
                choice="" if motion.is_secret else choice,
                proxy=proxy,
                recorded_by=user,
            )
    except IntegrityError:
        raise _duplicate(organization) from None
    if motion.is_secret:
        counter, _created = SecretCount.objects.get_or_create(
            motion=motion, channel=attendance.channel, choice=choice
        )
        SecretCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    audit.record(
        actor=user,
        action="ballot.cast",
        obj=ballot,
        # A secret choice is kept only as a counter; the log says that a ballot was cast.
        changes={"choice": (None, "secret" if motion.is_secret else choice)},
        note=_("by proxy for %(giver)s, held by %(holder)s")
        % {"giver": proxy.giver, "holder": proxy.holder}
        if proxy
        else "",
    )
    return ballot


def voting_organizations(user: User, motion: Motion) -> list[tuple[Organization, Proxy | None]]:
    """The organizations whose ballot `user` casts online on `motion`: the active members
    attending online that they coordinate (unless they gave their vote to another by proxy),
    and those that gave such an organization their proxy. Each with the proxy it votes through
    (None for its own ballot)."""
    if not user.is_authenticated:
        return []
    online = Attendance.objects.filter(
        convening_id=motion.convening_id,
        channel=Channel.ONLINE,
        organization__status__in=Organization.VOTING_STATUSES,
    ).values("organization_id")
    gave = Proxy.objects.filter(convening_id=motion.convening_id).values("giver_id")
    own = (
        Organization.objects.coordinated_by(user)
        .filter(pk__in=online)
        .exclude(pk__in=gave)
        .order_by("pk")
    )
    voters = [(organization, None) for organization in own]
    proxies = (
        Proxy.objects.filter(convening_id=motion.convening_id, holder__in=own, giver_id__in=online)
        .select_related("giver", "holder")
        .order_by("pk")
    )
    voters += [(proxy.giver, proxy) for proxy in proxies]
    return voters


@transaction.atomic
def ballot_cast(*, user: User, motion: Motion, organization: Organization, choice: str) -> Ballot:
    """A coordinator casts their organization's ballot online (or a ballot they hold by proxy)
    while the motion is open. Ballots in the room are recorded by the tellers
    (room_ballots_record)."""
    motion = _locked(motion)
    _check_open_for_ballots(motion)
    by_pk = {o.pk: proxy for o, proxy in voting_organizations(user, motion)}
    if organization.pk not in by_pk:
        given = Proxy.objects.filter(convening_id=motion.convening_id, giver=organization).first()
        if given is not None:
            raise NotAllowed(
                _("%(organization)s gave its vote to %(holder)s by proxy."),
                params={"organization": organization, "holder": given.holder},
            )
        if Attendance.objects.filter(
            convening_id=motion.convening_id, organization=organization, channel=Channel.ROOM
        ).exists():
            raise NotAllowed(_("Ballots in the room are recorded by the tellers."))
        raise NotAllowed(
            _("Only a coordinator of %(organization)s attending online can vote for it."),
            params={"organization": organization},
        )
    return _cast(
        user=user,
        motion=motion,
        organization=organization,
        choice=choice,
        proxy=by_pk[organization.pk],
    )


def room_voters(motion: Motion) -> list[tuple[Organization, Proxy | None]]:
    """Every organization whose ballot the tellers record in the room: the active members
    attending in the room, and those that gave one of them their proxy."""
    room = Attendance.objects.filter(
        convening_id=motion.convening_id,
        channel=Channel.ROOM,
        organization__status__in=Organization.VOTING_STATUSES,
    ).select_related("organization")
    present = {attendance.organization_id: attendance.organization for attendance in room}
    voters = [(organization, None) for organization in present.values()]
    proxies = Proxy.objects.filter(
        convening_id=motion.convening_id, holder_id__in=present, giver_id__in=present
    ).select_related("giver", "holder")
    by_giver = {proxy.giver_id: proxy for proxy in proxies}
    voters = [(organization, by_giver.get(organization.pk)) for organization, _none in voters]
    return sorted(voters, key=lambda pair: str(pair[0]))


@dataclass
class RoomTally:
    saved: list  # Ballot
    refused: list  # (organization, message)


@transaction.atomic
def room_ballots_record(*, user: User, motion: Motion, choices: dict[int, str]) -> RoomTally:
    """A teller records the room's ballots of one motion in one submit: `choices` maps an
    organization's id to yes, no or abstain. Each organization is checked on its own; those
    already recorded (by another teller, say) are refused, never doubled, and the others are
    saved."""
    motion = _locked(motion)
    if not may_record(user, motion.convening):
        raise NotAllowed(_("Only the convening's tellers and the secretariat record ballots."))
    _check_open_for_ballots(motion)
    voters = {organization.pk: (organization, proxy) for organization, proxy in room_voters(motion)}
    outcome = RoomTally(saved=[], refused=[])
    for organization_id, choice in choices.items():
        if organization_id not in voters:
            organization = Organization.objects.filter(pk=organization_id).first()
            if organization is not None:
                outcome.refused.append((organization, _not_eligible(organization).messages[0]))
            continue
        organization, proxy = voters[organization_id]
        try:
            with transaction.atomic():
                ballot = _cast(
                    user=user, motion=motion, organization=organization, choice=choice, proxy=proxy
                )
        except Refused as error:
            outcome.refused.append((organization, error.messages[0]))
        else:
            outcome.saved.append(ballot)
    return outcome


@transaction.atomic
def ballot_void(
    *, user: User, ballot: Ballot, reason: str, secret_choice: str | None = None
) -> Ballot:
    """A teller voids a ballot recorded in error while the vote is open; the organization may
    then vote again. For a secret ballot the teller names the choice they recorded, which is
    taken off the counter in the same transaction (the ballot itself never knew it)."""
    motion = _locked(ballot.motion)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if not may_record(user, motion.convening):
        raise NotAllowed(_("Only the convening's tellers and the secretariat void ballots."))
    if motion.status != Motion.Status.OPEN:
        raise Refused(_("A ballot can be voided only while the vote is open."), code="closed")
    if ballot.voided_at is not None:
        raise Refused(_("This ballot is already void."), code="already_void")
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the ballot is voided."), code="reason")
    if motion.is_secret:
        if secret_choice not in Ballot.Choice.values:
            raise Refused(_("Name the choice that was recorded."), code="choice")
        taken = SecretCount.objects.filter(
            motion=motion, channel=ballot.channel, choice=secret_choice, count__gt=0
        ).update(count=F("count") - 1)
        if not taken:
            raise Refused(_("No such choice was counted on this channel."), code="no_such_count")
    ballot.voided_at, ballot.voided_by, ballot.void_reason = timezone.now(), user, reason[:300]
    ballot.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit.record(
        actor=user,
        action="ballot.void",
        obj=ballot,
        changes={"voided": (False, True)},
        note=reason,
    )
    return ballot


# Recorded tallies ----------------------------------------------------------------------------


def check_tally(motion: Motion, channel: str, eligible, yes, no, abstain) -> None:
    """A recorded tally: votes within eligible, eligible within the channel's attendance."""
    if channel not in Channel.values:
        raise Refused(_("Choose a channel."), code="channel")
    if min(eligible, yes, no, abstain) < 0:
        raise Refused(_("Counts cannot be negative."), code="negative")
    if yes + no + abstain > eligible:
        raise Refused(
            _("More votes (%(votes)s) than eligible organizations (%(eligible)s)."),
            code="too_many_votes",
            params={"votes": yes + no + abstain, "eligible": eligible},
        )
    attended = attendance_breakdown(motion.convening)[channel]
    if eligible > attended:
        raise Refused(
            _(
                "%(eligible)s eligible is more than the %(attended)s organizations that attended "
                "“%(channel)s”."
            ),
            code="above_attendance",
            params={
                "eligible": eligible,
                "attended": attended,
                "channel": Channel(channel).label,
            },
        )


@transaction.atomic
def tally_record(
    *, user: User, motion: Motion, channel: str, eligible: int, yes: int, no: int, abstain: int
) -> Tally:
    """Totals per channel when only totals are known (as the articles report them), entered by
    the secretariat before the vote closes; a closed vote's totals never change."""
    _check_secretariat(user)
    motion = _locked(motion)
    if motion.status not in (Motion.Status.DRAFT, Motion.Status.OPEN):
        raise Refused(_("The totals of a closed vote cannot change."), code="closed")
    check_tally(motion, channel, eligible, yes, no, abstain)
    stored = motion.tallies.filter(channel=channel).first()
    values = {"eligible": eligible, "yes": yes, "no": no, "abstain": abstain}
    tally, _created = motion.tallies.update_or_create(channel=channel, defaults=values)
    audit.record(
        actor=user,
        action="tally.record",
        obj=tally,
        changes={
            field: (getattr(stored, field) if stored else None, value)
            for field, value in values.items()
        },
    )
    return tally


# Proxies -------------------------------------------------------------------------------------


@transaction.atomic
def proxy_record(
    *, user: User, convening, giver: Organization, holder: Organization, letter
) -> Proxy:
    """The secretariat records that `giver` gives its vote on the convening's motions to
    `holder`, with the letter (a PDF). Both must be active members attending through the same
    channel; a holder holds at most settings.PROXY_LIMIT proxies."""
    _check_secretariat(user)
    try:
        validate_pdf(letter)
    except ValidationError as error:
        raise Refused(error.messages[0], code=error.code) from None
    attending = {
        a.organization_id: a
        for a in Attendance.objects.filter(
            convening=convening, organization__in=[giver, holder]
        ).select_related("organization")
    }
    for organization in (giver, holder):
        attendance = attending.get(organization.pk)
        if attendance is None or not attendance.organization.may_vote:
            raise Refused(
                _("%(organization)s does not attend this convening as an active member."),
                code="not_attending",
                params={"organization": organization},
            )
    if giver.pk == holder.pk:
        raise Refused(_("An organization cannot hold its own proxy."), code="self")
    if attending[giver.pk].channel != attending[holder.pk].channel:
        raise Refused(
            _("A proxy goes to an organization attending the same way (in the room or online)."),
            code="other_channel",
        )
    if Proxy.objects.filter(convening=convening, giver=holder).exists():
        raise Refused(
            _("%(organization)s has given its own vote away; it cannot hold a proxy."),
            code="holder_gave",
            params={"organization": holder},
        )
    if Proxy.objects.filter(convening=convening, holder=giver).exists():
        raise Refused(
            _("%(organization)s holds a proxy; it cannot give its vote away."),
            code="giver_holds",
            params={"organization": giver},
        )
    held = Proxy.objects.select_for_update().filter(convening=convening, holder=holder).count()
    if held >= settings.PROXY_LIMIT:
        raise Refused(
            _("%(organization)s already holds %(count)s proxies, the most allowed."),
            code="limit",
            params={"organization": holder, "count": held},
        )
    if Ballot.objects.filter(
        motion__convening=convening, organization=giver, voided_at=None
    ).exists():
        raise Refused(
            _("%(organization)s has already voted at this convening."),
            code="already_voted",
            params={"organization": giver},
        )
    try:
        with transaction.atomic():
            proxy = Proxy(convening=convening, giver=giver, holder=holder, recorded_by=user)
            proxy.letter.save(letter.name, letter, save=False)
            proxy.save()
    except IntegrityError:
        raise Refused(
            _("%(organization)s has already given a proxy."),
            code="duplicate",
            params={"organization": giver},
        ) from None
    audit.record(
        actor=user,
        action="proxy.record",
        obj=proxy,
        changes={"holder": (None, str(holder))},
    )
    return proxy
