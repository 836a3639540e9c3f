"""Writes for organizations: registration, profile, membership status."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import audit, mail, notify, roles
from ..errors import NotAllowed
from ..models import Affiliation, MembershipChange, Organization, User

# Fields a coordinator may set; status, slug and history are not among them.
PROFILE_FIELDS = (
    "name_ar",
    "name_en",
    "acronym",
    "description_ar",
    "description_en",
    "country",
    "city_ar",
    "city_en",
    "countries_of_work",
    "areas_of_work_ar",
    "areas_of_work_en",
    "founded_year",
    "registration_number",
    "registration_authority_ar",
    "registration_authority_en",
    "website",
    "email",
    "phone",
    "branch",
)


def unique_slug(*candidates, model=Organization, exclude_pk=None):
    base = next((s for s in (slugify(c or "")[:70] for c in candidates) if s), "organization")
    slug, n = base, 2
    existing = model.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(organization, data):
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(organization, field, data[field])
    logo = data.get("logo")
    if logo is False:  # "clear" ticked on the form
        organization.logo.delete(save=False)
    elif logo:
        organization.logo.save(logo.name, logo, save=False)


@transaction.atomic
def organization_register(*, user, data):
    """A signed-in user registers an organization: it starts as an applicant, with the user as
    its coordinator, and the first line of its membership history."""
    organization = Organization(status=Organization.Status.APPLICANT)
    _apply(organization, data)
    organization.slug = unique_slug(data.get("acronym"), data.get("name_en"), data.get("name_ar"))
    organization.full_clean(exclude=["logo"])
    organization.save()
    organization.sectors.set(data.get("sectors", []))
    Affiliation.objects.create(
        user=user, organization=organization, role=Affiliation.Role.COORDINATOR
    )
    MembershipChange.objects.create(
        organization=organization,
        from_status="",
        to_status=organization.status,
        changed_by=user,
        note=_("Registered through the portal"),
    )
    _notify_secretariat_of_application(organization)
    return organization


def _notify_secretariat_of_application(organization):
    def context(user):
        admin_list = mail.absolute(
            reverse("admin:members_organization_changelist") + "?status__exact=applicant"
        )
        return notify.notice(
            subject=_("New application: %(name)s") % {"name": organization.name},
            lines=[
                _("%(name)s has applied to join the federation through the portal.")
                % {"name": organization.name},
                _(
                    "Review it in the administration, under Organizations, filtered by the "
                    "status “Applicant”: %(url)s"
                )
                % {"url": admin_list},
            ],
            url=mail.absolute(organization.get_absolute_url()),
            link_label=_("The organization's page"),
        )

    notify.send(
        kind="organization_applied",
        key=f"organization-applied-{organization.pk}",
        users=roles.secretariat_users(),
        template="notice",
        context=context,
    )


@transaction.atomic
def organization_update(*, organization, user, data):
    if not organization.can_edit(user):
        raise PermissionError("not a coordinator of this organization")
    _apply(organization, data)
    organization.full_clean(exclude=["logo"])
    organization.save()
    if "sectors" in data:
        organization.sectors.set(data["sectors"])
    return organization


@transaction.atomic
def organization_change_status(*, organization, to_status, user, note=""):
    """Move an organization along its membership life cycle and record who did it.

    The row is locked so that two secretaries acting at once cannot both move it from the same
    state; the database constraint on MembershipChange refuses any pair not in TRANSITIONS.
    `user` None is the system itself (the demo loader); a person must be of the secretariat.
    """
    if user is not None and not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat changes an organization's membership."))
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if not locked.can_move_to(to_status):
        raise ValidationError(
            _("%(organization)s cannot move from “%(from)s” to “%(to)s”."),
            code="invalid_transition",
            params={
                "organization": locked,
                "from": locked.get_status_display(),
                "to": Organization.Status(to_status).label,
            },
        )
    now = timezone.now()
    change = MembershipChange.objects.create(
        organization=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_by=user,
        changed_at=now,
        note=note,
    )
    audit.record(
        actor=user,
        action="organization.status",
        obj=locked,
        changes={"status": (locked.status, to_status)},
        note=note,
    )
    locked.status = to_status
    locked.status_changed_at = now
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
    organization.status, organization.status_changed_at = locked.status, now
    if to_status in NOTIFIED_STATUSES:
        _notify_coordinators(locked, change)
    return locked


# Coordinators hear when their organization is approved, suspended or withdrawn.
NOTIFIED_STATUSES = (
    Organization.Status.REGISTERED,
    Organization.Status.SUSPENDED,
    Organization.Status.WITHDRAWN,
)


def _notify_coordinators(organization, change):
    coordinators = User.objects.filter(
        affiliations__organization=organization,
        affiliations__role=Affiliation.Role.COORDINATOR,
        is_active=True,
    )
    for user in coordinators:
        with translation.override(user.preferred_language):
            label = str(Organization.Status(change.to_status).label)
            url = mail.absolute(organization.get_absolute_url())
        mail.queue(
            user=user,
            kind="status_change",
            key=f"membership-change-{change.pk}",
            template="status_change",
            context={
                "organization": organization,
                "status_label": label,
                "note": change.note,
                "url": url,
            },
        )


@transaction.atomic
def organization_create(*, data, status, user=None, sectors=()):
    """Staff and the demo loader create organizations directly, in any starting status."""
    organization = Organization(status=status)
    _apply(organization, data)
    organization.slug = data.get("slug") or unique_slug(
        data.get("acronym"), data.get("name_en"), data.get("name_ar")
    )
    organization.save()
    organization.sectors.set(sectors)
    MembershipChange.objects.create(
        organization=organization, from_status="", to_status=status, changed_by=user
    )
    return organization
