"""Personal API tokens: made and revoked by their owner under My account, stored as a hash,
shown once."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from federation import services
from federation.models import ApiToken, token_digest
from members import once
from members.errors import Refused
from tests.members.factories import UserFactory

from .api_world import _generous_limits  # noqa: F401

pytestmark = pytest.mark.django_db

PAGE = "/en/accounts/api-tokens/"


def test_only_a_hash_of_the_token_is_stored():
    user = UserFactory()
    record, token = services.api_token_create(user=user, name="Reports")
    assert re.fullmatch(r"tsq_[A-Za-z0-9_-]{43}", token)
    stored = ApiToken.objects.get(pk=record.pk)
    assert stored.digest == token_digest(token) and token not in repr(vars(stored))
    assert token.startswith(stored.hint)


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_token_needs_a_name_of_reasonable_length(name):
    with pytest.raises(Refused):
        services.api_token_create(user=UserFactory(), name=name)
    assert not ApiToken.objects.exists()


def test_a_user_has_at_most_so_many_tokens_in_use():
    user = UserFactory()
    tokens = [services.api_token_create(user=user, name=f"t{i}")[0] for i in range(10)]
    with pytest.raises(Refused):
        services.api_token_create(user=user, name="one more")
    services.api_token_revoke(user=user, token=tokens[0])
    services.api_token_create(user=user, name="one more")


def test_only_the_owner_revokes_a_token_and_only_once():
    owner = UserFactory()
    record, _token = services.api_token_create(user=owner, name="Reports")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(user=UserFactory(), token=record)
    services.api_token_revoke(user=owner, token=record)
    with pytest.raises(Refused):
        services.api_token_revoke(user=owner, token=record)


def test_the_page_shows_a_new_token_once_then_only_its_start(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(PAGE, {"name": "Reports", once.FIELD: once.new_token()})
    assert response.status_code == 302
    shown = client.get(PAGE)
    token = re.search(r'value="(tsq_[^"]+)"', shown.content.decode()).group(1)
    assert ApiToken.objects.get(user=user).digest == token_digest(token)
    assert "no-store" in shown["Cache-Control"] or "no-cache" in shown["Cache-Control"]
    again = client.get(PAGE).content.decode()
    assert token not in again and ApiToken.objects.get(user=user).hint in again


def test_the_same_form_sent_twice_makes_one_token(client):
    client.force_login(UserFactory())
    data = {"name": "Reports", once.FIELD: once.new_token()}
    client.post(PAGE, data)
    client.post(PAGE, data)
    assert ApiToken.objects.count() == 1


def test_a_revoked_token_stops_working_at_once(client):
    user = UserFactory()
    record, token = services.api_token_create(user=user, name="Reports")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/").status_code == 200
    client.force_login(user)
    response = client.post(f"/en/accounts/api-tokens/{record.pk}/revoke/")
    assert response.status_code == 302
    assert api.get("/api/v1/").status_code == 401


def test_someone_elses_token_cannot_be_revoked_from_the_page(client):
    record, _token = services.api_token_create(user=UserFactory(), name="Reports")
    client.force_login(UserFactory())
    assert client.post(f"/en/accounts/api-tokens/{record.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=record.pk).revoked_at is None


def test_an_inactive_accounts_tokens_open_nothing():
    user = UserFactory()
    _record, token = services.api_token_create(user=user, name="Reports")
    user.is_active = False
    user.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/").status_code == 401
