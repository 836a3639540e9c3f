"""Writes for organizations: registration, profile, membership status."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import audit, mail, notify, roles
from ..errors import NotAllowed, Refused
from ..models import (
    Affiliation,
    BoardSeat,
    Branch,
    MembershipChange,
    Organization,
    Sector,
    User,
)
from ..slugs import slug_text

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


def unique_slug(*candidates: str | None, model=Organization, exclude_pk=None) -> str:
    """The first free slug from the candidates' text (an Arabic one transliterated, see
    members.slugs): "name", else "name-2", ... Free when asked: save the row with
    `save_with_unique_slug`, which settles a race."""
    base = next((s for s in (slug_text(c or "") for c in candidates) if s), model._meta.model_name)
    slug, n = base, 2
    existing = model.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Each attempt loses only to a registration of the same name committed meanwhile.
SLUG_ATTEMPTS = 5


def save_with_unique_slug(instance: models.Model, *candidates: str | None) -> models.Model:
    """Save a new row under a free slug. Two registrations of one name at the same moment both
    find "name" free; the unique index makes the second insert wait for the first and then
    fail, and the second takes the next free slug instead of answering a server error."""
    model = type(instance)
    for attempt in range(SLUG_ATTEMPTS):
        instance.slug = unique_slug(*candidates, model=model)
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            taken = model.objects.filter(slug=instance.slug).exists()
            if not taken or attempt == SLUG_ATTEMPTS - 1:
                raise
        else:
            return instance


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
def organization_register(*, user: User, data: dict) -> Organization:
    """A signed-in user registers an organization: it starts as an applicant, with the user as
    its coordinator, and the first line of its membership history."""
    organization = Organization(status=Organization.Status.APPLICANT)
    _apply(organization, data)
    # The slug is chosen as the row is saved (two of the same name may come at once).
    organization.full_clean(exclude=["logo", "slug"])
    save_with_unique_slug(
        organization, data.get("acronym"), data.get("name_en"), data.get("name_ar")
    )
    organization.sectors.set(data.get("sectors", []))
    Affiliation.objects.create(
        user=user, organization=organization, role=Affiliation.Role.COORDINATOR
    )
    organization_first_status(
        organization=organization, user=user, note=_("Registered through the portal")
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


EDIT_REFUSED = _lazy("Only the organization's coordinators can edit its profile.")


@transaction.atomic
def organization_update(*, organization: Organization, user: User, data: dict) -> Organization:
    roles.check_may_act_for(user, organization, EDIT_REFUSED)
    _apply(organization, data)
    organization.full_clean(exclude=["logo"])
    organization.save()
    if "sectors" in data:
        organization.sectors.set(data["sectors"])
    return organization


@transaction.atomic
def organization_change_status(
    *, organization: Organization, to_status: str, user: User | None, note: str = ""
) -> Organization:
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
def organization_create(
    *, data: dict, status: str, user: User | None = None, sectors: Iterable[Sector] = ()
) -> Organization:
    """Staff and the demo loader create organizations directly, in any starting status."""
    organization = Organization(status=status)
    _apply(organization, data)
    if data.get("slug"):
        organization.slug = data["slug"]
        organization.save()
    else:
        save_with_unique_slug(
            organization, data.get("acronym"), data.get("name_en"), data.get("name_ar")
        )
    organization.sectors.set(sectors)
    organization_first_status(organization=organization, user=user)
    return organization


def organization_first_status(
    *, organization: Organization, user: User | None, note: str = ""
) -> MembershipChange:
    """The first line of a new organization's membership history, whichever door made it: the
    portal's registration, the secretariat's admin, the demo."""
    return MembershipChange.objects.create(
        organization=organization,
        from_status="",
        to_status=organization.status,
        changed_by=user,
        note=note,
    )


# Branch boards --------------------------------------------------------------------------------

BOARD_SEAT_FIELDS = ("organization_id", "role", "term_start", "term_end")


@transaction.atomic
def board_seat_save(*, by: User | None, seat: BoardSeat) -> BoardSeat:
    """Save a seat on a branch board, new or changed, with the model's rules (members only,
    one seat per organization and one chair per term, the chair one of the branch's own
    members) and an audit entry. `by` None is the system (the demo loader)."""
    if by is not None and not roles.is_secretariat(by):
        raise NotAllowed(_("Only the secretariat changes a branch's board."))
    # Seats of one board wait for each other, so two at once cannot both take the chair.
    Branch.objects.select_for_update().filter(pk=seat.branch_id).first()
    before = BoardSeat.objects.filter(pk=seat.pk).first() if seat.pk else None
    try:
        seat.full_clean()
    except ValidationError as error:
        raise Refused(" ".join(error.messages), code="board_seat") from error
    seat.save()
    changes = {
        field: (getattr(before, field) if before else None, getattr(seat, field))
        for field in BOARD_SEAT_FIELDS
        if before is None or getattr(before, field) != getattr(seat, field)
    }
    if changes:
        audit.record(
            actor=by,
            action="board_seat.change" if before else "board_seat.create",
            obj=seat,
            changes=changes,
        )
    return seat
