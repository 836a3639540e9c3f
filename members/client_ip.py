"""The client's address, behind a known number of reverse proxies.

settings.TRUSTED_PROXY_COUNT is the number of proxies in front of the app, each appending the
address it received the request from to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for).
The client's address is then the entry that many places from the right: everything to its left
came from the client itself and may be invented. With 0 (no proxy) the header is ignored and
REMOTE_ADDR is the client. This holds only if the app cannot be reached except through those
proxies (compose publishes gunicorn on the internal network only).

allauth's rate limits key on this (members.adapters.AccountAdapter.get_client_ip); any other
code that needs the client's address asks here.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    """The address in an X-Forwarded-For entry or REMOTE_ADDR, without a port; None if it is
    not an address (a proxy may write "unknown")."""
    value = value.strip()
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when there is none to be had."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    # Several X-Forwarded-For headers reach Django joined by commas, in order.
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not hops:
        # Not through the proxies (a health check from inside the network): the peer itself.
        return remote
    # Fewer entries than proxies: each was still written by one of them, so the leftmost is the
    # farthest address a trusted proxy saw.
    forwarded = _address(hops[-count] if len(hops) >= count else hops[0])
    return forwarded or remote
