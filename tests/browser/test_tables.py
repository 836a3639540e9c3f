"""Tables that must fit: the tracker at a desk, a vote's result on a phone."""

import io

import pytest
from django.core.management import call_command

from outcomes.models import VotingRules

# outcomes/migrations/0003: the rules every kind of convening starts with.
DEFAULT_RULES = [
    ("general_assembly", True, True),
    ("forum", True, False),
    ("conference", True, False),
    ("other", True, False),
    ("consultation", False, False),
    ("workshop", False, False),
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def load_demo():
    # A transactional test flushes what the data migrations wrote; put the rules back.
    for kind, may_vote, may_amend in DEFAULT_RULES:
        VotingRules.objects.get_or_create(
            kind=kind, defaults={"may_vote": may_vote, "may_amend_bylaws": may_amend}
        )
    call_command("load_demo", "--force", stdout=io.StringIO())


def overflowing(page, selector):
    return page.evaluate(
        "s => [...document.querySelectorAll(s)].filter(e => e.scrollWidth > e.clientWidth).length",
        selector,
    )


def test_the_tracker_fits_a_desk_without_squeezing_the_convening(page):
    load_demo()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/en/recommendations/")
    assert overflowing(page, ".tracker .table-wrap") == 0
    # The convening's title took eight lines when seven columns shared the width.
    lines = page.evaluate(
        "[...document.querySelectorAll('td.convening-cell a')].map(a => a.getClientRects().length)"
    )
    assert lines and max(lines) <= 5, lines


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_result_shows_its_turnout_column_on_a_phone(page, lang):
    load_demo()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"/{lang}/convenings/istanbul-general-assembly-2017/")
    assert page.locator("table.results").count() >= 1
    assert overflowing(page, ".table-wrap:has(> table.results)") == 0
    turnout = page.locator("table.results tr.total td").last
    assert turnout.is_visible() and turnout.bounding_box()["x"] >= 0
