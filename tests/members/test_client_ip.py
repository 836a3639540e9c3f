"""The client's address behind TRUSTED_PROXY_COUNT reverse proxies: counted from the right of
X-Forwarded-For, so what a client writes at its left is never believed."""

import os
import subprocess
import sys

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import RequestFactory

from members.client_ip import client_ip

from .factories import PASSWORD, UserFactory

PROXY = "10.0.0.2"


def request(forwarded=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_header_is_ignored(settings):
    """TRUSTED_PROXY_COUNT=0: anyone can write X-Forwarded-For, so it is not read."""
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.9", remote="198.51.100.7")) == "198.51.100.7"


def test_behind_one_proxy_the_last_entry_is_the_client(settings):
    """The proxy appends the address it saw; a spoofed entry at the left is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("1.1.1.1, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("1.1.1.1,2.2.2.2 ,203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_second_entry_from_the_right(settings):
    """A load balancer in front of nginx: the balancer appends the client, nginx the balancer."""
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("6.6.6.6, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def test_fewer_entries_than_proxies_take_the_leftmost(settings):
    """Each entry was written by one of the trusted proxies, so the leftmost is the farthest
    address one of them saw (and never a 500, as allauth's own reading answers)."""
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request("203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def test_no_header_behind_a_proxy_is_the_peer(settings):
    """A health check from inside the network reaches the app directly."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request()) == PROXY
    assert client_ip(request("")) == PROXY


def test_ports_brackets_and_garbage(settings):
    """An entry with a port is the address; an entry that is no address falls back to the
    peer rather than keying rate limits on text a proxy wrote ("unknown")."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("203.0.113.9:5555")) == "203.0.113.9"
    assert client_ip(request("[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(request("2001:db8::1")) == "2001:db8::1"
    assert client_ip(request("unknown")) == PROXY
    assert client_ip(request("1.1.1.1, <script>")) == PROXY


def test_allauth_reads_the_client_through_it(settings):
    """allauth's rate limits key on our reading (AccountAdapter.get_client_ip)."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_adapter().get_client_ip(request("1.1.1.1, 203.0.113.9")) == "203.0.113.9"


@pytest.mark.django_db
def test_failed_sign_ins_of_one_client_do_not_lock_out_the_others(client, settings):
    """Behind the proxy, every request has the proxy's REMOTE_ADDR: without counting proxies,
    ten failed sign-ins by anyone locked everyone out. Now only that client is limited (after
    60 failures a minute), even when it invents X-Forwarded-For entries to look like someone
    else."""
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(email="member@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for number in range(61):
        client.post(
            "/en/accounts/login/",
            {"login": f"nobody{number}@example.org", "password": "nope"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.66",  # spoofed, then real
        )
    limited = client.post(
        "/en/accounts/login/",
        {"login": "someone@example.org", "password": "nope"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.66",
    )
    assert (
        limited.status_code == 429 or "Too many failed login attempts" in limited.content.decode()
    )

    other = client.post(
        "/en/accounts/login/",
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert other.status_code == 302  # signed in


def test_an_assembly_behind_one_address_signs_in_at_once(db, client, settings):
    """Fifty coordinators at a venue whose network shows one address sign in within the
    minute, while a few of them mistype their password first: nobody is refused."""
    settings.TRUSTED_PROXY_COUNT = 1
    users = UserFactory.create_batch(50)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    venue = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for user in users[:10]:
        client.post("/en/accounts/login/", {"login": user.email, "password": "typo"}, **venue)
    for user in users:
        client.logout()
        answer = client.post(
            "/en/accounts/login/", {"login": user.email, "password": PASSWORD}, **venue
        )
        assert answer.status_code == 302, user.email


def test_guessing_one_account_stops_after_five_tries(db, client, settings):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "guess"})
    answer = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert answer.status_code != 302  # even the right password waits out the 5 minutes


def _load(**env):
    clean = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
    return subprocess.run(
        [sys.executable, "-c", "import federation.settings as s; print(s.TRUSTED_PROXY_COUNT)"],
        env={**clean, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_the_setting_defaults_to_no_proxy_and_is_read_strictly():
    """TRUSTED_PROXY_COUNT: 0 unless set; a negative or malformed value stops start-up."""
    assert _load().stdout.strip() == "0"
    assert _load(TRUSTED_PROXY_COUNT="2").stdout.strip() == "2"
    negative = _load(TRUSTED_PROXY_COUNT="-1")
    assert negative.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a number of proxies" in negative.stderr
    assert "must be a whole number" in _load(TRUSTED_PROXY_COUNT="one").stderr
