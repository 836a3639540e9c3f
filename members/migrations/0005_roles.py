"""Roles as groups: the secretariat manages members, convenings and their outcomes.

Permissions are created here first (Django creates them only after every migration has run),
so the group can hold them on a fresh database too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "secretariat"
SECRETARIAT_APPS = ("members", "events", "outcomes")


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=SECRETARIAT)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECRETARIAT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0004_people_offices_invitations"),
        ("events", "0002_speakers_and_delegates"),
        ("outcomes", "0002_committee_seats_as_offices"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
