"""Sign-in degrades rather than fails: with the cache (Redis) down, rate limits go on per process
instead of a 500; with SMTP down, allauth's mails wait in the outbox instead of a 500."""

import logging
import os
import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail as django_mail
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from members import mail, pagecache
from members.fallback_cache import CacheUnavailable, FallbackCache
from members.models import Message, User

from .factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: every call is refused
SMTP_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,
    "EMAIL_TIMEOUT": 2,
}


def fallback_caches(location=CLOSED_PORT, **extra):
    return {
        "default": {
            "BACKEND": "members.fallback_cache.FallbackCache",
            "PRIMARY": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "tansiq",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "NO_FALLBACK_KEY_PREFIXES": ["pagecache:"],
            **extra,
        }
    }


@pytest.fixture
def redis_down():
    """The production cache configuration, with Redis refusing every connection."""
    with override_settings(CACHES=fallback_caches()):
        cache.clear()  # the in-memory side, from an earlier test
        yield
    from members import fallback_cache

    fallback_cache._states.pop(CLOSED_PORT, None)


def verified_user(email="member@example.org"):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# The cache ------------------------------------------------------------------------------------


def test_production_settings_put_the_fallback_in_front_of_redis():
    """With REDIS_URL set, the default cache is the fallback cache around Redis: without it, a
    Redis outage makes allauth's rate limits raise (the 500s of issue 11)."""
    env = {**os.environ, "DEBUG": "true", "REDIS_URL": CLOSED_PORT}
    script = (
        "import federation.settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['PRIMARY'], c['NO_FALLBACK_KEY_PREFIXES'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    assert result.stdout.split() == [
        "members.fallback_cache.FallbackCache",
        "django.core.cache.backends.redis.RedisCache",
        "['pagecache:']",
    ]


def test_plain_redis_at_a_closed_port_raises():
    """The outage the tests below simulate is real: Django's Redis cache raises on it."""
    import redis
    from django.core.cache.backends.redis import RedisCache

    with pytest.raises(redis.exceptions.ConnectionError):
        RedisCache(CLOSED_PORT, {"OPTIONS": {"socket_connect_timeout": 1}}).get("key")


