"""Who is asking: a personal token (Authorization: Bearer …) or else the session.

A token stands for its owner with the owner's visibility, no more. A staff account that must
set up a second factor before using the portal (members.staff_mfa) cannot use a token either.
"""

import re

from django.utils.translation import gettext_lazy as _

from members.staff_mfa import must_enrol

from ..models import TOKEN_PREFIX, ApiToken, token_digest
from .errors import ApiError

# TOKEN_PREFIX and secrets.token_urlsafe(32): 43 characters of the URL-safe alphabet.
_TOKEN = re.compile(rf"{re.escape(TOKEN_PREFIX)}[A-Za-z0-9_-]{{43}}")


def _unauthorized(message, error="invalid_token"):
    return ApiError(
        401,
        "unauthorized",
        message,
        headers={"WWW-Authenticate": f'Bearer realm="api", error="{error}"'},
    )


def authenticate(request):
    """(user, token): the token's owner and the token, or the session's user and None.
    Raises ApiError (401) for an Authorization header that opens nothing."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is None:
        return request.user, None
    scheme, _space, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not _TOKEN.fullmatch(value):
        raise _unauthorized(
            _("The Authorization header must be “Bearer” followed by a personal API token."),
            error="invalid_request",
        )
    token = (
        ApiToken.objects.active().select_related("user").filter(digest=token_digest(value)).first()
    )
    if token is None:
        raise _unauthorized(_("This API token is not valid: it was revoked or never existed."))
    if must_enrol(token.user):
        raise ApiError(
            403,
            "second_factor_required",
            _("Staff accounts need a second factor: set one up on the portal to use a token."),
        )
    return token.user, token
