"""The secretariat writes the discussion of a convening's minutes, approves and publishes them,
in Arabic, on a phone; a visitor then reads them and finds the PDF and the .docx."""

import pytest
from allauth.account.models import EmailAddress

from outcomes.models import Minutes, MinutesDiscussion
from tests.events.factories import AgendaItemFactory, PastConveningFactory
from tests.members.factories import PASSWORD, SecretariatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_approves_and_publishes_minutes(page):
    secretariat = SecretariatFactory()
    EmailAddress.objects.create(
        user=secretariat, email=secretariat.email, verified=True, primary=True
    )
    convening = PastConveningFactory(title_ar="اللقاء التنسيقي")
    item = AgendaItemFactory(convening=convening, title_ar="الافتتاح")
    url = f"/ar/convenings/{convening.slug}/minutes/edit/"

    page.goto(f"/ar/accounts/login/?next={url}")
    page.locator("#id_login").fill(secretariat.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url(f"**{url}")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]

    page.locator(f"#id_s{item.pk}-text_ar").fill("ناقش الحاضرون آليات التنسيق.")
    page.locator(".minutes-discussion button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    assert MinutesDiscussion.objects.get().text_ar == "ناقش الحاضرون آليات التنسيق."

    page.locator("form:has(input[value=approve]) button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    assert Minutes.objects.get().state == Minutes.State.APPROVED
    page.locator("form:has(input[value=publish]) button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    assert Minutes.objects.get().state == Minutes.State.PUBLISHED
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.context.clear_cookies()
    page.goto(f"/ar/convenings/{convening.slug}/")
    page.locator(".minutes-links a").first.click()
    page.wait_for_url(f"**/ar/convenings/{convening.slug}/minutes/")
    assert "ناقش الحاضرون آليات التنسيق." in page.locator("article.minutes").inner_text()
    assert page.locator(f"a[href='/ar/convenings/{convening.slug}/minutes.pdf']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.outside_requests == []
