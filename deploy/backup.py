"""Back up and restore Tansiq: the database and the uploads, together, in one folder.

    python deploy/backup.py backup [--dir var/backups]     (make backup [BACKUP_DIR=...])
    python deploy/backup.py restore FOLDER [--force]       (make restore BACKUP=FOLDER [FORCE=1])

The database and MEDIA_ROOT are the ones the settings read (DATABASE_URL, MEDIA_ROOT), so the
command backs up exactly what the app uses. A backup is a folder named by its UTC time:

    database.dump     pg_dump's custom format (PostgreSQL), or
    database.sqlite3  a consistent copy made with SQLite's backup API (the default database)
    media.tar.gz      every uploaded file, paths relative to MEDIA_ROOT
    manifest.json     when, from which database, the migrations it holds, each file's SHA-256

It is written as <time>.partial and renamed when complete, so a folder without that suffix is
whole. Restore checks the checksums, then refuses a database that already has tables or a
MEDIA_ROOT that already has files, unless --force: then pg_restore --clean replaces the
database's objects and MEDIA_ROOT is emptied first. Both are checked before either is changed.
Redis is not backed up: it holds the cache and queued tasks, and every e-mail waits in the
outbox table until it is sent. See docs/deployment.md, "Backups".
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class Stop(Exception):
    """A refusal: printed without a traceback, exit status 1."""


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federation.settings")
    import django

    django.setup()


def database():
    from django.conf import settings

    return settings.DATABASES["default"]


def media_root() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def vendor() -> str:
    engine = database()["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise Stop(f"backing up a {engine} database is not supported")


def libpq_environment() -> dict:
    """The connection for pg_dump / pg_restore, passed in libpq's variables: no password on a
    command line that `ps` shows."""
    db = database()
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def run(command, **kwargs):
    try:
        subprocess.run(command, check=True, **kwargs)
    except FileNotFoundError:
        raise Stop(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        ) from None
    except subprocess.CalledProcessError as error:
        raise Stop(f"{command[0]} failed with exit status {error.returncode}") from None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations() -> dict:
    """The last migration applied per app: what code the backup belongs with."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    if not MigrationRecorder(connection).has_table():
        return {}
    last = {}
    for app, name in MigrationRecorder.Migration.objects.order_by("app", "name").values_list(
        "app", "name"
    ):
        last[app] = name
    connection.close()
    return last


# -- backup ------------------------------------------------------------------------------------


def backup(directory: Path) -> Path:
    kind = vendor()
    moment = datetime.datetime.now(datetime.UTC)
    final = directory / moment.strftime("%Y%m%dT%H%M%SZ")
    partial = final.with_name(final.name + ".partial")
    if final.exists() or partial.exists():
        raise Stop(f"{final} already exists: wait a second and run again")
    partial.mkdir(parents=True)
    try:
        if kind == "postgresql":
            run(
                ["pg_dump", "--format=custom", "--compress=6", "--file", str(partial / DUMP)],
                env=libpq_environment(),
            )
            files = [DUMP]
        else:
            copy_sqlite(Path(database()["NAME"]), partial / SQLITE_COPY)
            files = [SQLITE_COPY]
        root = media_root()
        with tarfile.open(partial / MEDIA, "w:gz") as archive:
            if root.is_dir():
                for entry in sorted(root.iterdir()):
                    archive.add(entry, arcname=entry.name)
        files.append(MEDIA)
        manifest = {
            "created_at": moment.isoformat(),
            "database": {"vendor": kind, "name": str(database()["NAME"])},
            "media_root": str(root),
            "migrations": applied_migrations(),
            "files": {name: {"sha256": sha256(partial / name)} for name in files},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def copy_sqlite(source: Path, target: Path):
    if not source.exists():
        raise Stop(f"no SQLite database at {source}")
    # The backup API copies a consistent state even while the site writes.
    live, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()


# -- restore -----------------------------------------------------------------------------------


def verify(folder: Path) -> dict:
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        # A backup made by hand (docs/deployment.md, compose): nothing to check against.
        return {}
    manifest = json.loads(manifest_path.read_text())
    for name, facts in manifest["files"].items():
        path = folder / name
        if not path.exists():
            raise Stop(f"{path} is missing")
        if sha256(path) != facts["sha256"]:
            raise Stop(f"{path} does not match its checksum: the backup is damaged")
    return manifest


def database_has_tables() -> bool:
    from django.db import connection

    try:
        tables = connection.introspection.table_names()
    finally:
        connection.close()
    return bool(tables)


def restore(folder: Path, *, force: bool):
    if not folder.is_dir():
        raise Stop(f"no backup folder at {folder}")
    if folder.name.endswith(".partial"):
        raise Stop(f"{folder} is an unfinished backup")
    verify(folder)
    kind = vendor()
    dump = folder / (DUMP if kind == "postgresql" else SQLITE_COPY)
    if not dump.exists():
        raise Stop(f"{dump} is missing: is DATABASE_URL the same kind of database as the backup's?")
    root = media_root()
    # Both refusals before any change.
    if not force:
        if database_has_tables():
            raise Stop(
                f"the database {database()['NAME']} already has tables: restore into a new, "
                "empty one, or pass --force (FORCE=1) to replace its contents"
            )
        if root.is_dir() and any(root.iterdir()):
            raise Stop(
                f"{root} already holds files: restore into an empty MEDIA_ROOT, or pass "
                "--force (FORCE=1) to replace them"
            )

    if kind == "postgresql":
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                database()["NAME"],
                str(dump),
            ],
            env=libpq_environment(),
        )
    else:
        target = Path(database()["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite(dump, target)

    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(root, filter="data")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="write a new backup folder")
    make.add_argument("--dir", default=os.environ.get("BACKUP_DIR") or "var/backups")
    back = commands.add_parser("restore", help="restore a backup folder")
    back.add_argument("folder")
    back.add_argument("--force", action="store_true", help="replace a non-empty database/media")
    args = parser.parse_args(argv)

    setup_django()
    try:
        if args.command == "backup":
            folder = backup(Path(args.dir))
            print(f"Backup written to {folder}")
        else:
            restore(Path(args.folder), force=args.force)
            print(
                f"Restored {args.folder} into {database()['NAME']} and {media_root()}. "
                "If this code is newer than the backup, run: manage.py migrate"
            )
    except Stop as refusal:
        print(f"{args.command}: {refusal}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
