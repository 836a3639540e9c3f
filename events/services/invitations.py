"""Writes for a convening's invitation list: the organizations the secretariat asks to come,
apart from those that register on their own (members.presence suggests them where several
do the same work in the same place).

An organization newly invited while the convening is open for registration is told through
its coordinators, once per convening (the outbox's key): removed and invited again, it is not
told twice. A list recorded for a past convening tells nobody.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from members import audit, roles
from members.errors import NotAllowed, Refused
from members.models import Organization, User

from .. import notifications
from ..models import Convening


def check_may_be_invited(organizations: Iterable[Organization]) -> None:
    """Refuse organizations that could not register if invited (applicants, suspended and
    withdrawn members): the admin's form calls this before anything is saved."""
    barred = sorted(str(o) for o in organizations if not o.may_register)
    if barred:
        raise Refused(
            _(
                "These organizations cannot be invited, as their status does not let them "
                "register for convenings: %(organizations)s."
            ),
            code="barred",
            params={"organizations": notifications.comma().join(barred)},
        )


@transaction.atomic
def convening_invitations_set(
    *, user: User, convening: Convening, organizations: Iterable[Organization]
) -> list[Organization]:
    """Make `organizations` the convening's invitation list; return those newly invited."""
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat invites organizations to a convening."))
    wanted = {organization.pk: organization for organization in organizations}
    check_may_be_invited(wanted.values())
    before = {o.pk: o for o in convening.invited.all()}
    added = [o for pk, o in wanted.items() if pk not in before]
    removed = [o for pk, o in before.items() if pk not in wanted]
    if not added and not removed:
        return []
    convening.invited.remove(*removed)
    convening.invited.add(*added)
    audit.record(
        actor=user,
        action="convening.invited",
        obj=convening,
        changes={"invited": (len(before), len(wanted))},
        note=_invitation_note(added, removed),
    )
    if convening.registration_is_open():
        for organization in added:
            notifications.invited(convening=convening, organization=organization)
    return added


def _invitation_note(added, removed) -> str:
    # Names as they were at the time: the log outlives renames.
    parts = [f"+ {organization}" for organization in sorted(added, key=str)]
    parts += [f"- {organization}" for organization in sorted(removed, key=str)]
    return "\n".join(parts)
