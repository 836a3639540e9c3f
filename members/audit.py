"""Writing the audit log: every service that changes a contested record calls `record()`
inside its own transaction, so the entry exists exactly when the change does."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry, User


def _plain(value):
    """A JSON-friendly form of a field's value (dates as ISO text, records by their name)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record(
    *,
    actor: User | None,
    action: str,
    obj,
    changes: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Add one entry: `actor` did `action` to `obj`; `changes` maps a field to (before, after)."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:250],
        changes={
            field: [_plain(before), _plain(after)]
            for field, (before, after) in (changes or {}).items()
        },
        note=note,
    )
