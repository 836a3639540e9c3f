"""The convening page's outcomes (stored results, roll calls, corrections, the open-vote banner)
and the online vote page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from outcomes import services
from outcomes.models import Ballot, Motion
from tests.events.factories import (
    AttendanceFactory,
    ConveningFactory,
    PastConveningFactory,
    in_days,
)
from tests.members.factories import (
    AffiliationFactory,
    StaffFactory,
    UserFactory,
)

from .factories import MotionFactory, ProgressUpdateFactory, RecommendationFactory
from .voting import (
    attend,
    bare_staff,
    cast,
    close,
    closed_with_tallies,
    coordinator_of,
    letter,
    open_motion,
    room,
    secretariat,
    teller_of,
)

pytestmark = pytest.mark.django_db


def body(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def page_of(client, convening):
    return body(client, f"/en/convenings/{convening.slug}/")


def article(page, motion):
    """The part of the convening page about one motion."""
    start = page.index(f'id="motion-{motion.pk}"')
    return page[start : page.index("</article>", start)]


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def live_url(convening):
    try:
        return reverse("outcomes:convening_live", kwargs={"slug": convening.slug})
    except NoReverseMatch:
        return None


# Stored results on the convening page ---------------------------------------------------------


def test_the_convening_page_shows_the_stored_vote_per_channel_and_the_recommendations(client):
    motion = closed_with_tallies(
        ("room", 25, 24, 0, 0),
        ("online", 29, 9, 0, 0),
        title_en="Branches bylaw",
        convening__reported_room=25,
        convening__reported_online=29,
    )
    RecommendationFactory(
        convening=motion.convening,
        text_en="Form an advocacy committee",
        progress=40,
        status="in_progress",
    )
    page = page_of(client, motion.convening)
    assert "Branches bylaw" in page and "Adopted" in page
    assert "24" in page and "9 / 29" in page and "33 / 54" in page
    assert "Form an advocacy committee" in page and "40%" in page


def test_the_turnout_bar_shows_who_voted_not_who_said_yes(client):
    motion = closed_with_tallies(("room", 10, 2, 6, 1), convening__reported_room=10)
    part = article(page_of(client, motion.convening), motion)
    assert "9 / 10" in part
    assert 'max="10" value="9"' in part  # 9 of 10 voted
    assert 'value="2"' not in part  # not the 2 of 10 who said yes
    assert "Rejected" in part


def test_the_page_reads_the_stored_result_not_a_recount(client):
    """The issue's example: adopted at close by an absolute majority, still adopted after four
    late check-ins and with the motion's rule changed behind the services' back."""
    motion = open_motion(majority_rule=Motion.Rule.ABSOLUTE, quorum=50, title_en="Budget")
    present = [attend(motion, "room") for _ in range(7)]
    teller = teller_of(motion.convening)
    room(teller, motion, dict(zip(present, ["yes"] * 4 + ["no"] * 3, strict=True)))
    close(motion, user=secretariat())
    for _ in range(4):
        AttendanceFactory(convening=motion.convening, channel="room")
    Motion.objects.filter(pk=motion.pk).update(majority_rule=Motion.Rule.SIMPLE, quorum=0)
    part = article(page_of(client, motion.convening), motion)
    assert "Adopted" in part and "7 / 7" in part and "7 / 11" not in part
    assert str(Motion.Rule.ABSOLUTE.label) in part and "Quorum 50%" in part
    assert str(Motion.Rule.SIMPLE.label) not in part


def test_the_page_says_who_closed_the_vote_and_when(client):
    motion = open_motion(convening=PastConveningFactory(timezone="Asia/Damascus"))
    user = secretariat()
    user.name = "أمينة السر"
    user.save()
    close(motion, user=user)
    part = article(page_of(client, motion.convening), motion)
    assert "Closed by <bdi>أمينة السر</bdi> on" in part
    assert user.email not in part


def test_a_vote_closed_by_the_system_names_nobody(client):
    motion = open_motion()
    motion = close(motion, user=StaffFactory(name=""))
    part = article(page_of(client, motion.convening), motion)
    assert "Closed on" in part and "Closed by" not in part


def test_a_small_secret_channel_is_shown_only_inside_the_total(client):
    motion = open_motion(ballot_kind="secret")
    in_room = [attend(motion, "room") for _ in range(4)]
    room(teller_of(motion.convening), motion, dict.fromkeys(in_room, "yes"))
    online = attend(motion, "online", name_en="Lonely online voter")
    cast(coordinator_of(online), motion, online, "no")
    close(motion)
    client.force_login(StaffFactory())  # nobody sees more, superuser included
    part = article(page_of(client, motion.convening), motion)
    assert "4 / 5" not in part and "1 / 1" not in part  # no line per channel
    assert "5 / 5" in part  # the total
    assert "counted only in the total" in part
    assert "Lonely online voter" not in part and "Roll call" not in part


def test_a_secret_vote_with_enough_voters_per_channel_shows_its_channels(client):
    motion = open_motion(ballot_kind="secret")
    in_room = [attend(motion, "room") for _ in range(4)]
    room(
        teller_of(motion.convening),
        motion,
        dict(zip(in_room, ["yes", "no", "yes", "no"], strict=True)),
    )
    for choice in ("yes", "yes", "abstain"):
        online = attend(motion, "online")
        cast(coordinator_of(online), motion, online, choice)
    close(motion)
    part = article(page_of(client, motion.convening), motion)
    assert "4 / 4" in part and "3 / 3" in part and "7 / 7" in part


def test_a_named_vote_publishes_its_roll_call_with_proxies(client):
    motion = open_motion(title_en="Named vote")
    holder = attend(motion, name_en="Holder Org")
    giver = attend(motion, name_en="Giver Org")
    in_room = attend(motion, "room", name_en="Room Org")
    services.proxy_record(
        user=secretariat(), convening=motion.convening, giver=giver, holder=holder, letter=letter()
    )
    coordinator = coordinator_of(holder)
    cast(coordinator, motion, holder, "yes")
    cast(coordinator, motion, giver, "no")
    room(teller_of(motion.convening), motion, {in_room: "abstain"})
    page = page_of(client, motion.convening)
    assert "Roll call" not in article(page, motion)  # nothing by name while the vote runs
    close(motion)
    part = article(page_of(client, motion.convening), motion)
    assert "Roll call (3 organizations)" in part
    rows = re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", part, re.S)
    by_name = {re.sub(r"<[^>]+>", "", name).split(" (")[0].strip(): choice for name, choice in rows}
    assert by_name == {"Giver Org": "No", "Holder Org": "Yes", "Room Org": "Abstain"}
    assert "(by proxy, held by <bdi>Holder Org</bdi>)" in part


def test_a_voided_ballot_is_not_in_the_roll_call(client):
    motion = open_motion()
    organization = attend(motion, "room", name_en="Voided Org")
    teller = teller_of(motion.convening)
    ballot = room(teller, motion, {organization: "yes"}).saved[0]
    services.ballot_void(user=teller, ballot=ballot, reason="Wrong organization.")
    other = attend(motion, "room", name_en="Counted Org")
    room(teller, motion, {other: "no"})
    close(motion)
    part = article(page_of(client, motion.convening), motion)
    assert "Counted Org" in part and "Voided Org" not in part


def test_a_correction_and_the_motion_it_corrects_link_to_each_other(client):
    first = open_motion(title_en="First count")
    close(first)
    correction = open_motion(convening=first.convening, corrects=first, title_en="Recount")
    page = page_of(client, first.convening)
    assert "A correction is being voted on: motion" in article(page, first)
    close(correction)
    page = page_of(client, first.convening)
    assert f'href="#motion-{correction.pk}">Corrected by motion {correction.number}</a>' in (
        article(page, first)
    )
    assert f'href="#motion-{first.pk}">Corrects motion {first.number}</a>' in (
        article(page, correction)
    )


def test_a_correction_at_a_later_convening_links_across(client):
    first = open_motion(title_en="First count")
    close(first)
    later = PastConveningFactory(title_en="Later assembly", starts_at=in_days(-30))
    correction = open_motion(convening=later, corrects=first)
    close(correction)
    part = article(page_of(client, first.convening), first)
    assert f"/convenings/{later.slug}/#motion-{correction.pk}" in part
    assert "Later assembly" in part


def test_a_draft_correction_is_not_announced(client):
    first = open_motion()
    close(first)
    MotionFactory(convening=first.convening, corrects=first, status="draft")
    assert "orrect" not in article(page_of(client, first.convening), first)


def test_an_open_motion_links_to_the_vote_and_the_live_panel(client):
    motion = open_motion(convening=ConveningFactory(slug="open-now"), title_en="Open motion")
    in_room = attend(motion, "room")
    room(teller_of(motion.convening), motion, {in_room: "no"})
    part = article(page_of(client, motion.convening), motion)
    assert "Voting is open" in part and "results are shown when it closes" in part
    assert 'href="/en/convenings/open-now/vote/"' in part
    if live_url(motion.convening):
        assert f'href="{live_url(motion.convening)}"' in part
    assert "Adopted" not in part and "Rejected" not in part and "No</td>" not in part


def test_draft_motions_are_for_the_secretariat_only(client):
    motion = MotionFactory(status="draft", title_en="Secret draft")
    assert "Secret draft" not in page_of(client, motion.convening)
    client.force_login(bare_staff())
    assert "Secret draft" not in page_of(client, motion.convening)
    client.force_login(secretariat())
    assert "Secret draft" in page_of(client, motion.convening)


def test_members_only_outcomes_are_hidden_from_outsiders(client):
    recommendation = RecommendationFactory(convening__visibility="members", text_en="Hidden rec")
    path = f"/en/convenings/{recommendation.convening.slug}/"
    assert client.get(path).status_code == 404
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    client.force_login(AffiliationFactory(role="member").user)
    assert "Hidden rec" in body(client, path)


def test_a_secret_choice_is_never_shown_next_to_an_organization(client):
    motion = open_motion(ballot_kind="secret", convening=ConveningFactory())
    teller = teller_of(motion.convening)
    names = []
    for choice in ("yes", "no", "no"):
        organization = attend(motion, "room", name_en=f"Voter {choice} {len(names)}")
        names.append(organization.name_en)
        room(teller, motion, {organization: choice})
    close(motion)
    staff = StaffFactory()
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    part = article(page_of(client, motion.convening), motion)
    assert "Rejected" in part  # 1 yes, 2 no
    for name in names:
        assert name not in part
    assert not Ballot.objects.exclude(choice="").exists()


def add_votes(convening, n, in_room, online):
    """`n` closed motions with ballots (a named one publishes a roll call with a proxy), a
    recorded past vote, a correction, and recommendations with updates."""
    user, teller = secretariat(), teller_of(convening)
    for _ in range(n):
        motion = open_motion(convening=convening)
        room(teller, motion, dict.fromkeys(in_room, "yes"))
        for organization, coordinator in online:
            cast(coordinator, motion, organization, "no")
        close(motion, user=user)
        secret = open_motion(convening=convening, ballot_kind="secret")
        room(teller, secret, dict.fromkeys(in_room, "no"))
        close(secret, user=user)
        correction = open_motion(convening=convening, corrects=motion)
        close(correction, user=user)
        ProgressUpdateFactory(recommendation=RecommendationFactory(convening=convening))
    open_motion(convening=convening)


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "secretariat"])
def test_the_convening_page_costs_the_same_for_1_and_many_motions_and_ballots(client, who):
    convening = PastConveningFactory(slug="busy")
    in_room = [attend(convening, "room") for _ in range(4)]
    holder, giver = attend(convening, "online"), attend(convening, "online")
    services.proxy_record(
        user=secretariat(), convening=convening, giver=giver, holder=holder, letter=letter()
    )
    coordinator = coordinator_of(holder)
    online = [(holder, coordinator), (giver, coordinator)]
    if who == "coordinator":
        client.force_login(coordinator)
    elif who == "secretariat":
        client.force_login(secretariat())
    add_votes(convening, 1, in_room, online)
    one = queries_for(client, "/en/convenings/busy/")
    add_votes(convening, 6, in_room, online)
    for _ in range(5):
        attend(convening, "room")
    assert queries_for(client, "/en/convenings/busy/") == one