def test_sign_in_sign_up_and_password_reset_answer_with_redis_down(client, redis_down, caplog):
    """Every allauth page that consumes a rate limit answers (no 500) while Redis is down, and
    the log says the cache is unavailable."""
    client.raise_request_exception = True
    user = verified_user()
    caplog.set_level(logging.WARNING, logger="members.fallback_cache")

    response = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    assert response.status_code == 200  # the form again, with its error
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.post("/en/accounts/logout/")
    response = client.post(
        "/en/accounts/signup/",
        {
            "name": "Huda Haddad",
            "email": "new@example.org",
            "password1": "long-pass-phrase-9",
            "password2": "long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.org").exists()
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert "cache unavailable" in caplog.text


def test_rate_limits_go_on_counting_in_memory_while_redis_is_down(client, redis_down):
    """Failed sign-ins are still limited during the outage (per process): not a 500, not an
    open door for guessing passwords."""
    user = verified_user()
    pages = [
        client.post("/en/accounts/login/", {"login": user.email, "password": "nope"})
        for _ in range(8)
    ]
    assert all(page.status_code in (200, 429) for page in pages)
    assert any(
        page.status_code == 429 or "Too many failed login attempts" in page.content.decode()
        for page in pages
    )


class FlakyCache(LocMemCache):
    """A primary that fails while `down` is true, counting the calls that reached it."""

    down = False
    calls = 0

    def _check(self):
        type(self).calls += 1
        if type(self).down:
            raise ConnectionError("primary down")

    def get(self, *args, **kwargs):
        self._check()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._check()
        return super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        self._check()
        return super().add(*args, **kwargs)


@pytest.fixture
def flaky(monkeypatch):
    from members import fallback_cache

    FlakyCache.down, FlakyCache.calls = False, 0
    monkeypatch.setattr(fallback_cache, "_states", {})
    clock = {"now": 1000.0}
    monkeypatch.setattr(fallback_cache.time, "monotonic", lambda: clock["now"])
    made = FallbackCache(
        "flaky-primary",
        {
            "PRIMARY": "tests.members.test_signin_outages.FlakyCache",
            "RETRY_AFTER": 5,
            "NO_FALLBACK_KEY_PREFIXES": ["shared:"],
        },
    )
    made.primary.clear()
    made.fallback.clear()
    return made, clock


def test_the_fallback_keeps_values_while_the_primary_is_down_then_goes_back(flaky, caplog):
    """Down: values live in the process's memory, and the primary is not asked again for
    RETRY_AFTER seconds (no connection timeout per call). Back: the shared store again."""
    made, clock = flaky
    made.set("count", 1)
    FlakyCache.down = True
    assert made.get("count") is None  # the memory side, empty so far
    made.set("count", 2)
    assert made.get("count") == 2
    assert made.degraded
    calls_while_open = FlakyCache.calls
    made.get("count")
    assert FlakyCache.calls == calls_while_open  # the primary is left alone for a while
    FlakyCache.down = False
    clock["now"] += 6
    assert made.get("count") == 1  # Redis's value: the outage's counts are not copied back
    assert not made.degraded
    assert "cache reachable again" in caplog.text


def test_the_outage_is_logged_once_a_minute(flaky, caplog):
    """A warning when the cache goes away, not one per request."""
    made, clock = flaky
    caplog.set_level(logging.WARNING, logger="members.fallback_cache")
    FlakyCache.down = True
    for _ in range(3):
        made.get("key")
        clock["now"] += 6  # past RETRY_AFTER: the primary is tried (and fails) again
    assert caplog.text.count("cache unavailable") == 1
    clock["now"] += 60
    made.get("key")
    assert caplog.text.count("cache unavailable") == 2


def test_shared_only_keys_raise_instead_of_living_in_one_process(flaky):
    """The page cache's generations must be the same in every process: during an outage they
    raise (the page cache then renders afresh) rather than fall back to this process."""
    made, _clock = flaky
    FlakyCache.down = True
    with pytest.raises(ConnectionError):
        made.get("shared:generation")
    with pytest.raises(CacheUnavailable):  # while the primary is left alone, too
        made.get("shared:generation")
    assert made.get("rate-limit") is None  # other keys fall back


def test_the_page_cache_treats_the_outage_as_a_miss(redis_down, settings):
    """pagecache and members.memo see no generations (so nothing stale is served), and a write
    does not fail."""
    settings.PAGE_CACHE = True
    assert pagecache.generations(("members",)) == ""
    pagecache.bump("members")  # logs, does not raise


# allauth's mails ------------------------------------------------------------------------------


def test_sign_up_with_smtp_down_queues_the_confirmation_and_sends_it_later(client, settings):
    """SMTP down: the sign-up answers as usual and its confirmation waits in the outbox; the
    first send fails and is kept for a retry; once SMTP is back the drain sends it. Before,
    allauth sent directly and the sign-up answered 500."""
    client.raise_request_exception = True
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)
    response = client.post(
        "/ar/accounts/signup/",
        {
            "name": "هدى حداد",
            "email": "new@example.org",
            "password1": "long-pass-phrase-9",
            "password2": "long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    message = Message.objects.get(to_address="new@example.org")
    assert message.kind == "account:email_confirmation_signup"
    assert message.recipient == User.objects.get(email="new@example.org")
    assert message.language == "ar"
    assert re.search("[\u0600-\u06ff]", message.subject + message.body_text)  # the page's
    assert "/ar/accounts/confirm-email/" in message.body_text

    assert mail.deliver(message.pk) is False  # SMTP refuses: kept for a retry
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail.drain(now=timezone.now() + timezone.timedelta(hours=1)) == 1
    [sent] = django_mail.outbox
    assert sent.to == ["new@example.org"]
    assert "/ar/accounts/confirm-email/" in sent.body
    assert not sent.alternatives  # allauth's mails are text only


def test_password_reset_with_smtp_down_answers_and_queues_in_english(client, settings):
    """The reset page answers with SMTP down and the link waits in the outbox, in the
    language of the page it was asked from."""
    client.raise_request_exception = True
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)
    user = verified_user("forgot@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    message = Message.objects.get(to_address=user.email)
    assert (message.kind, message.language) == ("account:password_reset_key", "en")
    assert "/en/accounts/password/reset/key/" in message.body_text


def test_allauth_mails_greet_from_the_federation_not_the_host(client):
    """allauth's "Hello from {site}" names the federation (the RequestSite would say
    "testserver")."""
    from .factories import FederationFactory

    FederationFactory()
    user = verified_user("forgot@example.org")
    client.post("/en/accounts/password/reset/", {"email": user.email})
    message = Message.objects.get(to_address=user.email)
    assert "Union of Syrian Civil Society Organizations" in message.body_text
    assert "testserver!" not in message.body_text


def test_sign_in_links_are_hidden_in_the_admin_and_dropped_once_sent(client, settings):
    """Whoever reads a reset link can take the account, and the secretariat may read the outbox:
    allauth's bodies are not shown in the admin, and are emptied once the mail has left."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = verified_user("forgot@example.org")
    client.post("/en/accounts/password/reset/", {"email": user.email})
    message = Message.objects.get(to_address=user.email)
    link = re.search(r"/en/accounts/password/reset/key/\S+", message.body_text).group(0)

    client.force_login(StaffFactory())
    page = client.get(reverse("admin:members_message_change", args=[message.pk]))
    assert page.status_code == 200
    assert link not in page.content.decode()

    assert mail.deliver(message.pk)
    message.refresh_from_db()
    assert (message.body_text, message.body_html) == ("", "")
    assert link in django_mail.outbox[0].body
