"""Writes for attendance: who came, and through which channel. Recorded by the convening's
tellers and the secretariat; every change is in the audit log."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from members import audit
from members.errors import NotAllowed, Refused
from members.models import Organization, User

from ..models import Attendance, Convening, Registration
from ..permissions import may_record
from .registrations import _channel_label


def _check_may_record(user: User, convening: Convening) -> None:
    if not may_record(user, convening):
        raise NotAllowed(_("Only the convening's tellers and the secretariat record attendance."))


@transaction.atomic
def attendance_record(
    *, user: User, convening: Convening, organization_id: int, channel: str
) -> Attendance:
    """A teller or the secretariat records that an organization came, registered or not."""
    _check_may_record(user, convening)
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Refused(_("That organization does not exist."), code="no_organization")
    if channel not in convening.channels():
        raise Refused(
            _("This convening has no “%(channel)s” channel."),
            code="channel",
            params={"channel": _channel_label(channel)},
        )
    registered = Registration.objects.filter(
        convening=convening, organization=organization
    ).exists()
    before = Attendance.objects.filter(convening=convening, organization=organization).first()
    attendance, _created = Attendance.objects.update_or_create(
        convening=convening,
        organization=organization,
        defaults={"channel": channel, "registered": registered, "recorded_by": user},
    )
    if before is None or before.channel != channel:
        audit.record(
            actor=user,
            action="attendance.record",
            obj=attendance,
            changes={"channel": (before.channel if before else None, channel)},
        )
    return attendance


@transaction.atomic
def attendance_remove(*, user: User, convening: Convening, organization_id: int) -> None:
    _check_may_record(user, convening)
    attendance = Attendance.objects.filter(
        convening=convening, organization_id=organization_id
    ).first()
    if attendance is None:
        return
    audit.record(
        actor=user,
        action="attendance.remove",
        obj=attendance,
        changes={"channel": (attendance.channel, None)},
    )
    attendance.delete()


def attendance_warning(organization: Organization) -> str:
    """What the person recording should know when the organization is not a member (a partner,
    a suspended or withdrawn member, an applicant): its attendance is recorded, but counted
    apart from the members' (attendance_breakdown's "others") and it does not vote. "" for a
    member."""
    if organization.is_member:
        return ""
    return _(
        "%(organization)s is not a member in good standing (%(status)s): its attendance is "
        "recorded but counted apart from the members', and it does not vote."
    ) % {"organization": organization, "status": organization.get_status_display()}


def mark_registrations_attended(*, user: User, registrations: QuerySet[Registration]) -> int:
    """The admin's bulk action: each registration becomes an attendance on its channel."""
    count = 0
    for registration in registrations.select_related("convening"):
        attendance_record(
            user=user,
            convening=registration.convening,
            organization_id=registration.organization_id,
            channel=registration.channel,
        )
        count += 1
    return count
