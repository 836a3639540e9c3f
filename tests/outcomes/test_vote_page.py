"""The online vote page, for coordinators of organizations attending online (their own ballot
and those they hold by proxy), and the open-vote banner that calls them to it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from outcomes import services
from outcomes.models import Ballot
from tests.events.factories import AttendanceFactory, ConveningFactory
from tests.members.factories import StaffFactory, UserFactory

from .voting import (
    attend,
    bare_staff,
    cast,
    close,
    coordinator_of,
    letter,
    open_motion,
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


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


# The open-vote banner -------------------------------------------------------------------------

BANNER = "A vote is open — cast your organization's ballot."


@pytest.fixture
def open_vote():
    motion = open_motion(convening=ConveningFactory(slug="live"), title_en="Live motion")
    organization = attend(motion, "online", name_en="Online Org")
    coordinator = coordinator_of(organization)
    return motion, organization, coordinator


def test_the_banner_calls_online_coordinators_until_they_vote(client, open_vote):
    motion, organization, coordinator = open_vote
    client.force_login(coordinator)
    assert BANNER in page_of(client, motion.convening)
    assert BANNER in body(client, "/en/convenings/live/vote/")
    cast(coordinator, motion, organization)
    assert BANNER not in page_of(client, motion.convening)
    assert BANNER not in body(client, "/en/convenings/live/vote/")
    # A second motion opens: the banner is back.
    open_motion(convening=motion.convening)
    assert BANNER in page_of(client, motion.convening)


def test_the_banner_stays_while_a_proxy_ballot_is_to_be_cast(client, open_vote):
    motion, organization, coordinator = open_vote
    giver = attend(motion, "online")
    services.proxy_record(
        user=secretariat(),
        convening=motion.convening,
        giver=giver,
        holder=organization,
        letter=letter(),
    )
    cast(coordinator, motion, organization)
    client.force_login(coordinator)
    assert BANNER in page_of(client, motion.convening)
    cast(coordinator, motion, giver)
    assert BANNER not in page_of(client, motion.convening)


@pytest.mark.parametrize("who", ["anonymous", "room_coordinator", "bare_staff", "secretariat"])
def test_the_banner_is_for_online_coordinators_only(client, open_vote, who):
    motion, _organization, _coordinator = open_vote
    users = {
        "room_coordinator": lambda: coordinator_of(attend(motion, "room")),
        "bare_staff": bare_staff,
        "secretariat": secretariat,
    }
    if who in users:
        client.force_login(users[who]())
    assert BANNER not in page_of(client, motion.convening)


def test_no_banner_when_no_motion_is_open(client, open_vote):
    motion, _organization, coordinator = open_vote
    services.motion_withdraw(user=secretariat(), motion=motion)
    client.force_login(coordinator)
    assert BANNER not in page_of(client, motion.convening)


# The online vote page -------------------------------------------------------------------------


def post(client, data, lang="en"):
    return client.post(f"/{lang}/convenings/live/vote/", data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_coordinator_votes_online_once(client, open_vote):
    motion, organization, coordinator = open_vote
    client.force_login(coordinator)
    page = body(client, "/en/convenings/live/vote/")
    assert "Live motion" in page and "Cast the ballot" in page
    assert "Ballot of <bdi>Online Org</bdi>" in page
    data = {"motion": motion.pk, "organization": organization.pk, "choice": "yes"}
    first = post(client, data)
    assert messages_of(first) == [
        f"The ballot of <bdi>Online Org</bdi> on motion {motion.number} is recorded."
    ]
    second = post(client, {**data, "choice": "no"})
    assert messages_of(second) == ["Online Org has already voted on this motion."]
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["yes"]


def test_the_vote_page_shows_what_is_cast_never_the_choice(client, open_vote):
    motion, organization, coordinator = open_vote
    cast(coordinator, motion, organization, "abstain")
    client.force_login(coordinator)
    page = body(client, "/en/convenings/live/vote/")
    assert "<bdi>Online Org</bdi> has voted." in page
    assert (
        "Abstain" not in page
        and 'value="abstain"' not in page
        and '<form method="post" class="stack ballot-form"' not in page
    )


def test_a_proxy_holder_casts_both_ballots_on_the_page(client, open_vote):
    motion, organization, coordinator = open_vote
    giver = attend(motion, "online", name_en="Giver Org")
    services.proxy_record(
        user=secretariat(),
        convening=motion.convening,
        giver=giver,
        holder=organization,
        letter=letter(),
    )
    client.force_login(coordinator)
    page = body(client, "/en/convenings/live/vote/")
    assert "By proxy for <bdi>Giver Org</bdi>" in page and "Ballot of <bdi>Online Org</bdi>" in page
    response = post(client, {"motion": motion.pk, "organization": giver.pk, "choice": "no"})
    assert messages_of(response) == [
        f"The ballot of <bdi>Giver Org</bdi> on motion {motion.number} is recorded, cast by "
        "proxy by <bdi>Online Org</bdi>."
    ]
    ballot = Ballot.objects.get(organization=giver)
    assert ballot.proxy.holder == organization and ballot.recorded_by == coordinator


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("motion", "²"),
        ("motion", "٣"),
        ("motion", "9" * 5000),
        ("motion", "-1"),
        ("motion", "1.0"),
        ("motion", ""),
        ("organization", "²"),
        ("organization", "٣"),
        ("organization", "9" * 5000),
        ("organization", " "),
    ],
)
def test_malformed_ids_get_a_clear_message_and_never_reach_the_database(
    client, open_vote, field, value
):
    motion, organization, coordinator = open_vote
    client.force_login(coordinator)
    data = {"motion": motion.pk, "organization": organization.pk, "choice": "yes", field: value}
    with CaptureQueriesContext(connection) as queries:
        response = post(client, data)
    assert response.status_code == 200
    expected = {
        "motion": "This motion is not open for voting.",
        "organization": "You cannot cast a ballot for this organization.",
    }[field]
    assert messages_of(response) == [expected]
    assert not Ballot.objects.exists()
    if len(value) > 100:
        assert not any(value in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize(
    ("field", "value"), [("motion", "1\x00"), ("organization", "\x00"), ("choice", "yes\x00")]
)
def test_a_nul_byte_in_the_ballot_form_is_a_bad_request(client, open_vote, field, value):
    # Refused at the door (members.strict_input), before the form is read.
    motion, organization, coordinator = open_vote
    client.force_login(coordinator)
    data = {"motion": motion.pk, "organization": organization.pk, "choice": "yes", field: value}
    response = client.post("/en/convenings/live/vote/", data)
    assert response.status_code == 400
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("choice", ["maybe", "", "YES"])
def test_a_choice_other_than_yes_no_or_abstain_gets_a_message(client, open_vote, choice):
    motion, organization, coordinator = open_vote
    client.force_login(coordinator)
    response = post(
        client, {"motion": motion.pk, "organization": organization.pk, "choice": choice}
    )
    assert messages_of(response) == ["Choose yes, no or abstain."]
    assert not Ballot.objects.exists()


def test_a_motion_that_closed_or_belongs_elsewhere_is_refused(client, open_vote):
    motion, organization, coordinator = open_vote
    elsewhere = open_motion()
    AttendanceFactory(convening=elsewhere.convening, organization=organization, channel="online")
    client.force_login(coordinator)
    response = post(
        client, {"motion": elsewhere.pk, "organization": organization.pk, "choice": "yes"}
    )
    assert messages_of(response) == ["This motion is not open for voting."]
    close(motion)
    response = post(client, {"motion": motion.pk, "organization": organization.pk, "choice": "yes"})
    assert messages_of(response) == ["This motion is not open for voting."]
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "who", ["stranger", "room_coordinator", "bare_staff", "secretariat", "superuser", "teller"]
)
def test_only_online_coordinators_cast_ballots_here(client, open_vote, who):
    motion, organization, _coordinator = open_vote
    in_room = attend(motion, "room")
    user = {
        "stranger": UserFactory,
        "room_coordinator": lambda: coordinator_of(in_room),
        "bare_staff": bare_staff,
        "secretariat": secretariat,
        "superuser": StaffFactory,
        "teller": lambda: teller_of(motion.convening),
    }[who]()
    client.force_login(user)
    page = body(client, "/en/convenings/live/vote/")
    assert "Online voting is for coordinators" in page and "Cast the ballot" not in page
    for target in (organization, in_room):
        response = post(client, {"motion": motion.pk, "organization": target.pk, "choice": "yes"})
        assert messages_of(response) == ["You cannot cast a ballot for this organization."]
    assert not Ballot.objects.exists()


def test_a_staff_account_without_a_role_gets_the_page_any_user_gets(client, open_vote):
    client.force_login(UserFactory())
    plain = body(client, "/en/convenings/live/vote/")
    client.force_login(bare_staff())
    staff = body(client, "/en/convenings/live/vote/")

    def main(page):
        main = page[page.index('<main id="main"') : page.index("</main>")]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)

    assert main(plain) == main(staff)


def test_tellers_are_sent_to_the_tally_screen(client, open_vote):
    motion, _organization, _coordinator = open_vote
    client.force_login(teller_of(motion.convening))
    page = body(client, "/en/convenings/live/vote/")
    try:
        tally = reverse("outcomes:convening_tally", kwargs={"slug": "live"})
    except NoReverseMatch:
        tally = None
    if tally:
        assert f'href="{tally}"' in page
    client.force_login(UserFactory())
    assert "tally screen" not in body(client, "/en/convenings/live/vote/")


def test_a_voided_ballot_can_be_cast_again_and_the_page_says_why(client, open_vote):
    motion, organization, coordinator = open_vote
    ballot = cast(coordinator, motion, organization, "yes")
    services.ballot_void(
        user=teller_of(motion.convening), ballot=ballot, reason="Cast by the wrong delegate."
    )
    client.force_login(coordinator)
    page = body(client, "/en/convenings/live/vote/")
    assert "Cast by the wrong delegate." in page and "Cast the ballot" in page
    post(client, {"motion": motion.pk, "organization": organization.pk, "choice": "no"})
    assert Ballot.objects.get(voided_at=None).choice == "no"


def test_the_vote_page_needs_a_signed_in_user_who_may_see_the_convening(client, open_vote):
    response = client.get("/en/convenings/live/vote/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    hidden = open_motion(convening=ConveningFactory(visibility="members", slug="hidden"))
    client.force_login(UserFactory())
    assert client.get("/en/convenings/hidden/vote/").status_code == 404
    assert hidden.status == "open"


def test_the_vote_page_costs_the_same_for_1_and_many_motions_and_proxies(client, settings):
    settings.PROXY_LIMIT = 10
    convening = ConveningFactory(slug="live")
    holder = attend(convening, "online")
    coordinator = coordinator_of(holder)
    client.force_login(coordinator)

    def grow(n):
        for _ in range(n):
            giver = attend(convening, "online")
            services.proxy_record(
                user=secretariat(),
                convening=convening,
                giver=giver,
                holder=holder,
                letter=letter(),
            )
            motion = open_motion(convening=convening)
            cast(coordinator, motion, giver, "yes")

    grow(1)
    one = queries_for(client, "/en/convenings/live/vote/")
    grow(5)
    assert queries_for(client, "/en/convenings/live/vote/") == one
