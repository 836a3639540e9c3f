"""Under the Content-Security-Policy, in a real browser: pages, the live panel's script, the
admin's widgets and uploaded images work, and the browser reports no refused script or style."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from events.models import Convening
from members.images import process_image
from tests.events.factories import ConveningFactory, PastConveningFactory
from tests.members.factories import AffiliationFactory, OrganizationFactory, StaffFactory
from tests.outcomes.factories import MotionFactory
from tests.outcomes.voting import attend, closed_with_tallies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_policy(page):
    """The browser's reports of what the policy refused (they come as console errors)."""
    refused = []

    def seen(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", seen)
    return refused


def signed_in(page, user, live_server):
    """Share a session made by Django's test client: the sign-in form has its own tests."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), (10, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_pages_with_bars_and_a_logo_break_no_rule(page):
    refused = watch_policy(page)
    past = PastConveningFactory(slug="ga", visibility=Convening.Visibility.PUBLIC, reported_room=10)
    closed_with_tallies(("room", 10, 6, 2, 1), convening=past)
    organization = OrganizationFactory(slug="hope")
    organization.logo.save("logo.png", process_image(png_upload()))
    page.goto("/ar/convenings/ga/")
    bar = page.locator("meter.bar").first
    expect(bar).to_be_visible()
    # The bar is drawn from its value: 9 of 10 voted fills most of it.
    assert page.evaluate("document.querySelector('meter.bar').value") == 9
    page.goto("/ar/organizations/hope/")
    logo = page.locator("img.logo.large")
    expect(logo).to_be_visible()
    assert page.evaluate("document.querySelector('img.logo.large').naturalWidth") > 0
    assert refused == []


def test_the_live_panel_script_runs_under_the_policy(page):
    refused = watch_policy(page)
    convening = ConveningFactory(slug="now", visibility=Convening.Visibility.PUBLIC)
    motion = MotionFactory(convening=convening, status="open", title_en="Bylaw")
    attend(convening, "online")
    page.goto("/en/convenings/now/live/")
    expect(page.locator("meter.live-bar")).to_have_count(2)
    # live.js redraws the panel when the JSON changes: rename the motion and wait for it.
    motion.title_en = "Bylaw, amended"
    motion.save()
    expect(page.locator("#live-panel h2")).to_contain_text("amended", timeout=15000)
    expect(page.locator("meter.live-bar")).to_have_count(2)
    assert refused == []


def test_the_admin_works_under_its_policy(page, live_server):
    refused = watch_policy(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    coordinator_org = AffiliationFactory().organization
    signed_in(page, StaffFactory(), live_server)
    page.goto(f"/admin/members/organization/{coordinator_org.pk}/change/")
    expect(page.locator(".ui-tabs-nav").first.locator("a")).to_have_count(2)
    response = page.goto("/admin/events/convening/add/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    # The date widgets and the inlines' "add another" are drawn by the admin's scripts.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    expect(page.locator(".add-row a").first).to_be_visible()
    page.locator(".add-row a").first.click()
    assert refused == []
    assert errors == []
