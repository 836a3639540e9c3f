import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from outcomes.models import Ballot
from tests.events.factories import AttendanceFactory, ConveningFactory
from tests.members.factories import PASSWORD, AffiliationFactory, OrganizationFactory
from tests.outcomes.factories import MotionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_votes_online_with_the_keyboard(page):
    motion = MotionFactory(
        status="open", title_en="Approve the branches bylaw", convening=ConveningFactory(slug="ga")
    )
    organization = OrganizationFactory(name_en="Hope Society")
    AttendanceFactory(convening=motion.convening, organization=organization, channel="online")
    coordinator = AffiliationFactory(organization=organization).user
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    page.goto("/en/accounts/login/?next=/en/convenings/ga/vote/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/convenings/ga/vote/")

    page.get_by_role("radio", name="Yes").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Cast the ballot").focus()
    page.keyboard.press("Enter")

    # The ballot posts and comes back to the same URL: wait for the page to say so.
    expect(page.locator(".messages")).to_contain_text("is recorded")
    expect(page.get_by_text("Hope Society has voted.")).to_be_visible()
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["yes"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.outside_requests == []
