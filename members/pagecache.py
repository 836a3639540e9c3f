"""Whole-page cache for anonymous visitors, invalidated by the writes that change what it holds.

Only pages that show nothing private are cached, and only for requests that carry nothing
private: no session cookie, no pending message. A cached page is keyed by its full path (the
language is in it) and by the generation of every part of the data it shows ("members",
"events", "outcomes"). Each save or delete of a model registered with `watch()` bumps its
part's generation, so the next request misses and renders fresh; stale entries simply expire.
Writes that bypass signals (queryset.update, bulk_create) call `bump()` themselves.

`PAGE_CACHE=off` turns every page and fragment cache off (settings.PAGE_CACHE), to measure and
to debug what the pages cost without it.

The cache is Django's default cache: Redis when REDIS_URL is set (shared by every process, so
one write invalidates every replica), the process's memory otherwise. A cache outage is never
an error: the page is rendered as if nothing were cached.
"""

import functools
import hashlib
import logging
import random

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from . import clock

log = logging.getLogger(__name__)

PARTS = ("members", "events", "outcomes")
TIMEOUT = 300  # seconds; a generation bump makes entries unreachable sooner


def enabled() -> bool:
    return settings.PAGE_CACHE


def _generation_key(part: str) -> str:
    return f"pagecache:generation:{part}"


def generations(parts) -> str:
    """The current generation of each part, as one string; "" when the cache is unreachable.

    A part with no generation yet (a new or emptied cache) starts at a random number, so
    nothing remembered under an earlier generation can match it by chance."""
    keys = [_generation_key(part) for part in parts]
    try:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                cache.add(key, random.randrange(1 << 40), timeout=None)
                found[key] = cache.get(key)
    except Exception as error:  # a cache outage: behave as a miss
        log.warning("page cache unavailable: %s", error)
        return ""
    return ".".join(str(found[key]) for key in keys)


def bump(*parts: str) -> None:
    """Make every cached page and remembered row showing these parts stale."""
    from . import memo  # memo reads the generations kept here

    memo.forget()
    for part in parts or PARTS:
        key = _generation_key(part)
        try:
            if cache.add(key, random.randrange(1 << 40), timeout=None):
                continue
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, random.randrange(1 << 40), timeout=None)
        except Exception as error:
            log.warning("page cache unavailable, %s not invalidated: %s", part, error)


def watch(part: str, *models) -> None:
    """Bump `part` whenever one of `models` is saved or deleted, or one of its many-to-many
    relations changes (call from AppConfig.ready)."""

    def changed(sender, **kwargs):
        bump(part)

    for model in models:
        uid = f"pagecache-{part}-{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                changed,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}-{field.name}-m2m",
            )


def cacheable(request: HttpRequest) -> bool:
    """A request whose answer may be shared: a GET by a visitor with no session and no pending
    message."""
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _key(request: HttpRequest, parts) -> str:
    # The federation's date is part of the key: "overdue" and "upcoming" change at midnight.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:page:{clock.federation_today()}:{generations(parts)}:{path}"


def public_page(*parts: str, timeout: int = TIMEOUT):
    """Cache a view's anonymous 200 answers; `parts` are the data it shows."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request, parts)
            try:
                cached = cache.get(key)
            except Exception as error:
                log.warning("page cache unavailable: %s", error)
                cached = None
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                patch_vary_headers(response, ("Cookie",))
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies and not response.streaming:
                try:
                    cache.set(key, (response.content, response["Content-Type"]), timeout)
                except Exception as error:
                    log.warning("page cache unavailable: %s", error)
                response["X-Page-Cache"] = "miss"
            patch_vary_headers(response, ("Cookie",))
            return response

        return wrapper

    return decorator
