"""Writes for votes: motions open and close, ballots, recorded tallies."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Attendance, Channel, attendance_breakdown
from members import queue
from members.models import Affiliation

from .. import tasks
from ..models import Ballot, Motion, SecretCount


def _locked(motion):
    # One ballot at a time per motion, and none while it is being closed.
    return Motion.objects.select_for_update().get(pk=motion.pk)


def _move(motion, allowed_from, to, stamp=None):
    motion = _locked(motion)
    if motion.status not in allowed_from:
        raise ValidationError(
            _("The motion is “%(status)s”; it cannot become “%(to)s”."),
            code="invalid_transition",
            params={"status": motion.get_status_display(), "to": Motion.Status(to).label},
        )
    motion.status = to
    fields = ["status"]
    if stamp:
        setattr(motion, stamp, timezone.now())
        fields.append(stamp)
    motion.save(update_fields=fields)
    return motion


@transaction.atomic
def motion_open(*, motion):
    """Open the vote; once committed, the online delegates are told (a task: they may be many)."""
    motion = _move(motion, (Motion.Status.DRAFT,), Motion.Status.OPEN, "opened_at")
    motion_id = motion.pk
    transaction.on_commit(lambda: queue.enqueue(tasks.notify_vote_opened, motion_id=motion_id))
    return motion


@transaction.atomic
def motion_close(*, motion):
    return _move(motion, (Motion.Status.OPEN,), Motion.Status.CLOSED, "closed_at")


@transaction.atomic
def motion_withdraw(*, motion):
    return _move(motion, (Motion.Status.DRAFT, Motion.Status.OPEN), Motion.Status.WITHDRAWN)


def _check_open_for_ballots(motion):
    if motion.status == Motion.Status.DRAFT:
        raise ValidationError(_("Voting on this motion has not opened yet."), code="not_open")
    if motion.status != Motion.Status.OPEN:
        raise ValidationError(_("Voting on this motion is closed."), code="closed")


def _check_eligible(motion, organization, channel):
    attendance = Attendance.objects.filter(
        convening_id=motion.convening_id, organization=organization
    ).first()
    if attendance is None or organization.status != "active":
        raise ValidationError(
            _(
                "%(organization)s is not eligible: only active members attending the convening "
                "vote."
            ),
            code="not_eligible",
            params={"organization": organization},
        )
    if attendance.channel != channel:
        raise ValidationError(
            _("%(organization)s attended “%(attended)s”; its ballot must come the same way."),
            code="wrong_channel",
            params={"organization": organization, "attended": attendance.get_channel_display()},
        )


@transaction.atomic
def ballot_cast(*, user, motion, organization, choice, channel):
    """Record one organization's ballot. The secretariat records room (and any) ballots; a
    coordinator casts their own organization's ballot online while the motion is open."""
    motion = _locked(motion)
    if choice not in Ballot.Choice.values:
        raise ValidationError(_("Choose yes, no or abstain."), code="choice")
    if channel not in Channel.values:
        raise ValidationError(_("Choose a channel."), code="channel")
    if not user.is_staff:
        is_coordinator = Affiliation.objects.filter(
            user=user, organization=organization, role=Affiliation.Role.COORDINATOR
        ).exists()
        if not is_coordinator:
            raise ValidationError(
                _("Only a coordinator of %(organization)s can vote for it."),
                code="not_coordinator",
                params={"organization": organization},
            )
        if channel != Channel.ONLINE:
            raise ValidationError(
                _("Ballots in the room are recorded by the secretariat."), code="wrong_channel"
            )
    _check_open_for_ballots(motion)
    _check_eligible(motion, organization, channel)
    duplicate = ValidationError(
        _("%(organization)s has already voted on this motion."),
        code="duplicate",
        params={"organization": organization},
    )
    if Ballot.objects.filter(motion=motion, organization=organization).exists():
        raise duplicate
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                motion=motion,
                organization=organization,
                channel=channel,
                choice="" if motion.is_secret else choice,
                recorded_by=user,
            )
    except IntegrityError:
        raise duplicate from None
    if motion.is_secret:
        counter, _created = SecretCount.objects.get_or_create(
            motion=motion, channel=channel, choice=choice
        )
        SecretCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    return ballot


def check_tally(motion, channel, eligible, yes, no, abstain):
    """A recorded tally: votes within eligible, eligible within the channel's attendance."""
    if min(eligible, yes, no, abstain) < 0:
        raise ValidationError(_("Counts cannot be negative."), code="negative")
    if yes + no + abstain > eligible:
        raise ValidationError(
            _("More votes (%(votes)s) than eligible organizations (%(eligible)s)."),
            code="too_many_votes",
            params={"votes": yes + no + abstain, "eligible": eligible},
        )
    attended = attendance_breakdown(motion.convening)[channel]
    if eligible > attended:
        raise ValidationError(
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
def tally_record(*, motion, channel, eligible, yes, no, abstain):
    check_tally(motion, channel, eligible, yes, no, abstain)
    tally, _created = motion.tallies.update_or_create(
        channel=channel,
        defaults={"eligible": eligible, "yes": yes, "no": no, "abstain": abstain},
    )
    return tally
