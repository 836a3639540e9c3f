"""How services refuse: one exception type, with a translated message; nothing was saved.

`Refused` is a ValidationError, so forms and the admin show it like any other error.
`NotAllowed` is a Refused that is also a PermissionDenied: left uncaught, Django answers 403
with its message; views that can say it better catch `Refused` and show the message.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _


class Refused(ValidationError):
    """A rule refused the change."""


class NotAllowed(Refused, PermissionDenied):
    """The user may not do this."""

    def __init__(self, message=None, code="not_allowed", params=None):
        super().__init__(message or _("You are not allowed to do this."), code, params)
