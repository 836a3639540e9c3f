"""Writes for outcomes: every voting and follow-up rule is enforced here."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Attendance, Channel, attendance_breakdown
from members.models import Affiliation

from .models import Ballot, CommitteeMember, Motion, ProgressUpdate, Recommendation, SecretCount


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
    return _move(motion, (Motion.Status.DRAFT,), Motion.Status.OPEN, "opened_at")


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


def can_update(user, recommendation):
    """Members of the recommendation's committee post its updates (and the secretariat)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        recommendation.committee_id is not None
        and CommitteeMember.objects.filter(
            committee_id=recommendation.committee_id, user=user
        ).exists()
    )


@transaction.atomic
def progress_update_post(*, user, recommendation, note, status, progress):
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not can_update(user, recommendation):
        raise ValidationError(
            _("Only members of the follow-up committee can post updates."), code="not_member"
        )
    if status not in Recommendation.Status.values:
        raise ValidationError(_("Choose a valid status."), code="status")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError(_("Progress is a percentage from 0 to 100."), code="progress")
    if not (note or "").strip():
        raise ValidationError(_("Write what happened."), code="note")
    update = ProgressUpdate(
        recommendation=recommendation,
        author=user,
        note=note.strip(),
        from_status=recommendation.status,
        to_status=status,
        progress=progress,
    )
    update.save()
    recommendation.status, recommendation.progress = status, progress
    recommendation.save(update_fields=["status", "progress", "updated_at"])
    return update
