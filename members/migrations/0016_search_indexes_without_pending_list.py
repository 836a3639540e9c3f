"""The trigram indexes take each write at once, not through a pending list (PostgreSQL only).

By default a GIN index queues new entries in a pending list, merged by the next VACUUM, and
every search reads the whole list. Autovacuum visits the organizations table only after a
fifth of it has changed (20,000 rows at 100,000), so a season of profile edits or a batch of
status changes accumulates: at 100,000 organizations, 3,000 updated rows (2,112 pending
member entries) took a search for «اغاثه» from 9 ms to 95 ms until the next VACUUM; without
the list it stays at 9-12 ms (docs/performance.md). The planner also prices the pending pages,
and may then leave the members' index (0015) for a worse plan. Without the list a write costs
about 0.5 ms more per organization (3,000 updates: 2.0 s instead of 0.3 s); the directory is
read far more often than it is written. Entries already pending are merged now, as ALTER
INDEX alone leaves them in place.
"""

from django.db import migrations

INDEXES = ("members_organization_search_trgm", "members_organization_members_search_trgm")


def _set_fastupdate(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = {value})")
            if value == "off":
                schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0015_members_search_trigram_index")]
    operations = [
        migrations.RunPython(_set_fastupdate("off"), _set_fastupdate("on"), elidable=False)
    ]
