"""Writes for motions: created from their kind's voting rules, opened, closed (storing their
result), recorded as past votes, withdrawn. Every act is in the audit log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import audit, queue, roles
from members.errors import NotAllowed, Refused
from members.models import User

from .. import results, tasks
from ..models import (
    Motion,
    MotionResult,
    MotionResultChannel,
    VotingRules,
)


def _locked(motion: Motion) -> Motion:
    return Motion.objects.select_for_update().select_related("convening").get(pk=motion.pk)


def _check_secretariat(user: User) -> None:
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat can do this."))


def _move(motion: Motion, user: User, allowed_from, to, stamp=None) -> Motion:
    motion = _locked(motion)
    if motion.status not in allowed_from:
        raise Refused(
            _("The motion is “%(status)s”; it cannot become “%(to)s”."),
            code="invalid_transition",
            params={"status": motion.get_status_display(), "to": Motion.Status(to).label},
        )
    before = motion.status
    motion.status = to
    fields = ["status"]
    if stamp:
        setattr(motion, stamp, timezone.now())
        fields.append(stamp)
    motion.save(update_fields=fields)
    audit.record(actor=user, action=f"motion.{to}", obj=motion, changes={"status": (before, to)})
    return motion


def check_voting_rules(motion: Motion) -> None:
    """A vote at a kind of convening that may not vote, or a bylaw amendment where bylaws may
    not be amended, is refused."""
    rules = VotingRules.for_kind(motion.convening.kind)
    kind = motion.convening.get_kind_display()
    if not rules.may_vote:
        raise Refused(
            _("A %(kind)s does not hold votes."), code="kind_may_not_vote", params={"kind": kind}
        )
    if motion.kind == Motion.Kind.BYLAW and not rules.may_amend_bylaws:
        raise Refused(
            _("A %(kind)s does not adopt bylaw amendments."),
            code="kind_may_not_amend_bylaws",
            params={"kind": kind},
        )


def motion_defaults(convening) -> dict:
    """The majority rule and quorum a new motion of `convening` starts from."""
    rules = VotingRules.for_kind(convening.kind)
    return {"majority_rule": rules.majority_rule, "quorum": rules.quorum}


def check_correction(convening, corrects: Motion | None) -> None:
    """A correction names a closed motion of the same convening or of an earlier one: a vote
    still running is not corrected, it is voided or withdrawn."""
    if corrects is None:
        return
    if corrects.status != Motion.Status.CLOSED:
        raise Refused(_("Only a closed motion can be corrected."), code="corrects_not_closed")
    if corrects.convening_id != convening.pk and not (
        corrects.convening.starts_at < convening.starts_at
    ):
        raise Refused(
            _("A correction names a motion of the same convening or of an earlier one."),
            code="corrects_later_convening",
        )


# What a new motion is made of; anything else in `data` is ignored.
MOTION_FIELDS = (
    "number",
    "title_ar",
    "title_en",
    "text_ar",
    "text_en",
    "kind",
    "majority_rule",
    "quorum",
    "reported_result",
    "ballot_kind",
    "corrects",
)


@transaction.atomic
def motion_create(*, user: User, convening, data: dict) -> Motion:
    """A new draft motion at `convening`. The majority rule and quorum left empty in `data`
    come from the convening kind's voting rules; a kind that may not vote, or a bylaw
    amendment where the kind may not adopt one, is refused. Without a number the motion
    takes the next one of the convening."""
    _check_secretariat(user)
    values = {field: data.get(field) for field in MOTION_FIELDS if field in data}
    for field, default in motion_defaults(convening).items():
        if values.get(field) in (None, ""):
            values[field] = default
    if values.get("number") in (None, ""):
        last = convening.motions.order_by("-number").values_list("number", flat=True).first()
        values["number"] = (last or 0) + 1
    for text in ("text_ar", "text_en"):
        values[text] = values.get(text) or ""
    motion = Motion(convening=convening, **values)
    check_voting_rules(motion)
    check_correction(convening, motion.corrects)
    try:
        motion.full_clean()
    except ValidationError as error:
        raise Refused(
            error.error_dict if hasattr(error, "error_dict") else error.messages
        ) from None
    try:
        with transaction.atomic():
            motion.save()
    except IntegrityError:
        raise Refused(
            _("The convening already has a motion number %(number)s."),
            code="number_taken",
            params={"number": motion.number},
        ) from None
    audit.record(
        actor=user,
        action="motion.create",
        obj=motion,
        changes={
            field: (None, getattr(motion, field))
            for field in MOTION_FIELDS
            if getattr(motion, field) not in (None, "")
        },
    )
    return motion


@transaction.atomic
def motion_open(*, user: User, motion: Motion) -> Motion:
    """Open the vote; once committed, the online delegates are told (a task: they may be many)."""
    _check_secretariat(user)
    check_voting_rules(_locked(motion))
    if motion.majority_rule == Motion.Rule.NOT_STATED:
        raise Refused(
            _("A vote held in the portal needs a majority rule; choose one first."),
            code="rule_not_stated",
        )
    motion = _move(motion, user, (Motion.Status.DRAFT,), Motion.Status.OPEN, "opened_at")
    motion_id = motion.pk
    transaction.on_commit(lambda: queue.enqueue(tasks.notify_vote_opened, motion_id=motion_id))
    return motion


@transaction.atomic
def motion_close(*, user: User, motion: Motion) -> Motion:
    """Close the vote and store its result as it stands now, with the rule and quorum in force
    and who closed it: from then on nothing recomputes it."""
    _check_secretariat(user)
    motion = _move(motion, user, (Motion.Status.OPEN,), Motion.Status.CLOSED, "closed_at")
    _store_result(motion, user)
    return motion


def _store_result(motion: Motion, user: User | None) -> MotionResult:
    counted = results.compute(motion)
    stored = MotionResult.objects.create(
        motion=motion,
        source=(
            MotionResult.Source.TALLIES if motion.tallies.exists() else MotionResult.Source.BALLOTS
        ),
        majority_rule=motion.majority_rule,
        quorum=motion.quorum,
        ballot_kind=motion.ballot_kind,
        eligible=counted.total.eligible,
        yes=counted.total.yes,
        no=counted.total.no,
        abstain=counted.total.abstain,
        quorum_met=counted.quorum_met,
        majority_met=counted.majority_met,
        adopted=counted.adopted,
        closed_at=motion.closed_at,
        closed_by=user if user is not None and user.is_authenticated else None,
    )
    MotionResultChannel.objects.bulk_create(
        MotionResultChannel(
            result=stored,
            channel=channel,
            eligible=counts.eligible,
            yes=counts.yes,
            no=counts.no,
            abstain=counts.abstain,
        )
        for channel, counts in counted.channels.items()
    )
    audit.record(
        actor=user,
        action="motion.result_stored",
        obj=motion,
        changes={
            "adopted": (None, stored.adopted),
            "yes": (None, stored.yes),
            "no": (None, stored.no),
            "abstain": (None, stored.abstain),
            "eligible": (None, stored.eligible),
        },
    )
    return stored


@transaction.atomic
def motion_record_past(*, user: User, motion: Motion, opened_at, closed_at) -> Motion:
    """A vote held before the portal knew of it, of which only totals are known (as the
    articles report them): the draft motion, with its tallies recorded, is closed as of
    `closed_at` and its result stored, like any other."""
    _check_secretariat(user)
    motion = _locked(motion)
    check_voting_rules(motion)
    if motion.status != Motion.Status.DRAFT:
        raise Refused(_("Only a draft motion can be recorded as a past vote."), code="not_draft")
    if not motion.tallies.exists():
        raise Refused(_("Record the totals of each channel first."), code="no_tallies")
    if not (opened_at and closed_at and opened_at <= closed_at <= timezone.now()):
        raise Refused(_("Give when the vote opened and closed, in the past."), code="times")
    motion.status, motion.opened_at, motion.closed_at = Motion.Status.CLOSED, opened_at, closed_at
    motion.save(update_fields=["status", "opened_at", "closed_at"])
    audit.record(
        actor=user,
        action="motion.recorded_past",
        obj=motion,
        changes={"status": (Motion.Status.DRAFT, Motion.Status.CLOSED)},
    )
    _store_result(motion, user)
    return motion


@transaction.atomic
def motion_withdraw(*, user: User, motion: Motion) -> Motion:
    _check_secretariat(user)
    return _move(motion, user, (Motion.Status.DRAFT, Motion.Status.OPEN), Motion.Status.WITHDRAWN)
