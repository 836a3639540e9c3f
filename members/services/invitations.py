"""Writes for an organization's users: invitations by e-mail, accepting them, removing a user.

The invitation's link carries a secret token; only its SHA-256 is stored, so a copy of the
database opens nobody's door. An invitation is used once, can be withdrawn, and expires.
"""

import datetime
import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .. import clock, mail, roles
from ..errors import NotAllowed, Refused
from ..models import Affiliation, Invitation, Organization, Person, User
from .people import MANAGE_REFUSED, person_create

INVITATION_DAYS = getattr(settings, "INVITATION_DAYS", 14)

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token opens, or None for a malformed or unknown token."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def _check_may_manage(by: User, organization: Organization) -> None:
    roles.check_may_act_for(by, organization, MANAGE_REFUSED)


def _pending(queryset):
    return queryset.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def pending_invitations(organization: Organization) -> QuerySet[Invitation]:
    return _pending(organization.invitations.select_related("invited_by")).order_by("-created_at")


@transaction.atomic
def invitation_create(
    *, by: User, organization: Organization, email: str, role: str = Affiliation.Role.MEMBER
) -> tuple[Invitation, str]:
    """Invite `email` to join the organization's account with `role`; e-mail them the link.

    Returns the invitation and its token (the token is not stored; the link is its only copy).
    A new invitation to the same address withdraws the pending one, so "send again" is simply
    inviting again.
    """
    _check_may_manage(by, organization)
    address = (email or "").strip().lower()
    if not address:
        raise Refused(_("Give the colleague's e-mail address."), code="email_required")
    if role not in Affiliation.Role.values:
        raise Refused(_("Unknown role."), code="unknown_role")
    try:
        validate_email(address)
        if len(address) > Invitation._meta.get_field("email").max_length:
            raise ValidationError("too long")
    except ValidationError as error:
        raise Refused(_("Enter a valid e-mail address."), code="email_invalid") from error
    if Affiliation.objects.filter(organization=organization, user__email__iexact=address).exists():
        raise Refused(
            _("%(email)s already has an account in this organization.") % {"email": address},
            code="already_member",
        )
    now = timezone.now()
    _pending(organization.invitations.filter(email__iexact=address)).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=address,
        role=role,
        token_hash=token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
    )
    invitation.save()
    _send(invitation, token)
    return invitation, token


def _send(invitation: Invitation, token: str) -> None:
    # An invitee who has an account reads it in their language; others in the inviter's page's.
    account = User.objects.filter(email__iexact=invitation.email).first()
    language = (
        account.preferred_language
        if account is not None
        else (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    )
    with translation.override(language):
        url = mail.absolute(reverse("members:invitation_accept", kwargs={"token": token}))
        expires = timezone.localtime(invitation.expires_at, clock.federation_zone())
        inviter = invitation.invited_by
        params = {
            "inviter": (inviter.name or inviter.email) if inviter else _("The secretariat"),
            "organization": invitation.organization.name,
            "role": invitation.get_role_display(),
            "date": formats.date_format(expires, "DATE_FORMAT"),
            "email": invitation.email,
        }
        context = {
            "subject": _("Invitation to join %(organization)s on the federation's portal") % params,
            "lines": [
                _("%(inviter)s invites you to join %(organization)s on the portal as %(role)s.")
                % params,
                _(
                    "Open the link below, then sign in, or sign up with this address "
                    "(%(email)s) if you have no account yet."
                )
                % params,
                _("The invitation expires on %(date)s.") % params,
            ],
            "url": url,
            "link_label": _("Accept the invitation"),
        }
    mail.queue_to_address(
        address=invitation.email,
        language=language,
        kind="invitation",
        key=f"invitation-{invitation.pk}",
        template="notice",
        context=context,
    )


@transaction.atomic
def invitation_withdraw(*, by: User, invitation: Invitation) -> Invitation:
    _check_may_manage(by, invitation.organization)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise Refused(_("This invitation was already accepted."), code="used")
    if locked.revoked_at is not None:
        raise Refused(_("This invitation was already withdrawn."), code="withdrawn")
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    invitation.revoked_at = locked.revoked_at
    return locked


def invitation_problem(invitation: Invitation) -> Refused | None:
    """Why the invitation can no longer be accepted, or None while it is open."""
    if invitation.revoked_at is not None:
        return Refused(
            _(
                "This invitation was withdrawn by the organization. Ask its coordinator for a "
                "new one."
            ),
            code="withdrawn",
        )
    if invitation.accepted_at is not None:
        return Refused(
            _("This invitation was already used. Each invitation can be accepted once."),
            code="used",
        )
    if invitation.expires_at <= timezone.now():
        return Refused(
            _("This invitation has expired. Ask the organization's coordinator for a new one."),
            code="expired",
        )
    return None


def address_matches(invitation: Invitation, user: User) -> bool:
    return bool(user.email) and user.email.strip().lower() == invitation.email.strip().lower()


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation) -> Affiliation:
    """The invited user joins the organization with the invitation's role."""
    # Locked so that the same link opened twice at once is used once.
    locked = (
        Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    )
    problem = invitation_problem(locked)
    if problem is not None:
        raise problem
    if not address_matches(locked, user):
        raise NotAllowed(
            _(
                "This invitation was sent to another e-mail address. Sign in with the address "
                "it was sent to."
            ),
            code="wrong_address",
        )
    affiliation, created = Affiliation.objects.get_or_create(
        user=user, organization=locked.organization, defaults={"role": locked.role}
    )
    # Already a member (added meanwhile): an invitation can raise the role, never lower it.
    if not created and locked.role == Affiliation.Role.COORDINATOR:
        affiliation.role = Affiliation.Role.COORDINATOR
        affiliation.save(update_fields=["role"])
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    _link_person(user, locked.organization)
    return affiliation


def _link_person(user: User, organization: Organization) -> None:
    person = Person.objects.filter(user=user).first()
    if person is None:
        if user.name:  # accounts made before sign-up asked for a name may have none
            field = "name_ar" if user.preferred_language == "ar" else "name_en"
            person_create(by=user, user=user, organization=organization, **{field: user.name})
        return
    if person.organization_id is None:
        person.organization = organization
        person.save(update_fields=["organization", "updated_at"])


@transaction.atomic
def affiliation_remove(*, by: User, affiliation: Affiliation) -> None:
    """Remove a user from the organization's account. The last coordinator stays: an
    organization always has someone to keep its profile and invite others."""
    _check_may_manage(by, affiliation.organization)
    # Lock the organization so that two coordinators removing each other cannot both succeed.
    Organization.objects.select_for_update().filter(pk=affiliation.organization_id).first()
    locked = Affiliation.objects.filter(pk=affiliation.pk).first()
    if locked is None:
        raise Refused(_("This user is no longer in the organization."), code="gone")
    if locked.role == Affiliation.Role.COORDINATOR:
        others = Affiliation.objects.filter(
            organization_id=locked.organization_id, role=Affiliation.Role.COORDINATOR
        ).exclude(pk=locked.pk)
        if not others.exists():
            raise Refused(
                _(
                    "The organization's last coordinator cannot be removed: invite another "
                    "coordinator first."
                ),
                code="last_coordinator",
            )
    locked.delete()
