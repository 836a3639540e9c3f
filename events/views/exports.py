"""A convening's registrations and attendance, with delegates, as CSV or XLSX.

What is in it follows the convening's pages: the attendance list is shown to everyone who may
see the convening; registrations with their delegates are shown to the secretariat and the
convening's tellers (the registrations table, the check-in), and to an organization's own
people (their registration on the page). So each visitor gets the organizations that attended,
plus the registrations they may see, and the registration and delegate cells of the others stay
empty."""

from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from members import export
from members.models import Organization

from ..models import Attendance, Channel, Convening, Delegate, Registration
from ..permissions import may_record


def attendance_header() -> list:
    return [
        _("Organization"),
        export.label(Organization, "acronym"),
        _("Registration (channel)"),
        _("Attendance (channel)"),
        _("Delegates"),
        _("Number of delegates"),
    ]


def visible_registrations(user, convening):
    """The registrations at `convening` this user may see."""
    registrations = Registration.objects.filter(convening=convening)
    if may_record(user, convening):
        return registrations
    if not user.is_authenticated:
        return registrations.none()
    return registrations.filter(organization__affiliations__user=user)


def _delegates(registrations, organization_ids):
    """{organization id: [delegate]} for one chunk of rows, in one query."""
    found = {}
    delegates = (
        Delegate.objects.filter(
            registration__in=registrations.filter(organization_id__in=organization_ids)
        )
        .select_related("person", "registration")
        .order_by("registration_id", "position", "pk")
    )
    for delegate in delegates:
        found.setdefault(delegate.registration.organization_id, []).append(delegate)
    return found


def attendance_rows(convening, registrations):
    channels = {value: str(label) for value, label in Channel.choices}
    registered = registrations.filter(organization=OuterRef("pk")).values("channel")[:1]
    attended = Attendance.objects.filter(convening=convening, organization=OuterRef("pk"))
    organizations = (
        Organization.objects.filter(
            Q(pk__in=Attendance.objects.filter(convening=convening).values("organization_id"))
            | Q(pk__in=registrations.values("organization_id"))
        )
        .annotate(
            registered_channel=Subquery(registered),
            attended_channel=Subquery(attended.values("channel")[:1]),
        )
        .by_name()
    )
    for chunk in export.chunks(organizations):
        delegates = _delegates(registrations, [o.pk for o in chunk])
        for organization in chunk:
            mine = delegates.get(organization.pk, [])
            yield [
                organization.name,
                organization.acronym,
                channels.get(organization.registered_channel, ""),
                channels.get(organization.attended_channel, ""),
                "; ".join(f"{d.person} ({d.role})" if d.role else str(d.person) for d in mine),
                len(mine) if organization.registered_channel else None,
            ]


@require_safe
def attendance_export(request, slug, fmt):
    # Not visible: 404, as the convening's page answers.
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    registrations = visible_registrations(request.user, convening)
    return export.table_response(
        fmt,
        attendance_header(),
        attendance_rows(convening, registrations),
        name=f"{convening.slug}-attendance",
        sheet=_("Attendance"),
    )
