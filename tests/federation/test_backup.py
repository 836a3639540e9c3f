"""`make backup` and `make restore`, for real: a restored backup serves the same pages.

The demo is loaded into a new database, backed up with the Makefile's command, restored with it
into another new database, and the same pages are rendered against each (same code, same pinned
clock, in subprocesses). The databases are created beside pytest's own, named after the one in
DATABASE_URL, and dropped afterwards.
"""

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from tests.conftest import _missing
from tests.demo import DEMO_TODAY

ROOT = Path(settings.BASE_DIR)


def make(target, env, **variables):
    """The real command; `install` is taken as done (this test runs in the environment)."""
    command = ["make", "--no-print-directory", "-o", "install", target, f"PY={sys.executable}"]
    command += [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Server:
    """The PostgreSQL server of pytest's database, where this test makes databases of its own."""

    def __init__(self):
        self.settings = connection.settings_dict
        # pytest-django renamed the database to test_<name>; ours are named after <name>.
        configured = dj_database_url.parse(os.environ.get("DATABASE_URL", ""))["NAME"]
        self.prefix = f"{configured or 'tansiq'}_backup"
        self.created = []

    def admin(self):
        db = self.settings
        return psycopg.connect(
            dbname="postgres",
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            autocommit=True,
        )

    def create(self, suffix, *, copy_of=None):
        """A new database, empty or a copy of another (CREATE DATABASE ... TEMPLATE)."""
        name = f"{self.prefix}_{suffix}"
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if copy_of:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(copy_of))
        with self.admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            admin.execute(create)
        self.created.append(name)
        return name

    def drop_all(self):
        with self.admin() as admin:
            for name in self.created:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )

    def url(self, name):
        db = self.settings
        credentials = db["USER"] or ""
        if db["PASSWORD"]:
            credentials += f":{db['PASSWORD']}"
        at = "@" if credentials else ""
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}{at}{db['HOST'] or '127.0.0.1'}{port}/{name}"

    def facts(self, name):
        """Rows per table and every sequence's position: what a restore must bring back."""
        with psycopg.connect(self.url(name)) as conn:
            tables = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
            counts = {
                table: conn.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]
                for (table,) in tables
            }
            sequences = dict(
                conn.execute(
                    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
                ).fetchall()
            )
        return counts, sequences


def environment(database_url, media_root):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "BACKUP_DIR")
    }
    env.update(
        DEBUG="true",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        EMAIL_URL="locmem:",
        PAGE_CACHE="off",
        PIN_NOW=DEMO_TODAY.isoformat(),
    )
    return env


def snapshot(env):
    result = subprocess.run(
        [sys.executable, "-m", "tests.federation.page_snapshot"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def uploads(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def load_site(env, media_root):
    """The demo, and uploads as the storage leaves them (nested folders, binary content)."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    (media_root / "logos").mkdir(parents=True)
    (media_root / "logos" / "Zq3a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (media_root / "convenings" / "documents").mkdir(parents=True)
    (media_root / "convenings" / "documents" / "Kx9.pdf").write_bytes(b"%PDF-1.4 minutes")


def take_backup(env, directory):
    made = make("backup", env, BACKUP_DIR=directory)
    assert made.returncode == 0, made.stdout + made.stderr
    (folder,) = directory.iterdir()
    return folder


def assert_same_pages(before_env, after_env):
    before, after = snapshot(before_env), snapshot(after_env)
    assert set(after) == set(before)
    for page, (status, html) in before.items():
        assert status == 200, f"{page} answered {status} on the source database"
        assert after[page][0] == status, f"{page} answered {after[page][0]} after the restore"
        if after[page][1] != html:
            diff = difflib.unified_diff(
                html.splitlines(), after[page][1].splitlines(), "before", "after", lineterm=""
            )
            pytest.fail(f"{page} differs after the restore:\n" + "\n".join(list(diff)[:40]))
    # The pages show the demo, not an empty site.
    assert "istanbul" in before["/en/convenings/istanbul-general-assembly-2017/"][1].lower()


# -- PostgreSQL: pg_dump / pg_restore ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(django_db_setup, tmp_path_factory):
    """The demo in a database of its own, with uploads, and a backup of it by `make backup`."""
    if connection.vendor != "postgresql":
        _missing("PostgreSQL (set DATABASE_URL)")
    server = Server()
    tmp = tmp_path_factory.mktemp("backup")
    try:
        env = environment(server.url(server.create("source")), tmp / "media")
        load_site(env, tmp / "media")
        folder = take_backup(env, tmp / "backups")
        # As backed up (rendering a signed-in page later adds a session row to the source).
        facts = server.facts(f"{server.prefix}_source")
        yield {"server": server, "env": env, "folder": folder, "tmp": tmp, "facts": facts}
    finally:
        server.drop_all()


@pytest.mark.postgres
def test_a_postgresql_backup_restored_serves_the_same_pages(site, tmp_path):
    server, folder = site["server"], site["folder"]
    assert sorted(path.name for path in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["migrations"]["members"]
    # pg_dump's custom format, which pg_restore reads selectively and in parallel.
    assert (folder / "database.dump").read_bytes().startswith(b"PGDMP")

    restored_media = tmp_path / "restored-media"
    target = environment(server.url(server.create("restored")), restored_media)
    restored = make("restore", target, BACKUP=folder)
    assert restored.returncode == 0, restored.stdout + restored.stderr

    # Every row and every sequence's position (new rows get new ids), and every upload.
    assert server.facts(f"{server.prefix}_restored") == site["facts"]
    assert uploads(restored_media) == uploads(site["tmp"] / "media")
    assert_same_pages(site["env"], target)


@pytest.mark.postgres
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(site, tmp_path):
    server, folder = site["server"], site["folder"]
    # A copy of the site that has moved on since the backup: one more session row.
    live = server.create("live", copy_of=f"{server.prefix}_source")
    with psycopg.connect(server.url(live)) as conn:
        conn.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES ('since-the-backup', '', now())"
        )
    changed = server.facts(live)
    env = environment(server.url(live), tmp_path / "media")

    refused = make("restore", env, BACKUP=folder)
    assert refused.returncode != 0
    assert "already has tables" in refused.stderr
    assert server.facts(live) == changed

    # FORCE=1 replaces the contents (pg_restore --clean): back to the backup's state.
    forced = make("restore", env, BACKUP=folder, FORCE=1)
    assert forced.returncode == 0, forced.stderr
    assert server.facts(live) == site["facts"]


@pytest.mark.postgres
def test_restore_refuses_a_damaged_backup(site, tmp_path):
    server = site["server"]
    damaged = tmp_path / "damaged"
    shutil.copytree(site["folder"], damaged)
    with (damaged / "database.dump").open("ab") as dump:
        dump.write(b"garbage")
    empty = server.create("empty")
    refused = make("restore", environment(server.url(empty), tmp_path / "media"), BACKUP=damaged)
    assert refused.returncode != 0
    assert "checksum" in refused.stderr
    assert server.facts(empty) == ({}, {})


# -- SQLite, the default: a consistent copy of the file ----------------------------------------


def test_a_sqlite_backup_restored_serves_the_same_pages(tmp_path):
    source = environment(f"sqlite:///{tmp_path / 'site.sqlite3'}", tmp_path / "media")
    load_site(source, tmp_path / "media")
    folder = take_backup(source, tmp_path / "backups")
    assert (folder / "database.sqlite3").exists()

    target = environment(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "restored-media")
    restored = make("restore", target, BACKUP=folder)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert uploads(tmp_path / "restored-media") == uploads(tmp_path / "media")
    assert_same_pages(source, target)
