"""The follow-up loop in a browser: the coordinator of the organization in charge of a
recommendation posts progress with evidence, in Arabic, on a phone."""

import pytest
from allauth.account.models import EmailAddress

from outcomes.models import ProgressUpdate, Recommendation
from tests.members.factories import PASSWORD, AffiliationFactory, UserFactory
from tests.outcomes.factories import RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_coordinator_in_charge_posts_an_update_with_evidence_in_arabic(page, tmp_path):
    coordinator = AffiliationFactory(user=UserFactory(name="ليلى حداد")).user
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    recommendation = RecommendationFactory(
        committee=None,
        responsible=coordinator.affiliations.get().organization,
        text_ar="إنشاء شبكات وربطها مع بعض.",
        number=7,
    )
    url = f"/ar/recommendations/{recommendation.convening.slug}/7/"

    page.goto(f"/ar/accounts/login/?next={url}")
    page.locator("#id_login").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url(f"**{url}")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]

    evidence = tmp_path / "محضر.pdf"
    evidence.write_bytes(PDF)
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_progress").fill("٤٠")  # an Arabic keyboard types Arabic digits
    page.locator("#id_note").fill("عُقد أول لقاء للشبكات في غازي عنتاب.")
    page.locator("#id_attachment").set_input_files(str(evidence))
    page.locator(".update-form button[type=submit]").click()
    page.wait_for_url(f"**{url}")

    assert page.locator(".messages").count() == 1
    history = page.locator("table").last
    assert "عُقد أول لقاء للشبكات" in history.inner_text()
    link = history.locator("a[href*='/media/updates/']")
    assert link.count() == 1
    update = ProgressUpdate.objects.get()
    assert (update.author, update.progress, update.attachment.read()) == (coordinator, 40, PDF)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.IN_PROGRESS
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.outside_requests == []
