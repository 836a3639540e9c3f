"""Writes for minutes: started once the convening has taken place, a discussion per agenda
session written by the secretariat while they are a draft, approved once (by the secretariat
or by a motion adopted at a later convening), then published. Every act is in the audit log."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import AgendaItem, Convening
from members import audit, clock, roles
from members.errors import NotAllowed, Refused
from members.models import User

from ..models import Minutes, MinutesDiscussion, Motion, MotionResult


def _check_secretariat(user: User) -> None:
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat can write, approve or publish minutes."))


def has_taken_place(convening: Convening) -> bool:
    """Over, on the federation's clock, and neither cancelled nor postponed."""
    return convening.ends_at <= clock.federation_now() and convening.status not in (
        Convening.Status.CANCELLED,
        Convening.Status.POSTPONED,
    )


def check_taken_place(convening: Convening) -> None:
    if not has_taken_place(convening):
        raise Refused(
            _("This convening has not taken place: minutes are written once it is over."),
            code="not_taken_place",
        )


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("convening").get(pk=minutes.pk)


@transaction.atomic
def minutes_start(*, user: User, convening: Convening) -> Minutes:
    """The convening's minutes, started as a draft if they were not yet (idempotent)."""
    _check_secretariat(user)
    check_taken_place(convening)
    minutes, created = Minutes.objects.get_or_create(convening=convening)
    if created:
        audit.record(actor=user, action="minutes.started", obj=minutes)
    return minutes


@transaction.atomic
def minutes_discussion_save(
    *, user: User, minutes: Minutes, agenda_item: AgendaItem, text_ar: str, text_en: str
) -> MinutesDiscussion:
    """Write what was discussed in one agenda session, in Arabic and English; only while the
    minutes are a draft (approved minutes are the approved text)."""
    _check_secretariat(user)
    minutes = _locked(minutes)
    if minutes.state != Minutes.State.DRAFT:
        raise Refused(
            _("These minutes are approved; their text no longer changes."), code="not_draft"
        )
    if agenda_item.convening_id != minutes.convening_id:
        raise Refused(
            _("This agenda session is not one of this convening's."), code="wrong_session"
        )
    text_ar, text_en = (text_ar or "").strip(), (text_en or "").strip()
    discussion = MinutesDiscussion.objects.filter(minutes=minutes, agenda_item=agenda_item).first()
    before = (discussion.text_ar or "", discussion.text_en or "") if discussion else ("", "")
    if before == (text_ar, text_en):
        return discussion
    if discussion is None:
        discussion = MinutesDiscussion(minutes=minutes, agenda_item=agenda_item)
    discussion.text_ar, discussion.text_en, discussion.updated_by = text_ar, text_en, user
    discussion.save()
    audit.record(
        actor=user,
        action="minutes.discussion",
        obj=minutes,
        changes={"text_ar": (before[0], text_ar), "text_en": (before[1], text_en)},
        note=str(agenda_item)[:200],
    )
    return discussion


def _check_approving_motion(minutes: Minutes, motion: Motion) -> None:
    """A motion approves minutes when it was adopted at a later convening."""
    if motion.convening_id == minutes.convening_id or not (
        motion.convening.starts_at > minutes.convening.starts_at
    ):
        raise Refused(
            _("Minutes are approved by a motion of a later convening."), code="motion_not_later"
        )
    result = MotionResult.objects.filter(motion=motion).first()
    if motion.status != Motion.Status.CLOSED or result is None or not result.adopted:
        raise Refused(
            _("The motion that approves minutes must have been voted and adopted."),
            code="motion_not_adopted",
        )


@transaction.atomic
def minutes_approve(*, user: User, minutes: Minutes, motion: Motion | None = None) -> Minutes:
    """Approve draft minutes, by the secretariat (dated now) or by naming the adopted motion of
    a later convening that approved them (dated when that vote closed). Once only."""
    _check_secretariat(user)
    minutes = _locked(minutes)
    check_taken_place(minutes.convening)
    if minutes.state != Minutes.State.DRAFT:
        raise Refused(_("These minutes are already approved."), code="already_approved")
    if motion is not None:
        motion = Motion.objects.select_related("convening").get(pk=motion.pk)
        _check_approving_motion(minutes, motion)
        approved_at = motion.closed_at or timezone.now()
    else:
        approved_at = timezone.now()
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at, minutes.approved_by, minutes.approved_by_motion = (
        approved_at,
        user,
        motion,
    )
    minutes.save()
    audit.record(
        actor=user,
        action="minutes.approved",
        obj=minutes,
        changes={"state": (Minutes.State.DRAFT, Minutes.State.APPROVED)},
        note=f"motion {motion.pk}" if motion is not None else "",
    )
    return minutes


@transaction.atomic
def minutes_publish(*, user: User, minutes: Minutes) -> Minutes:
    """Show approved minutes to everyone who may see the convening."""
    _check_secretariat(user)
    minutes = _locked(minutes)
    if minutes.state == Minutes.State.PUBLISHED:
        raise Refused(_("These minutes are already published."), code="already_published")
    if minutes.state != Minutes.State.APPROVED:
        raise Refused(_("Minutes are approved before they are published."), code="not_approved")
    minutes.state = Minutes.State.PUBLISHED
    minutes.published_at, minutes.published_by = timezone.now(), user
    minutes.save()
    audit.record(
        actor=user,
        action="minutes.published",
        obj=minutes,
        changes={"state": (Minutes.State.APPROVED, Minutes.State.PUBLISHED)},
    )
    return minutes
