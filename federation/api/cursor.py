"""Opaque cursors: where the next page of a list starts.

Every list is ordered by its primary key, a unique key that never changes, so a page starts
after the last key of the one before, whatever was added or removed meanwhile, and reading it
costs an index seek (no OFFSET). The cursor carries the resource's name and that key, signed so
that a cursor that was not ours (edited, truncated, from another list) is refused with a 400
rather than read as something else.
"""

from django.core import signing
from django.utils.translation import gettext_lazy as _

from members.ids import parse_id

from .errors import bad_parameter

_SIGNER = signing.Signer(salt="federation.api.cursor")
MAX_LENGTH = 200


def encode(resource: str, last_key: int) -> str:
    return _SIGNER.sign_object({"r": resource, "k": last_key})


def decode(resource: str, value: str) -> int:
    """The key the page starts after. ApiError 400 for anything but a cursor of this list."""
    data = None
    if len(value) <= MAX_LENGTH:
        try:
            data = _SIGNER.unsign_object(value)
        except (signing.BadSignature, ValueError, TypeError, UnicodeError):
            data = None
    key = parse_id(data.get("k")) if isinstance(data, dict) and data.get("r") == resource else None
    if key is None:
        raise bad_parameter(
            [("cursor", [_("This is not a cursor of this list: use the “next” link as given.")])]
        )
    return key
