"""A trigram index for the directory search, on PostgreSQL only.

Organization.search_text holds normalised words (members.search); the directory filters it with
LIKE '%word%', which a pg_trgm GIN index answers. SQLite has no such index and scans instead.
"""

from django.db import migrations

INDEX = "members_organization_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_organization "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
