"""A form saves once, however many times it is sent.

Each form that creates something carries a one-time token (`{% form_token %}`, from the
`once` template library: a hidden input with a fresh random value every time the page is
drawn). The view saves through `submit_once()`, which records the token in
members.FormSubmission inside the same transaction as the write. The same form sent again —
twice at the same moment included — finds its token taken and is sent to what the first one
saved, with "already saved", never a second record. A write that is refused rolls its token
back with it, so the corrected form can be sent again.

A POST without a token (a script, a test) is saved as before; a malformed token is refused.
"""

import datetime
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import Refused
from .models import FormSubmission

FIELD = "form_token"
# secrets.token_urlsafe(16): 22 characters of the URL-safe base64 alphabet.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
# How long a sent form is remembered: a page left open for a month is the longest wait seen.
KEEP = datetime.timedelta(days=30)

ALREADY_SAVED = _("This form was already sent; it was saved once. Here is what it saved.")
NOT_UNDERSTOOD = _(
    "This form was not understood; nothing was saved. Reload the page and try again."
)


def new_token() -> str:
    return secrets.token_urlsafe(16)


def sent_token(request: HttpRequest) -> str | None:
    """The token the form came with; None when it carried none."""
    token = request.POST.get(FIELD)
    if token is None:
        return None
    if not _TOKEN.fullmatch(token):
        raise Refused(NOT_UNDERSTOOD, code="form_token")
    return token


@dataclass
class Sent:
    result: Any  # what `write` returned; None when the form had been saved before
    url: str  # where to go now: what the first submit saved
    repeated: bool


def submit_once(
    request: HttpRequest, write: Callable[[], Any], *, url: Callable[[Any], str]
) -> Sent:
    """Run `write()` (a service call) once per form token, and remember `url(result)`, the page
    of what it saved, for the same form sent again. Refusals (`Refused`, `NotAllowed`) raised
    by `write` propagate, and the token is not used up."""
    token = sent_token(request)
    if token is None or not request.user.is_authenticated:
        result = write()
        return Sent(result=result, url=url(result), repeated=False)
    user = request.user
    with transaction.atomic():
        try:
            with transaction.atomic():
                # A second submit with this token waits here, on the unique index, until the
                # first one's transaction ends: then it finds the row, or (rolled back) saves.
                submission = FormSubmission.objects.create(user=user, token=token)
        except IntegrityError:
            earlier = FormSubmission.objects.filter(user=user, token=token).first()
            where = earlier.url if earlier is not None else ""
            return Sent(result=None, url=where or request.get_full_path(), repeated=True)
        result = write()
        submission.url = url(result)[:500]
        submission.save(update_fields=["url"])
        FormSubmission.objects.filter(user=user, created_at__lt=timezone.now() - KEEP).delete()
    return Sent(result=result, url=submission.url, repeated=False)
