"""A cache that degrades instead of failing: Redis while it answers, this process's memory while
it does not.

Django's cache holds allauth's rate limits, so with Redis down every sign-in, sign-up and
password reset answered 500. Configured as the default cache (federation/settings.py), this
backend hands every call to the real one (PRIMARY, Redis) and, when that raises a connection
error, to a LocMemCache in the process: rate limits go on counting, per process, and the live
panel keeps its short cache. A warning is logged at most once a minute while Redis is away,
and a line when it is back. After a failure the primary is left alone for RETRY_AFTER seconds,
so a request during an outage does not wait for a connection timeout on each of its calls.

What was kept in memory during the outage is not copied back: the counts restart from what
Redis holds, which only loosens a rate limit for one window.

Keys starting with one of NO_FALLBACK_KEY_PREFIXES raise instead (CacheUnavailable): the page
cache's generations ("pagecache:") must be the same in every process, since a write in one
process invalidates the pages every process serves. A per-process copy would let a process
serve pages and reference rows (members.memo) it never learns are stale; members.pagecache
already treats an error as a miss, which is correct there.
"""

import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

WARN_EVERY = 60.0  # seconds between two warnings about the same outage


class CacheUnavailable(ConnectionError):
    """The primary cache is down and this key must not be kept per process (a ConnectionError:
    callers that survive an outage catch it already)."""


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    else:
        # Any Redis error means the store cannot be used now (refused, timed out, loading,
        # read-only replica, out of memory); incr's ValueError on a missing key is not one.
        errors.append(redis.exceptions.RedisError)
    return tuple(errors)


@dataclass
class _State:
    """Shared by every thread's instance of the same cache (Django makes one per thread)."""

    down_until: float = 0.0
    down: bool = False
    last_warning: float = float("-inf")
    lock: threading.Lock = field(default_factory=threading.Lock)


_states: dict[str, _State] = {}
_states_lock = threading.Lock()


def _state_for(name: str) -> _State:
    with _states_lock:
        return _states.setdefault(name, _State())


class FallbackCache(BaseCache):
    """CACHES entry: BACKEND "members.fallback_cache.FallbackCache", LOCATION and OPTIONS of the
    primary, and optionally PRIMARY (its backend; default Redis), RETRY_AFTER (seconds, default
    5), NO_FALLBACK_KEY_PREFIXES, FALLBACK_MAX_ENTRIES (default 10000)."""

    def __init__(self, location, params):
        params = dict(params)
        primary_backend = params.pop("PRIMARY", "django.core.cache.backends.redis.RedisCache")
        self.retry_after = float(params.pop("RETRY_AFTER", 5))
        self.no_fallback_prefixes = tuple(params.pop("NO_FALLBACK_KEY_PREFIXES", ()))
        max_entries = params.pop("FALLBACK_MAX_ENTRIES", 10000)
        super().__init__(params)
        self.location = location
        self.primary = import_string(primary_backend)(location, params)
        self.fallback = LocMemCache(
            f"fallback:{location}",
            {
                **{k: v for k, v in params.items() if k != "OPTIONS"},
                "OPTIONS": {"MAX_ENTRIES": max_entries},
            },
        )
        self.errors = _unavailable_errors()
        self.state = _state_for(location)

    # The dispatcher ---------------------------------------------------------------------------

    def _shared_only(self, keys) -> bool:
        if not self.no_fallback_prefixes:
            return False
        if isinstance(keys, str):
            keys = (keys,)
        return any(str(key).startswith(self.no_fallback_prefixes) for key in keys)

    def _call(self, method: str, keys, *args, **kwargs):
        state = self.state
        shared_only = self._shared_only(keys)
        if time.monotonic() < state.down_until:
            if shared_only:
                raise CacheUnavailable(f"cache {self.location} is unavailable")
            return getattr(self.fallback, method)(keys, *args, **kwargs)
        try:
            result = getattr(self.primary, method)(keys, *args, **kwargs)
        except self.errors as error:
            self._failed(error)
            if shared_only:
                raise
            return getattr(self.fallback, method)(keys, *args, **kwargs)
        if state.down:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        state = self.state
        now = time.monotonic()
        with state.lock:
            state.down = True
            state.down_until = now + self.retry_after
            warn = now - state.last_warning >= WARN_EVERY
            if warn:
                state.last_warning = now
        if warn:
            log.warning(
                "cache unavailable (%s: %s); using this process's memory instead: rate limits "
                "count per process until it is back",
                type(error).__name__,
                error,
            )

    def _recovered(self) -> None:
        state = self.state
        with state.lock:
            if not state.down:
                return
            state.down = False
            state.down_until = 0.0
            state.last_warning = float("-inf")
        log.info("cache reachable again; back to the shared cache")

    @property
    def degraded(self) -> bool:
        """Whether the last call found the primary down (for health checks and tests)."""
        return self.state.down

    # Django's cache API -------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta=delta, version=version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._call("get_many", keys, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self.fallback.clear()
        try:
            self.primary.clear()
        except self.errors as error:
            self._failed(error)

    def close(self, **kwargs):
        with contextlib.suppress(*self.errors):
            self.primary.close(**kwargs)
