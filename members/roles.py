"""Roles are named groups holding permissions; code asks for a permission, never `is_staff`.

The groups are created by a data migration (members 0005). The admin superuser holds every
permission. A user's permissions are cached on the user object by Django's ModelBackend, so
asking twice in one request costs one query at most.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

SECRETARIAT = "secretariat"

# app_label.codename
ACT_FOR_SECRETARIAT = "members.act_for_secretariat"


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
