"""Mixed scripts on Arabic pages: a Latin name in an Arabic line keeps the words around it in
their places (the name is isolated in <bdi>), and arrows point the reading way."""

import pytest

from events.models import ConveningPartner
from tests.events.factories import ConveningPartnerFactory, PastConveningFactory
from tests.members.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_latin_name_in_an_arabic_line_stays_whole_and_before_its_role(page):
    convening = PastConveningFactory(slug="mixed")
    partner = OrganizationFactory(
        status="partner", name_ar="Samer Youssef Foundation (2026)", name_en="Samer Youssef"
    )
    ConveningPartnerFactory(
        convening=convening, organization=partner, role=ConveningPartner.Role.CO_ORGANIZER
    )
    page.goto("/ar/convenings/mixed/")
    line = page.locator("dd ul.plain li").first
    name = line.locator("bdi")
    assert name.inner_text() == "Samer Youssef Foundation (2026)"
    # The isolated name reads left to right inside a right-to-left line.
    assert name.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    # Right to left: the name comes first, so it sits to the right of its role in brackets.
    role = line.locator("span.muted")
    assert name.bounding_box()["x"] > role.bounding_box()["x"]
    # The name's own parenthesis stays at its end, not thrown to the other side of the line.
    text = line.inner_text()
    assert text.startswith("Samer Youssef Foundation (2026)")


def test_the_back_arrow_points_right_in_arabic_and_left_in_english(page):
    PastConveningFactory(slug="arrows")
    for language, flipped in (("ar", True), ("en", False)):
        page.goto(f"/{language}/convenings/arrows/live/")
        arrows = page.locator(".arrow-back")
        assert arrows.count() == 1, language
        transform = arrows.first.evaluate("e => getComputedStyle(e).transform")
        assert (transform != "none") is flipped, language
