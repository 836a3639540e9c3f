"""A second trigram index for the directory search, over members only (PostgreSQL only).

Anonymous visitors, the directory's largest audience, see registered and active members only,
yet the trigram index of 0002 names every organization containing the word: at 100,000
organizations, a word in 9,400 of them costs 9,400 table visits to keep the 6,652 members
(13-21 ms). An index over members alone names only those (10.5-11 ms, docs/performance.md).
PostgreSQL uses a partial index only when the query's condition implies its predicate, so the
predicate is written as Organization.objects.members() writes its condition;
tests/members/test_directory_scale.py checks that the directory's own query reaches it. Other
readers (partners, coordinators, the secretariat) still search through 0002's index.
"""

from django.db import migrations

INDEX = "members_organization_members_search_trgm"
MEMBER_STATUSES = ("registered", "active")  # Organization.MEMBER_STATUSES when written


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statuses = ", ".join(f"'{status}'" for status in MEMBER_STATUSES)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_organization "
        f"USING gin (search_text gin_trgm_ops) WHERE status IN ({statuses})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0014_directory_keys_from_index")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
