"""No enumeration on sign-up: a known address gets the same answer, after the same work (one
password hash), as a new one; its owner is told by e-mail instead."""

import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import get_hasher

from members.models import Message, User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "known@example.org"
NEW = "new@example.org"


def sign_up(client, email):
    password = "long-pass-phrase-9"
    return client.post(
        "/en/accounts/signup/",
        {"name": "Huda Haddad", "email": email, "password1": password, "password2": password},
        follow=True,
    )


@pytest.fixture
def known():
    user = UserFactory(email=KNOWN)
    EmailAddress.objects.create(user=user, email=KNOWN, verified=True, primary=True)
    return user


@pytest.fixture
def hashes():
    """Counts the password hashes computed (the slow part of a sign-up), whatever path asks."""
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        yield encode


def page_text(response, email):
    """The page as a visitor reads it, the address they typed and the form tokens aside."""
    html = response.content.decode().replace(email, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_setting_is_on():
    """allauth's enumeration prevention is what answers a known address without an error."""
    from allauth.account import app_settings

    assert app_settings.PREVENT_ENUMERATION is True


def test_known_and_new_addresses_get_the_same_answer(client, known):
    """Same redirects, same status, same page: the answer does not tell which has an account."""
    new = sign_up(client, NEW)
    client.cookies.clear()
    taken = sign_up(client, KNOWN)
    assert [url for url, _ in taken.redirect_chain] == [url for url, _ in new.redirect_chain]
    assert taken.status_code == new.status_code == 200
    assert page_text(taken, KNOWN) == page_text(new, NEW)
    assert User.objects.filter(email=KNOWN).count() == 1


def test_both_paths_hash_the_password_once(client, known, hashes):
    """The known address used to answer in ~10 ms and a new one in 330-740 ms (the hash): now
    both compute one hash, so the time tells nothing either."""
    sign_up(client, NEW)
    assert hashes.call_count == 1
    hashes.reset_mock()
    client.cookies.clear()
    sign_up(client, KNOWN)
    assert hashes.call_count == 1


def test_the_owner_of_a_known_address_is_told_by_e_mail(client, known):
    """Through the outbox: someone tried to sign up with their address; how to reset the
    password if it was them."""
    sign_up(client, KNOWN)
    message = Message.objects.get(to_address=KNOWN)
    assert message.kind == "account:account_already_exists"
    assert "/en/accounts/password/reset/" in message.body_text
    assert message.language == "en"
