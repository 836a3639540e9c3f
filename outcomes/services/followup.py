"""Writes for follow-up: who may report on a recommendation, progress updates with their
evidence, and saving a recommendation (its owner and status) from any door."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from events.files import validate_pdf
from members import roles
from members.errors import NotAllowed, Refused
from members.images import process_image
from members.models import User

from .. import notifications
from ..models import ProgressUpdate, Recommendation

# Evidence images are kept large enough to read a scanned page.
EVIDENCE_IMAGE_SIDE = 2000
MAX_EVIDENCE = 10 * 1024 * 1024


def can_report(user: User, recommendation: Recommendation) -> bool:
    """Who may post progress on a recommendation: the members of its follow-up committee, the
    coordinators of the organization in charge, and the secretariat. One query at most."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if roles.is_secretariat(user):
        return True
    return Recommendation.objects.reportable_by(user).filter(pk=recommendation.pk).exists()


def clean_evidence(upload: UploadedFile) -> UploadedFile:
    """A PDF (checked by its content, as convening documents are) or an image (checked and
    re-encoded, as logos are). Returns the file to store."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip().startswith(b"%PDF-"):
        try:
            validate_pdf(upload)
        except ValidationError as error:
            raise Refused(error.messages[0], code=error.code) from None
        return upload
    try:
        return process_image(
            upload, thumbnail=(EVIDENCE_IMAGE_SIDE, EVIDENCE_IMAGE_SIDE), max_bytes=MAX_EVIDENCE
        )
    except ValidationError as error:
        if error.code == "format":  # neither a PDF nor an image: say so in evidence's words
            message = _("Attach a PDF document or a PNG, JPEG or WebP image.")
            raise Refused(message, code="evidence") from None
        raise Refused(error.messages[0], code=error.code) from None


@transaction.atomic
def progress_update_post(
    *,
    user: User,
    recommendation: Recommendation,
    note: str,
    status: str,
    progress: int,
    attachment: UploadedFile | None = None,
) -> ProgressUpdate:
    """Record a step in the follow-up; the recommendation takes the update's status and
    progress. A status change tells the owners and the secretariat."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not can_report(user, recommendation):
        raise NotAllowed(
            _(
                "Only the follow-up committee's members, the coordinators of the organization "
                "in charge and the secretariat can post updates."
            )
        )
    if status not in Recommendation.Status.values:
        raise Refused(_("Choose a valid status."), code="status")
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise Refused(_("Progress is a percentage from 0 to 100."), code="progress")
    if not (note or "").strip():
        raise Refused(_("Write what happened."), code="note")
    evidence = clean_evidence(attachment) if attachment else None
    update = ProgressUpdate(
        recommendation=recommendation,
        author=user,
        note=note.strip(),
        from_status=recommendation.status,
        to_status=status,
        progress=progress,
    )
    if evidence is not None:
        update.attachment.save(evidence.name, evidence, save=False)
    update.save()
    recommendation.status, recommendation.progress = status, progress
    recommendation.save(update_fields=["status", "progress", "updated_at"])
    if update.from_status != update.to_status:
        notifications.status_changed(recommendation=recommendation, update=update)
    return update


@transaction.atomic
def recommendation_save(*, user: User, recommendation: Recommendation) -> Recommendation:
    """Save a recommendation edited elsewhere (the admin's form): validate it, keep the history
    of a status change the way a progress update does, and tell the new owner when it is
    assigned or reassigned."""
    if not roles.is_secretariat(user):
        raise NotAllowed()
    recommendation.full_clean()
    stored = None
    if recommendation.pk:
        stored = Recommendation.objects.select_for_update().filter(pk=recommendation.pk).first()
    recommendation.save()
    owner_changed = stored is None or (stored.committee_id, stored.responsible_id) != (
        recommendation.committee_id,
        recommendation.responsible_id,
    )
    if owner_changed and (recommendation.committee_id or recommendation.responsible_id):
        notifications.assigned(recommendation=recommendation, reassigned=stored is not None)
    if stored is not None and stored.status != recommendation.status:
        notes = {}
        for language in ("ar", "en"):
            with translation.override(language):
                notes[f"note_{language}"] = _("Status set by the secretariat.")
        update = ProgressUpdate.objects.create(
            recommendation=recommendation,
            author=user,
            **notes,
            from_status=stored.status,
            to_status=recommendation.status,
            progress=recommendation.progress,
        )
        notifications.status_changed(recommendation=recommendation, update=update)
    return recommendation
