"""A signed-out member who follows a link to a members-only page is offered to sign in and come
back, on a 404 that reads the same whether or not anything exists at the address."""

import re
import urllib.parse

import pytest

from events.models import Convening
from tests.events.factories import ConveningFactory
from tests.members.factories import OrganizationFactory


def _offer(response):
    """The sign-in link's `next`, or None when the page offers no sign-in."""
    match = re.search(r'href="/\w+/accounts/login/\?next=([^"]+)"', response.content.decode())
    return urllib.parse.unquote(match.group(1)) if match else None


@pytest.mark.django_db
def test_a_members_only_convening_and_a_missing_one_give_the_same_sign_in_offer(client):
    ConveningFactory(slug="closed-door", visibility=Convening.Visibility.MEMBERS)
    hidden = client.get("/en/convenings/closed-door/?from=mail")
    missing = client.get("/en/convenings/no-such-thing/?from=mail")
    assert hidden.status_code == missing.status_code == 404
    assert _offer(hidden) == "/en/convenings/closed-door/?from=mail"
    assert _offer(missing) == "/en/convenings/no-such-thing/?from=mail"
    # Apart from the address it would come back to, the page is the same byte for byte.
    assert hidden.content.replace(b"closed-door", b"X") == missing.content.replace(
        b"no-such-thing", b"X"
    )


@pytest.mark.django_db
def test_a_hidden_organization_offers_sign_in_too(client):
    OrganizationFactory(slug="applicant-org", status="applicant")
    response = client.get("/ar/organizations/applicant-org/")
    assert response.status_code == 404
    assert _offer(response) == "/ar/organizations/applicant-org/"


@pytest.mark.django_db
def test_a_signed_in_user_gets_no_sign_in_offer(client, django_user_model):
    user = django_user_model.objects.create_user("someone@example.org", "pw-123456789")
    client.force_login(user)
    response = client.get("/en/convenings/no-such-thing/")
    assert response.status_code == 404
    assert _offer(response) is None
