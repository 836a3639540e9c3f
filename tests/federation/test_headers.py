"""Security headers: a Content-Security-Policy without inline script on every page (and pages
that need no inline script or style to work under it), a Permissions-Policy, and
`Cache-Control: private` on every answer made for one signed-in visitor."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Convening
from members.headers import ADMIN_CSP, PAGE_CSP
from tests.events.factories import ConveningFactory, PastConveningFactory, RegistrationFactory
from tests.members.factories import (
    PASSWORD,
    AffiliationFactory,
    OrganizationFactory,
    StaffFactory,
)
from tests.outcomes.factories import MotionFactory, RecommendationFactory
from tests.outcomes.voting import attend, closed_with_tallies, secretariat, teller_of

pytestmark = pytest.mark.django_db

# A <script> that runs code written in the page: no src, and not a JSON data block.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def directives(header):
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_page_has_a_policy_that_runs_only_this_sites_files():
    response = Client().get("/en/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_every_page_refuses_the_browsers_powerful_features():
    features = Client().get("/en/")["Permissions-Policy"].split(", ")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in features


def test_errors_and_redirects_carry_the_headers_too():
    for path in ("/en/no-such-page/", "/", "/en/dashboard/"):
        response = Client().get(path)
        assert response.status_code in (302, 404)
        assert response["Content-Security-Policy"] == PAGE_CSP
        assert "Permissions-Policy" in response


def test_djangos_debug_error_pages_stay_readable_in_development(settings):
    settings.DEBUG = True
    response = Client().get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response  # Django's page is inline style
    assert Client().get("/en/")["Content-Security-Policy"] == PAGE_CSP


def test_pages_need_no_inline_script_or_style_to_work_under_the_policy():
    """What the policy refuses must not be there: the turnout bars of results and of the live
    panel were style attributes."""
    past = PastConveningFactory(slug="ga", visibility=Convening.Visibility.PUBLIC, reported_room=10)
    closed_with_tallies(("room", 10, 6, 2, 1), convening=past)
    RecommendationFactory(convening=past)
    convening = ConveningFactory(slug="now", visibility=Convening.Visibility.PUBLIC)
    MotionFactory(convening=convening, status="open")
    attend(convening, "room")
    OrganizationFactory(slug="hope")
    pages = [
        "/en/",
        "/en/convenings/ga/",
        "/en/convenings/now/live/",
        "/en/recommendations/",
        "/en/organizations/",
        "/en/organizations/hope/",
    ]
    seen = ""
    for user in (None, secretariat()):
        client = client_for(user)
        own = ["/en/convenings/now/tally/"] if user else ["/en/accounts/login/"]
        for path in [*pages, *own]:
            response = client.get(path)
            assert response.status_code == 200, path
            page = response.content.decode()
            assert not INLINE_SCRIPT.search(page), path
            assert not STYLE_ATTRIBUTE.search(page), (path, STYLE_ATTRIBUTE.search(page))
            seen += page
    assert '<meter class="bar"' in seen and '<meter class="live-bar"' in seen


def test_the_admin_works_under_its_policy_which_allows_inline_styles_only():
    policy = directives(ADMIN_CSP)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    client = client_for(StaffFactory())
    for path in ("/admin/", "/admin/events/convening/add/", "/admin/members/organization/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == ADMIN_CSP
        assert not INLINE_SCRIPT.search(response.content.decode()), path
    assert Client().get("/admin/login/")["Content-Security-Policy"] == ADMIN_CSP


# Cache-Control ---------------------------------------------------------------------------------


def test_pages_made_for_a_signed_in_visitor_are_private():
    convening = ConveningFactory(slug="ga", join_url="https://meet.example.org/secret-room")
    organization = OrganizationFactory(slug="hope")
    coordinator = AffiliationFactory(organization=organization).user
    RegistrationFactory(convening=convening, organization=organization)
    MotionFactory(convening=convening, status="open")
    pages = {
        coordinator: [
            "/en/convenings/ga/",  # shows the join link to registered organizations
            "/en/convenings/ga/vote/",
            "/en/accounts/profile/",
            "/en/organizations/hope/people/",
            "/en/",
        ],
        secretariat(): ["/en/dashboard/"],
        teller_of(convening): ["/en/convenings/ga/tally/"],
    }
    for user, paths in pages.items():
        client = client_for(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert "private" in response["Cache-Control"], path
    assert "secret-room" in client_for(coordinator).get("/en/convenings/ga/").content.decode()


def test_the_same_page_is_shareable_for_visitors_and_private_once_signed_in():
    client = Client()
    assert "private" not in client.get("/en/organizations/").get("Cache-Control", "")
    response = client.post(
        reverse("account_login"), {"login": AffiliationFactory().user.email, "password": PASSWORD}
    )
    assert response.cookies  # the session starts here
    assert "private" in response["Cache-Control"]
    assert "private" in client.get("/en/organizations/")["Cache-Control"]
