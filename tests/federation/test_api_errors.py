"""Malformed parameters, wrong methods and too many requests: JSON errors with a translated
message, never a server error."""

import secrets

import pytest
from django.test import Client

from federation.api import cursor, throttle
from tests.members.factories import OrganizationFactory

from .api_world import _generous_limits, get, token_for  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


MALFORMED = [
    "/api/v1/organizations/?cursor=not-a-cursor",
    "/api/v1/organizations/?cursor=",
    "/api/v1/organizations/?cursor=" + "x" * 5000,
    "/api/v1/organizations/?limit=0",
    "/api/v1/organizations/?limit=abc",
    "/api/v1/organizations/?limit=%D9%A3",  # Arabic-Indic three
    "/api/v1/organizations/?limit=99999999999999999999999",
    "/api/v1/organizations/?limit=201",
    "/api/v1/organizations/?q=a%00b",
    "/api/v1/organizations/?country=%00",
    "/api/v1/organizations/?sector=not%20a%20slug",
    "/api/v1/organizations/?branch=%D9%A3",
    "/api/v1/organizations/?status=nonsense",
    "/api/v1/convenings/?year=%D9%A2%D9%A0%D9%A1%D9%A7",  # ٢٠١٧
    "/api/v1/convenings/?year=2017.5",
    "/api/v1/convenings/?year=%C2%B2",  # ²
    "/api/v1/recommendations/?due_after=yesterday",
    "/api/v1/recommendations/?overdue=maybe",
    "/api/v1/recommendations/?sector=%00",
    "/api/v1/motions/?convening=not%20a%20slug",
    "/api/v1/motions/?status=%00",
    "/api/v1/committees/?active=perhaps",
    "/api/v1/organizations/?lang=fr",
]


@pytest.mark.parametrize("path", MALFORMED)
def test_a_malformed_parameter_is_a_400_in_json_naming_it(client, path):
    OrganizationFactory()
    response, body = get(client, path)
    assert response.status_code == 400, body
    assert body["error"]["code"] == "bad_parameter"
    assert body["error"]["fields"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/motions/%D9%A3/",  # ٣
        "/api/v1/motions/0/",
        "/api/v1/motions/-1/",
        "/api/v1/motions/99999999999999999999999/",
        "/api/v1/recommendations/1e3/",
        "/api/v1/organizations/not%20a%20slug/",
        "/api/v1/organizations/a%00b/",
        "/api/v1/organizations/no-such-org/",
        "/api/v1/nothing-here/",
    ],
)
def test_a_malformed_or_unknown_address_is_a_404_in_json(client, path):
    response, body = get(client, path)
    assert response.status_code == 404
    assert body["error"]["code"] == "not_found"


def test_a_cursor_of_another_list_is_refused(client):
    OrganizationFactory()
    other = cursor.encode("convenings", 1)
    response, body = get(client, f"/api/v1/organizations/?cursor={other}")
    assert response.status_code == 400
    assert "cursor" in body["error"]["fields"]


def test_an_edited_cursor_is_refused(client):
    made = cursor.encode("organizations", 5)
    edited = made.replace(made[2], "A" if made[2] != "A" else "B", 1)
    response, _body = get(client, f"/api/v1/organizations/?cursor={edited}")
    assert response.status_code == 400


def test_messages_follow_lang_then_accept_language(client):
    _response, arabic = get(client, "/api/v1/organizations/?limit=0", HTTP_ACCEPT_LANGUAGE="ar")
    _response, asked = get(client, "/api/v1/organizations/?limit=0&lang=en")
    response, by_header = get(client, "/api/v1/organizations/?limit=0", HTTP_ACCEPT_LANGUAGE="en")
    assert asked["error"]["message"] == by_header["error"]["message"]
    assert "not understood" in by_header["error"]["message"]
    assert arabic["error"]["message"]  # (its wording comes with the Arabic catalogue)
    assert response["Content-Language"] == "en"
    assert client.get("/api/v1/?lang=ar")["Content-Language"] == "ar"


def test_the_api_only_reads(client):
    response = client.post("/api/v1/organizations/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_an_address_without_its_slash_is_sent_to_it(client):
    response = client.get("/api/v1/organizations?limit=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/organizations/?limit=2"


class TestRateLimits:
    @pytest.fixture(autouse=True)
    def _low_limits(self, settings, monkeypatch):
        # Counters of earlier runs (the cache may be Redis) do not count here.
        monkeypatch.setattr(throttle, "KEY_PREFIX", f"api:rate:test:{secrets.token_hex(8)}")
        settings.API_RATE_LIMIT = 3
        settings.API_TOKEN_RATE_LIMIT = 5

    def test_an_address_gets_a_429_with_retry_after_past_its_limit(self, client):
        for _ in range(3):
            assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.7").status_code == 200
        response, body = get(client, "/api/v1/", REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 429
        assert body["error"]["code"] == "rate_limited"
        assert 1 <= int(response["Retry-After"]) <= 60
        # Another address is counted apart.
        assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.8").status_code == 200

    def test_the_address_is_the_one_the_trusted_proxy_saw(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        for _ in range(3):
            client.get("/api/v1/", HTTP_X_FORWARDED_FOR="198.51.100.1")
        # The same proxy, another client: not limited; the first client is.
        assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
        assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429

    def test_a_token_has_its_own_limit_apart_from_its_address(self, client):
        from tests.members.factories import UserFactory

        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(UserFactory())}"}
        for _ in range(5):
            assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.9", **headers).status_code == 200
        assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.9", **headers).status_code == 429
        # The address itself was not counted.
        assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.9").status_code == 200

    def test_refused_tokens_count_against_the_address(self, client):
        bad = {"HTTP_AUTHORIZATION": "Bearer tsq_" + "x" * 43}
        for _ in range(3):
            assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.10", **bad).status_code == 401
        assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.10", **bad).status_code == 429
