import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from members.models import Message, User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signup_data(email, password="long-pass-phrase-9", name="Huda Haddad"):
    return {"name": name, "email": email, "password1": password, "password2": password}


def outbox():
    """allauth's mails, queued in the outbox (members.adapters); their sending is tested with
    the outbox's (tests/members/test_signin_outages.py)."""
    return list(Message.objects.order_by("pk"))


def confirmation_link(message):
    return re.search(
        r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+/)", message.body_text
    ).group(1)


def test_signing_up_sends_a_verification_email_and_confirming_signs_in(client):
    response = client.post(
        "/en/accounts/signup/",
        signup_data("new@example.org"),
    )
    assert response.status_code == 302
    assert len(outbox()) == 1
    user = User.objects.get(email="new@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    link = confirmation_link(outbox()[0])
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/en/accounts/profile/").status_code == 200


def test_an_unverified_user_cannot_sign_in(client):
    user = UserFactory(email="pending@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/en/accounts/profile/").status_code == 302


def test_sign_in_and_sign_out(client):
    user = UserFactory(email="ok@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    credentials = {"login": "ok@example.org", "password": PASSWORD}
    response = client.post("/en/accounts/login/", credentials)
    assert response.status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 200
    client.post("/en/accounts/logout/")
    assert client.get("/en/accounts/profile/").status_code == 302


def test_a_wrong_password_gets_a_translated_message(client):
    user = UserFactory(email="ok@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/ar/accounts/login/", {"login": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "غير صحيح" in response.content.decode() or "غير صحيحة" in response.content.decode()


def test_the_preferred_language_is_the_one_signed_up_in(client):
    client.post(
        "/en/accounts/signup/",
        signup_data("en@example.org"),
    )
    client.post(
        "/ar/accounts/signup/",
        signup_data("ar@example.org"),
    )
    assert User.objects.get(email="en@example.org").preferred_language == "en"
    assert User.objects.get(email="ar@example.org").preferred_language == "ar"


def test_the_verification_email_is_in_the_page_language(client):
    client.post(
        "/ar/accounts/signup/",
        signup_data("ar@example.org"),
    )
    [message] = outbox()
    assert re.search("[\u0600-\u06ff]", message.subject + message.body_text)


def test_password_reset_sends_a_link(client):
    user = UserFactory(email="forgot@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/en/accounts/password/reset/", {"email": "forgot@example.org"})
    [message] = outbox()
    assert "/en/accounts/password/reset/key/" in message.body_text


def test_the_profile_changes_the_preferred_language(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"name": "Huda", "preferred_language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.preferred_language) == ("Huda", "en")


def test_the_profile_refuses_an_unknown_language(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"name": "Huda", "preferred_language": "xx"})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.preferred_language == "ar"


def test_rate_limits_are_on():
    assert getattr(settings, "ACCOUNT_RATE_LIMITS", None) is not False


def test_repeated_failed_logins_are_rate_limited(client):
    user = UserFactory(email="target@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    statuses = [
        client.post("/en/accounts/login/", {"login": user.email, "password": "nope"}).status_code
        for _ in range(12)
    ]
    assert (
        429 in statuses
        or "Too many"
        in client.post(
            "/en/accounts/login/", {"login": user.email, "password": "nope"}
        ).content.decode()
    )


def test_changing_the_email_address_asks_to_verify_the_new_one(client):
    user = UserFactory(email="old@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.post("/en/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(email="new@example.org", verified=False).exists()
    assert outbox()[-1].to_address == "new@example.org"
