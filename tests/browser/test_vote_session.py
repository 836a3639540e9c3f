"""A hybrid vote session in the browser: a teller enters the room's ballots on a tablet in one
submit, and the live panel follows an online ballot without being reloaded."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from outcomes import services
from outcomes.models import Ballot, Motion, MotionResult
from tests.events.factories import AttendanceFactory, ConveningFactory
from tests.members.factories import (
    PASSWORD,
    AffiliationFactory,
    OrganizationFactory,
    SecretariatFactory,
    UserFactory,
)
from tests.outcomes.factories import MotionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def sign_in(page, user, next_url):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto(f"/en/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{next_url}")


def hybrid_session(room, online=0, **motion):
    convening = ConveningFactory(slug="ga", title_en="General Assembly")
    motion = MotionFactory(
        convening=convening, status=Motion.Status.OPEN, title_en="Adopt the plan", **motion
    )
    organizations = {"room": [], "online": []}
    for channel, count in (("room", room), ("online", online)):
        for i in range(count):
            organization = OrganizationFactory(name_en=f"{channel.title()} Society {i + 1:02}")
            AttendanceFactory(convening=convening, organization=organization, channel=channel)
            organizations[channel].append(organization)
    return convening, motion, organizations


def test_a_teller_enters_25_room_ballots_in_one_submit(page):
    convening, motion, _organizations = hybrid_session(room=25, online=2)
    teller = UserFactory(name="Tarek Teller")
    teller.groups.add(Group.objects.get(name="teller"))
    convening.tellers.add(teller)
    page.set_viewport_size({"width": 800, "height": 1100})  # a tablet
    sign_in(page, teller, "/en/convenings/ga/tally/")

    rows = page.locator("li.tally-row")
    expect(rows).to_have_count(25)
    # The submit bar stays on screen while the teller works down the list.
    bar = page.locator(".tally-submit").bounding_box()
    assert bar["y"] + bar["height"] <= 1100
    choices = ["Yes"] * 14 + ["No"] * 7 + ["Abstain"] * 4
    for i, choice in enumerate(choices):
        rows.nth(i).get_by_text(choice, exact=True).click()
    expect(rows.nth(0).get_by_role("radio", name="Yes")).to_be_checked()
    assert page.evaluate(NO_OVERFLOW)
    page.set_viewport_size({"width": 390, "height": 844})  # and a phone
    assert page.evaluate(NO_OVERFLOW)
    page.get_by_role("button", name="Save the ballots").click()

    expect(page.locator(".messages")).to_contain_text("25 ballots saved.")
    expect(
        page.get_by_text("Every organization in the room has a recorded ballot.")
    ).to_be_visible()
    assert Ballot.objects.filter(motion=motion, recorded_by=teller, channel="room").count() == 25
    assert page.evaluate(NO_OVERFLOW)

    # The secretariat closes the vote; the stored result has the counts the teller entered.
    services.motion_close(user=SecretariatFactory(), motion=motion)
    stored = MotionResult.objects.get(motion=motion)
    assert (stored.yes, stored.no, stored.abstain, stored.eligible) == (14, 7, 4, 27)
    assert stored.adopted
    page.goto("/en/convenings/ga/live/")
    table = page.locator("table.live-table")
    for row, cells in [
        ("In the room", ["14", "7", "4", "25 / 25"]),
        ("Online", ["0", "0", "0", "0 / 2"]),
        ("In all", ["14", "7", "4", "25 / 27"]),
    ]:
        expect(table.get_by_role("row", name=row).get_by_role("cell")).to_have_text(cells)
    expect(page.locator(".live-verdict")).to_have_text("Adopted")
    expect(page.locator(".live-roll li")).to_have_count(25)
    assert page.evaluate(NO_OVERFLOW)
    for path in ("/ar/convenings/ga/live/", "/ar/convenings/ga/tally/"):  # right to left
        page.goto(path)
        assert page.evaluate(NO_OVERFLOW), path
    assert page.outside_requests == []


def cast_online(chromium, live_server, motion, organization):
    """An online coordinator casts their ballot on the voting page, in a browser of their own."""
    coordinator = AffiliationFactory(organization=organization).user
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    outside = []
    context.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    try:
        voter = context.new_page()
        sign_in(voter, coordinator, "/en/convenings/ga/vote/")
        voter.get_by_role("radio", name="Yes").first.check()
        voter.get_by_role("button", name="Cast the ballot").first.click()
        expect(voter.locator(".messages")).to_contain_text("is recorded")
    finally:
        context.close()
    assert outside == []


def test_the_live_panel_follows_an_online_ballot_without_reloading(page, chromium, live_server):
    _convening, motion, organizations = hybrid_session(room=3, online=2, quorum=50)
    services.room_ballots_record(
        user=SecretariatFactory(),
        motion=motion,
        choices={organizations["room"][0].pk: "yes", organizations["room"][1].pk: "no"},
    )
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector
    page.goto("/en/convenings/ga/live/")
    total = page.locator(".live-total .live-count")
    expect(total).to_have_text("2 / 5")
    expect(page.locator(".live-quorum")).to_have_text("Quorum not reached yet (50% needed).")
    page.evaluate("window.notReloaded = true")

    cast_online(chromium, live_server, motion, organizations["online"][0])
    assert Ballot.objects.filter(motion=motion, channel="online").count() == 1

    # The script fetches every 5 seconds and the JSON is cached for 2.
    expect(total).to_have_text("3 / 5", timeout=15_000)
    expect(page.locator(".live-line", has_text="Online").locator(".live-count")).to_have_text(
        "1 / 2"
    )
    expect(page.locator(".live-quorum")).to_have_text("Quorum reached (50% needed).")
    expect(page.locator("#live-announce")).to_contain_text("3 of 5 organizations have voted")
    assert page.evaluate("window.notReloaded === true")
    # Never a choice while the vote runs.
    panel = page.locator("#live-panel").inner_text()
    assert "Yes" not in panel and "Abstain" not in panel
    assert page.evaluate(NO_OVERFLOW)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(NO_OVERFLOW)
    assert page.outside_requests == []


HIDE = """hidden => {
    Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_the_live_panel_pauses_while_its_tab_is_hidden(page):
    hybrid_session(room=2)
    with page.expect_request("**/live.json", timeout=10_000):
        page.goto("/en/convenings/ga/live/")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.evaluate(HIDE, True)
    page.wait_for_timeout(6_000)  # longer than the 5 seconds between fetches
    assert fetched == []
    # Shown again, it fetches at once rather than after another wait.
    with page.expect_request("**/live.json", timeout=1_000):
        page.evaluate(HIDE, False)
    assert page.outside_requests == []
