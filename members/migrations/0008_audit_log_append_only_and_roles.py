"""The audit log is append-only in the database too (PostgreSQL: a trigger refuses UPDATE and
DELETE), and the teller role: a group holding events.act_as_teller, who records attendance and
room ballots at the convenings they are named teller for. The secretariat group gets the
permissions of the models added since it was created."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION members_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER members_auditentry_append_only
    BEFORE UPDATE OR DELETE ON members_auditentry
    FOR EACH ROW EXECUTE FUNCTION members_auditentry_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS members_auditentry_append_only ON members_auditentry;
DROP FUNCTION IF EXISTS members_auditentry_append_only();
"""


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def not_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


def roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _created = Group.objects.get_or_create(name="secretariat")
    secretariat.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=("members", "events", "outcomes"))
    )
    teller, _created = Group.objects.get_or_create(name="teller")
    teller.permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename="act_as_teller")
    )


def no_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="teller").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_audit_log"),
        ("events", "0003_tellers"),
        ("outcomes", "0003_frozen_results_voids_proxies_rules"),
    ]

    operations = [
        migrations.RunPython(append_only, not_append_only),
        migrations.RunPython(roles, no_roles),
    ]
