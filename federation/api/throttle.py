"""Rate limits: requests per minute per personal token (or signed-in account) and per address.

A fixed one-minute window counted in the cache (Redis in production, shared by every worker).
Anonymous requests, and requests whose token was refused, count against the client's address
(members.client_ip, behind TRUSTED_PROXY_COUNT proxies); a token's requests against the token,
a session's against the account. If the cache cannot be reached the request goes through: the
limit protects the service, it must not take it down.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

from members.client_ip import client_ip

from .errors import ApiError

log = logging.getLogger(__name__)
WINDOW = 60  # seconds
KEY_PREFIX = "api:rate"


def bucket(request, user, token):
    """(key, limit) the request counts against."""
    if token is not None:
        return f"token:{token.pk}", settings.API_TOKEN_RATE_LIMIT
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}", settings.API_TOKEN_RATE_LIMIT
    return f"address:{client_ip(request) or 'unknown'}", settings.API_RATE_LIMIT


def check(request, user, token, *, now=None):
    """Count this request; ApiError 429 (with Retry-After) once over the limit."""
    key, limit = bucket(request, user, token)
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    cache_key = f"{KEY_PREFIX}:{key}:{window}"
    try:
        cache.add(cache_key, 0, timeout=WINDOW * 2)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=WINDOW * 2)
            count = 1
    except Exception as error:
        log.warning("API rate limit not checked, cache unavailable: %s", error)
        return
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW - now))
        raise ApiError(
            429,
            "rate_limited",
            ngettext(
                "Too many requests: at most %(limit)d a minute. Try again in %(seconds)d second.",
                "Too many requests: at most %(limit)d a minute. Try again in %(seconds)d seconds.",
                retry_after,
            )
            % {"limit": limit, "seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )
