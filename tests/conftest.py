import os

import pytest
from django.conf import settings
from django.db import connection

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(service):
    """In CI a test that lacks its service fails; on a laptop it is skipped."""
    message = f"{service} is not available"
    if CI:
        pytest.fail(f"{message}, and CI=true requires it", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def require_postgres(db):
    if connection.vendor != "postgresql":
        _missing("PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def require_redis():
    import redis

    if not settings.REDIS_URL:
        _missing("Redis (set REDIS_URL)")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        _missing(f"Redis at {settings.REDIS_URL}")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _simple_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories set a password for every user; the real hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings, monkeypatch):
    # Tests read each response's context and count its queries, the first request of a test
    # like the next: the page cache and the remembered reference rows have their own tests
    # (tests/members/test_pagecache.py), which turn them on.
    from members import memo

    settings.PAGE_CACHE = False

    def load_afresh(key, parts, load):
        return load()

    load_afresh.__wrapped__ = memo.remembered  # tests of the memo put the real one back
    monkeypatch.setattr(memo, "remembered", load_afresh)


@pytest.fixture(autouse=True)
def _fresh_clock():
    # The clock remembers the federation's zone for a minute, and a test's rows are rolled back:
    # each test starts as if no federation row existed (its default zone), which also keeps the
    # zone's one query out of the query counts; saving a Federation sets the zone it holds.
    from members import clock

    clock.remember(clock.DEFAULT_ZONE)
    yield
    clock.forget()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth's rate limits live in the cache; tests must not inherit each other's counts.
    from django.core.cache import cache

    from members import memo

    cache.clear()
    memo.forget()
    yield


from tests.demo import demo_settings  # noqa: E402, F401  (a fixture for the demo tests)
