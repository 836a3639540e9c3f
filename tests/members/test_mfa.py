"""The admin behind the same door: its sign-in is allauth's, and staff (is_staff, secretariat,
tellers) must set up an authenticator app before any other page when STAFF_MFA_REQUIRED is on."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal import auth as totp
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from .factories import PASSWORD, SecretariatFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.STAFF_MFA_REQUIRED = True


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def with_role(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def current_code(secret):
    return totp.format_hotp_value(
        totp.hotp_value(secret, next(totp.yield_hotp_counters_from_time()))
    )


def give_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP

    secret = totp.generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


# The admin's sign-in --------------------------------------------------------------------------


def test_the_admin_login_is_allauths_and_keeps_next(client):
    """/admin/login/ sends to allauth's sign-in (its rate limits, its second factor), with the
    page the visitor wanted."""
    response = client.get("/admin/login/?next=/admin/members/organization/")
    assert response.status_code == 302
    assert response.url.startswith("/ar/accounts/login/")
    assert "next=%2Fadmin%2Fmembers%2Forganization%2F" in response.url

    response = client.get("/admin/")
    assert response.status_code == 302
    followed = client.get(response.url)
    assert followed.status_code == 302
    assert "/accounts/login/?next=%2Fadmin%2F" in followed.url


def test_the_admin_login_form_no_longer_takes_a_password(client):
    """Posting credentials to the old form does not sign in (it would skip the rate limits)."""
    staff = verified(StaffFactory())
    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_account_without_admin_access_is_refused(client):
    """Not staff: 403 at the admin's door, rather than a loop back to the sign-in."""
    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403


def test_signing_in_through_allauth_reaches_the_admin(client):
    """The whole door, with STAFF_MFA_REQUIRED off (the demo)."""
    staff = verified(StaffFactory())
    response = client.post(
        "/en/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


# Staff must enrol --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [StaffFactory, SecretariatFactory, lambda: with_role("secretariat")],
    ids=["superuser", "secretariat-staff", "secretariat-role"],
)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, required, make):
    """The admin, the secretariat's dashboard and the portal's pages all lead to the set-up
    page, with a message saying why."""
    client.force_login(make())
    translation.activate("en")  # the message is read in the language it was written in
    for path in ("/admin/", reverse("dashboard"), reverse("home")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == reverse("mfa_activate_totp"), path
    page = client.get(reverse("mfa_index"))
    assert "Staff accounts need a second factor" in page.content.decode()


def test_tellers_must_enrol_too(client, required):
    """A teller records attendance and room ballots: the same rule."""
    client.force_login(with_role("teller"))
    response = client.get(reverse("home"))
    assert response.url == reverse("mfa_activate_totp")


def test_members_are_not_asked(client, required):
    """A member or coordinator without a role is not sent anywhere."""
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200


def test_nobody_is_asked_when_the_setting_is_off(client, settings):
    """STAFF_MFA_REQUIRED=off (the demo): staff go straight in."""
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(StaffFactory())
    assert client.get("/admin/").status_code == 200


def test_staff_with_an_authenticator_app_go_in(client, required):
    user = StaffFactory()
    give_totp(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_pages_to_set_it_up_and_to_sign_out_stay_open(client, required):
    """Else the redirect would loop: the two-factor pages, re-authentication, the e-mail page,
    the language switch and signing out answer."""
    client.force_login(verified(StaffFactory()))
    for name in ("mfa_index", "account_reauthenticate", "account_email"):
        assert client.get(reverse(name)).status_code == 200, name
    # The set-up page first asks for the password again (allauth's re-authentication).
    response = client.get(reverse("mfa_activate_totp"))
    assert "/accounts/reauthenticate/" in response.url
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_enrolling_then_signing_in_asks_for_the_code(client, required):
    """The whole path: sign in, be sent to the set-up, confirm the password, scan, type the
    code, get recovery codes, reach the admin; the next sign-in asks for the app's code."""
    staff = verified(StaffFactory(email="boss@example.org", preferred_language="en"))
    credentials = {"login": staff.email, "password": PASSWORD}
    response = client.post("/en/accounts/login/?next=/admin/", credentials, follow=True)
    assert response.redirect_chain[-1][0].startswith("/en/accounts/reauthenticate/")
    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/accounts/2fa/totp/activate/"
    secret = client.session["mfa.totp.secret"]
    response = client.post(
        "/en/accounts/2fa/totp/activate/", {"code": current_code(secret)}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    codes = re.findall(r"<code>(\d+)</code>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200

    client.post(reverse("account_logout"))
    response = client.post("/en/accounts/login/?next=/admin/", credentials)
    assert response.url == "/en/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    page = client.get(response.url)
    assert 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(response.url, {"code": codes[0]})  # a recovery code works too
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_sign_in(client, required):
    staff = verified(StaffFactory())
    give_totp(staff)
    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.url == "/en/accounts/2fa/authenticate/"
    response = client.post(response.url, {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


# The set-up page ------------------------------------------------------------------------------


class Inputs(HTMLParser):
    """Every input and the ids labels point at, every resource the page loads."""

    def __init__(self):
        super().__init__()
        self.inputs, self.labelled, self.loads = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") != "hidden":
            self.inputs.append(attrs.get("id"))
        if tag == "label":
            self.labelled.add(attrs.get("for"))
        for name in ("src", "href"):
            if tag in ("img", "script", "link", "iframe") and attrs.get(name):
                self.loads.append(attrs[name])


@pytest.mark.parametrize(("language", "heading"), [("ar", 'lang="ar"'), ("en", 'lang="en"')])
def test_the_set_up_page_in_the_portals_look(client, required, language, heading):
    """Arabic and English in base.html; a label for every input; the QR code drawn inline as
    SVG on the server, so the page loads nothing from elsewhere (and needs no data: image)."""
    staff = verified(StaffFactory())
    client.post(f"/{language}/accounts/login/", {"login": staff.email, "password": PASSWORD})
    client.post(f"/{language}/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get(f"/{language}/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    html = page.content.decode()
    assert heading in html
    assert 'class="site-header"' in html  # base.html
    assert re.search(r'<div class="mfa-qr" role="img" aria-label="[^"]+"><svg ', html)
    assert 'src="data:' not in html
    parser = Inputs()
    parser.feed(html)
    assert parser.inputs and set(parser.inputs) <= parser.labelled
    assert all(url.startswith("/") and not url.startswith("//") for url in parser.loads)
    assert client.session["mfa.totp.secret"] in html  # the key, to type instead of scanning


def test_the_setting_is_on_in_production_and_off_in_the_demo():
    """STAFF_MFA_REQUIRED defaults to `not DEBUG`, and can be set either way."""

    def load(**env):
        clean = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DEBUG", "SECRET_KEY", "STAFF_MFA_REQUIRED")
        }
        return subprocess.run(
            [sys.executable, "-c", "import federation.settings as s; print(s.STAFF_MFA_REQUIRED)"],
            env={**clean, **env},
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        ).stdout.strip()

    assert load(DEBUG="false", SECRET_KEY="x" * 60) == "True"
    assert load(DEBUG="true") == "False"
    assert load(DEBUG="false", SECRET_KEY="x" * 60, STAFF_MFA_REQUIRED="false") == "False"
    assert load(DEBUG="true", STAFF_MFA_REQUIRED="true") == "True"
