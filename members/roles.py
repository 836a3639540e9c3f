"""Roles are named groups holding permissions; code asks for a permission, never `is_staff`.

The groups are created by data migrations (members 0005, 0008) and kept complete by
`ensure_roles()` after every migrate (and every flush, which empties them in tests): ROLES below
is the one definition of what each role holds. Permissions added to a role's apps later reach
its group this way; permissions an administrator removed from a group are added back, since
the definition is here. The admin superuser holds every permission. A user's permissions are
cached on the user object by Django's ModelBackend, so asking twice in one request costs one
query at most.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

SECRETARIAT = "secretariat"
TELLER = "teller"

# app_label.codename
ACT_FOR_SECRETARIAT = "members.act_for_secretariat"
ACT_AS_TELLER = "events.act_as_teller"

# What each role holds: every permission of some apps, and single permissions.
ROLES = {
    # Manages members, convenings and their outcomes.
    SECRETARIAT: {"apps": ("members", "events", "outcomes"), "permissions": ()},
    # Records attendance and room ballots at the convenings they are named teller for.
    TELLER: {"apps": (), "permissions": (ACT_AS_TELLER,)},
}


def ensure_roles(**kwargs) -> None:
    """Create each role's group with the permissions ROLES gives it (idempotent)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for name, spec in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.filter(content_type__app_label__in=spec["apps"])
        for permission in spec["permissions"]:
            app_label, codename = permission.split(".")
            wanted |= Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.add(*wanted)


def is_secretariat(user) -> bool:
    """Acts for the general secretariat: manages members, convenings and their outcomes."""
    return bool(user and user.is_authenticated and user.is_active) and user.has_perm(
        ACT_FOR_SECRETARIAT
    )


def holders(permission: str) -> QuerySet:
    """Active users who hold `permission` (through a group, directly, or as superuser)."""
    from .models import User

    app_label, codename = permission.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)
        )
        .distinct()
    )


def secretariat_users() -> QuerySet:
    return holders(ACT_FOR_SECRETARIAT)


# Coordinators: a per-organization role (an Affiliation), not a group ------------------------


def is_coordinator(user, organization) -> bool:
    """Whether `user` (signed in and active) coordinates `organization`: the one predicate
    every rule about coordinators reads. One query at most."""
    from .models import Affiliation

    if organization is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    organization_id = getattr(organization, "pk", organization)
    return Affiliation.objects.filter(
        user=user, organization_id=organization_id, role=Affiliation.Role.COORDINATOR
    ).exists()


def check_coordinator(user, organization, message=None) -> None:
    """The one way to refuse a non-coordinator: `NotAllowed` (a 403, or the message on the
    form), saying what only a coordinator may do."""
    from .errors import NotAllowed

    if not is_coordinator(user, organization):
        raise NotAllowed(
            message
            or _("Only a coordinator of %(organization)s can do this.")
            % {"organization": organization},
            code="not_coordinator",
        )


def may_act_for(user, organization) -> bool:
    """The secretariat, and the organization's coordinators: who keeps its profile, its people
    and its users."""
    return is_secretariat(user) or is_coordinator(user, organization)


def check_may_act_for(user, organization, message=None) -> None:
    """`check_coordinator`, letting the secretariat through as well."""
    if not is_secretariat(user):
        check_coordinator(user, organization, message)
