"""The presence page on a 390 px phone in Arabic: the matrix becomes a list (one place, then its
sectors with a count), nothing overflows, nothing is fetched from elsewhere, and a cell opens
its organizations."""

import datetime

import pytest

from members.models import Place
from tests.members.activities import ActivityFactory
from tests.members.factories import OrganizationFactory, SectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_presence_page_is_a_list_on_a_phone_in_arabic(page):
    relief = SectorFactory(slug="relief", name_ar="الإغاثة", name_en="Relief")
    health = SectorFactory(slug="health", name_ar="الصحة", name_en="Health")
    start = datetime.date(2025, 1, 1)
    for name in ("جمعية الأمل", "جمعية النور", "جمعية غراس الغوطة للإغاثة والتنمية والتعليم"):
        ActivityFactory(
            organization=OrganizationFactory(name_ar=name),
            sector=relief,
            place=Place.objects.get(pk="SY-RD"),
            start=start,
        )
    ActivityFactory(sector=health, place=Place.objects.get(pk="TR-31"), start=start)
    page.goto("/ar/presence/?from=2025-06-01")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The matrix's header row is hidden and its empty cells too: a list of what exists.
    assert not page.locator(".presence-matrix thead").is_visible()
    assert page.locator(".presence-matrix td.empty").first.is_hidden()
    cell = page.locator(".presence-matrix a.shade").filter(has_text="3")
    assert cell.is_visible()
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.presence-matrix td.filled'), '::before').content"
    )
    assert "الإغاثة" in label or "الصحة" in label
    assert page.outside_requests == []
    cell.click()
    page.wait_for_url("**/ar/presence/relief/SY-RD/**")
    assert page.get_by_role("heading", level=1).inner_text() == "الإغاثة — ريف دمشق"
    assert page.get_by_text("جمعية النور").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
