import pytest
from allauth.account.models import EmailAddress

from events.models import Registration
from tests.events.factories import ConveningFactory
from tests.members.factories import PASSWORD, AffiliationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_registers_for_a_convening_and_then_sees_the_join_link(page):
    convening = ConveningFactory(
        slug="assembly", title_en="General Assembly 2026", join_url="https://meet.example.org/x"
    )
    coordinator = AffiliationFactory().user
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    page.goto("/en/accounts/login/?next=/en/convenings/assembly/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/en/convenings/assembly/")
    assert page.get_by_role("link", name="Join link").count() == 0

    page.get_by_role("link", name="Register your organization").click()
    page.get_by_label("Online").check()
    first = page.get_by_role("group", name="Delegate 1")
    first.get_by_label("Name").fill("Huda Ahmad")
    first.get_by_label("Role").fill("Head of delegation")
    page.get_by_role("group", name="Delegate 2").get_by_label("Name").fill("Omar Khalil")
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url("**/en/convenings/assembly/")

    assert "is registered" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Join link").get_attribute("href") == convening.join_url
    registration = Registration.objects.get()
    assert registration.channel == "online"
    assert [(str(delegate.person), delegate.role) for delegate in registration.delegates.all()] == [
        ("Huda Ahmad", "Head of delegation"),
        ("Omar Khalil", ""),
    ]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.outside_requests == []
