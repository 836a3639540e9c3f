"""The settings module reads the environment strictly; production secrets have no defaults."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from federation.settings import email_settings


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", "import federation.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_stops_start_up():
    result = load_settings(DEBUG="maybe")
    assert "DEBUG must be a boolean" in result.stderr


def test_a_malformed_number_stops_start_up():
    result = load_settings(DEBUG="true", DATABASE_CONN_MAX_AGE="ten")
    assert "DATABASE_CONN_MAX_AGE must be a whole number" in result.stderr


def test_production_settings_load_with_their_secrets():
    assert load_settings(DEBUG="false", SECRET_KEY="x" * 60).returncode == 0


def test_email_url_forms():
    assert email_settings("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_settings("smtp://user:p%40ss@mail.example.org:587?tls=1")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_PASSWORD"]) == (
        "mail.example.org",
        587,
        "p@ss",
    )
    assert smtp["EMAIL_USE_TLS"] is True
    with pytest.raises(ImproperlyConfigured):
        email_settings("carrier-pigeon://loft")


def test_check_deploy_prints_no_warning():
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG",)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "example.org",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_database_connections_persist_with_health_checks():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_postgresql_sessions_plan_for_tables_held_in_memory(require_postgres):
    """Each connection sets the planner as docs/performance.md measured it: no parallel plans,
    random reads priced near sequential ones (at the default, a search read all 100,000
    organizations instead of the trigram index's 6,652 matches), and a statement timeout."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
