"""Uploaded documents are checked by content: a PDF starts with %PDF- whatever its name says."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 10 * 1024 * 1024


def validate_pdf(upload):
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(
            _("The document is larger than %(limit)s MB."),
            code="too_large",
            params={"limit": MAX_PDF_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head[:1024] or not head.lstrip().startswith(b"%PDF-"):
        raise ValidationError(_("Upload a PDF document."), code="not_pdf")
