"""SQLite, the embedded default, under a few users writing at once: every write succeeds.

The database is the one the settings configure for a file (DATABASE_URL=sqlite:///…), not
the tests' in-memory one: WAL, a busy timeout and immediate transactions. Each thread runs
what a request's write does — a transaction that reads, then writes — through its own Django
connection; with SQLite's default (deferred) transactions two of them that read at once
cannot both upgrade to a write, and one fails at once with "database is locked".
"""

import runpy
import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction

THREADS = 8
WRITES = 5


@pytest.fixture
def file_database(tmp_path, monkeypatch, django_db_blocker):
    """An alias for a file-based SQLite database configured by federation/settings.py (the
    tests' own database is not used: no django_db mark, only this database unblocked)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'tansiq.sqlite3'}")
    configured = runpy.run_path(str(settings.BASE_DIR / "federation" / "settings.py"))
    alias = "file_sqlite"
    connections.settings[alias] = connections.configure_settings(
        {"default": configured["DATABASES"]["default"]}
    )["default"]
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections[alias]  # this thread's connection object, bound to this test's file
    del connections.settings[alias]


def test_the_settings_give_sqlite_wal_a_busy_timeout_and_immediate_transactions(file_database):
    options = connections.settings[file_database]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    with connections[file_database].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_several_users_writing_at_once_all_succeed(file_database):
    with connections[file_database].cursor() as cursor:
        cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, writer INTEGER, seen INTEGER)")
    start = threading.Barrier(THREADS)
    failures = []

    def write(writer):
        try:
            start.wait()
            for _ in range(WRITES):
                with transaction.atomic(using=file_database):
                    cursor = connections[file_database].cursor()
                    cursor.execute("SELECT count(*) FROM entry")
                    seen = cursor.fetchone()[0]
                    time.sleep(0.005)  # the others read meanwhile
                    cursor.execute(
                        "INSERT INTO entry (writer, seen) VALUES (%s, %s)", [writer, seen]
                    )
        except Exception as error:  # "database is locked": a 500 in a real request
            failures.append(repr(error))
        finally:
            connections[file_database].close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with connections[file_database].cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT seen) FROM entry")
        # Every write landed, and each saw all those before it: they ran one after another.
        assert cursor.fetchone() == (THREADS * WRITES, THREADS * WRITES)
