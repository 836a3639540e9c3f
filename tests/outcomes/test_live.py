"""The live panel of a convening and its JSON: turnout while a vote runs (never a choice), the
stored result once it closes, cheap and cached for a moment."""

import json
import re
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes import services
from outcomes.models import Motion
from outcomes.views.live import LIVE_CACHE_SECONDS, cache_key
from tests.events.factories import AttendanceFactory, ConveningFactory
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    SecretariatFactory,
    UserFactory,
)

from .factories import MotionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAGE = "/en/convenings/ga/live/"
JSON = "/en/convenings/ga/live.json"


@pytest.fixture
def convening():
    return ConveningFactory(slug="ga")


@pytest.fixture
def secretariat():
    return SecretariatFactory(name="Sara Secretariat")


def attend(convening, n, channel="room"):
    organizations = []
    for _ in range(n):
        organization = OrganizationFactory()
        AttendanceFactory(convening=convening, organization=organization, channel=channel)
        organizations.append(organization)
    return organizations


def vote_online(motion, organization, choice):
    user = AffiliationFactory(organization=organization).user
    return services.ballot_cast(user=user, motion=motion, organization=organization, choice=choice)


def live(client, url=JSON):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def opened(convening, **fields):
    fields = {"title_en": "Approve the budget", **fields}
    return MotionFactory(convening=convening, status=Motion.Status.OPEN, **fields)


# Who sees it ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "who", "status"),
    [
        ("public", "anonymous", 200),
        ("public", "plain user", 200),
        ("members", "anonymous", 404),
        ("members", "plain user", 404),
        ("members", "coordinator of a member", 200),
        ("members", "secretariat", 200),
    ],
)
def test_the_panel_is_for_everyone_who_may_see_the_convening(client, visibility, who, status):
    ConveningFactory(slug="ga", visibility=visibility)
    user = {
        "anonymous": lambda: None,
        "plain user": UserFactory,
        "coordinator of a member": lambda: AffiliationFactory().user,
        "secretariat": SecretariatFactory,
    }[who]()
    if user is not None:
        client.force_login(user)
    assert client.get(PAGE).status_code == status
    assert client.get(JSON).status_code == status


def test_the_panel_works_without_script_and_loads_only_its_own(client, convening):
    page = client.get(PAGE).content.decode()
    head = page[: page.index("</head>")]
    assert '<noscript><meta http-equiv="refresh" content="15"></noscript>' in head
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/live.js" defer>']
    assert f'<a href="{PAGE}">Refresh</a>' in page
    assert 'aria-live="polite"' in page
    assert f'data-url="{JSON}"' in page


def test_the_json_refuses_a_post(client, convening):
    assert client.post(JSON).status_code == 405


# While a vote runs ---------------------------------------------------------------------------


def test_an_open_vote_shows_turnout_per_channel_and_quorum_never_a_choice(client, convening):
    motion = opened(convening, quorum=50)
    room = attend(convening, 3)
    online = attend(convening, 2, channel="online")
    services.room_ballots_record(
        user=SecretariatFactory(), motion=motion, choices={room[0].pk: "yes", room[1].pk: "no"}
    )
    vote_online(motion, online[0], "abstain")
    data = live(client)
    assert data["state"] == "open"
    (shown,) = data["motions"]
    assert shown["heading"] == f"{motion.number}. Approve the budget"
    assert [(c["channel"], c["voted"], c["eligible"]) for c in shown["channels"]] == [
        ("room", 2, 3),
        ("online", 1, 2),
    ]
    assert (shown["total"]["voted"], shown["total"]["eligible"]) == (3, 5)
    assert shown["total"]["percent"] == 60
    assert shown["quorum_reached"] is True
    assert shown["quorum_text"] == "Quorum reached (50% needed)."
    assert data["result"] is None
    # No choice anywhere: no count of yes, no or abstain, no choice's name.
    text = json.dumps(data).lower()
    for word in ("yes", "abstain", '"no"', "choice"):
        assert word not in text
    page = client.get(PAGE).content.decode()
    assert "2 / 3" in page and "1 / 2" in page and "3 / 5" in page
    assert "Quorum reached (50% needed)." in page


def test_quorum_not_yet_reached_says_so(client, convening):
    motion = opened(convening, quorum=60)
    room = attend(convening, 5)
    services.room_ballots_record(
        user=SecretariatFactory(), motion=motion, choices={room[0].pk: "yes"}
    )
    (shown,) = live(client)["motions"]
    assert shown["quorum_reached"] is False
    assert shown["quorum_text"] == "Quorum not reached yet (60% needed)."


def test_an_open_vote_hides_closed_results_and_drafts(client, convening, secretariat):
    closed = opened(convening)
    services.motion_close(user=secretariat, motion=closed)
    MotionFactory(convening=convening, status=Motion.Status.DRAFT, title_en="Secret plan")
    motion = opened(convening)
    data = live(client)
    assert [m["id"] for m in data["motions"]] == [motion.pk]
    assert data["result"] is None
    assert "Secret plan" not in json.dumps(data)


def test_with_nothing_open_or_closed_the_panel_says_so(client, convening):
    MotionFactory(convening=convening, status=Motion.Status.DRAFT)
    data = live(client)
    assert (data["state"], data["motions"], data["result"]) == ("idle", [], None)
    assert "No motion is open" in client.get(PAGE).content.decode()


# Once it closes ------------------------------------------------------------------------------


def test_a_closed_named_vote_shows_its_stored_result_and_roll_call(client, convening, secretariat):
    motion = opened(convening)
    room = attend(convening, 3)
    online = attend(convening, 1, channel="online")
    services.proxy_record(
        user=secretariat,
        convening=convening,
        giver=room[2],
        holder=room[1],
        letter=SimpleUploadedFile("l.pdf", PDF),
    )
    services.room_ballots_record(
        user=secretariat,
        motion=motion,
        choices={room[0].pk: "yes", room[1].pk: "yes", room[2].pk: "no"},
    )
    vote_online(motion, online[0], "abstain")
    services.motion_close(user=secretariat, motion=motion)
    # A late check-in changes nothing: the panel reads the stored result.
    attend(convening, 4)
    data = live(client)
    assert data["state"] == "result" and data["motions"] == []
    result = data["result"]
    assert result["verdict"] == "Adopted" and result["adopted"] is True
    rows = {
        row["label"]: (row["yes"], row["no"], row["abstain"], row["eligible"])
        for row in result["rows"]
    }
    assert rows == {"In the room": (2, 1, 0, 3), "Online": (0, 0, 1, 1), "In all": (2, 1, 1, 4)}
    roll = {vote["organization"]: (vote["choice"], vote["note"]) for vote in result["roll_call"]}
    assert roll[room[0].name] == ("yes", "In the room")
    assert roll[room[2].name] == ("no", f"In the room · by proxy, cast by {room[1].name}")
    assert roll[online[0].name] == ("abstain", "Online")
    page = client.get(PAGE).content.decode()
    assert "Roll call" in page and f"<bdi>{room[2].name}</bdi> <strong>No</strong>" in page


def test_a_closed_secret_vote_has_no_roll_call_and_hides_a_small_channel(
    client, convening, secretariat
):
    motion = opened(convening, ballot_kind=Motion.BallotKind.SECRET)
    room = attend(convening, 4)
    online = attend(convening, 1, channel="online")
    services.room_ballots_record(
        user=secretariat, motion=motion, choices={o.pk: "yes" for o in room}
    )
    vote_online(motion, online[0], "no")
    services.motion_close(user=secretariat, motion=motion)
    result = live(client)["result"]
    assert result["roll_call"] == []
    # One organization voted online: its line would give its choice away, so only the total.
    assert [row["label"] for row in result["rows"]] == ["In all"]
    assert (result["rows"][0]["yes"], result["rows"][0]["no"]) == (4, 1)
    assert "shown only inside the total" in result["secret_note"]


def test_the_latest_closed_motion_is_shown(client, convening, secretariat):
    first, second = opened(convening), opened(convening, title_en="Elect the board")
    services.motion_close(user=secretariat, motion=second)
    services.motion_close(user=secretariat, motion=first)
    assert live(client)["result"]["id"] == first.pk


# Language, cache, cost -----------------------------------------------------------------------


def test_the_json_speaks_the_language_of_its_url(client, convening):
    opened(convening)
    attend(convening, 1)
    english = live(client)
    arabic = live(client, "/ar/convenings/ga/live.json")
    assert english["motions"][0]["channels"][0]["label"] == "In the room"
    assert arabic["motions"][0]["channels"][0]["label"] != "In the room"
    assert cache_key(convening, "ar") != cache_key(convening, "en")


def test_the_json_is_cached_for_a_moment_and_the_same_for_everyone(
    client, convening, secretariat, settings
):
    settings.PAGE_CACHE = True
    assert LIVE_CACHE_SECONDS == 2
    motion = opened(convening)
    room = attend(convening, 2)
    cache.clear()
    client.force_login(secretariat)
    first = client.get(JSON)
    assert first["Cache-Control"].startswith("max-age=0") or "no-cache" in first["Cache-Control"]
    assert cache.get(cache_key(convening, "en")) == first.json()
    # What the secretariat's request cached is what anyone is served: nothing private in it.
    assert "Sara" not in first.content.decode()
    client.logout()
    services.room_ballots_record(user=secretariat, motion=motion, choices={room[0].pk: "yes"})
    stale = client.get(JSON).json()
    assert stale == first.json()
    assert stale["motions"][0]["total"]["voted"] == 0
    time.sleep(LIVE_CACHE_SECONDS + 0.2)
    assert client.get(JSON).json()["motions"][0]["total"]["voted"] == 1


def json_queries(client, slug):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/convenings/{slug}/live.json").status_code == 200
    return len(queries)


@pytest.mark.parametrize("state", ["open", "closed"])
@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_the_json_costs_the_same_for_1_and_25_organizations(client, secretariat, state, who):
    if who == "secretariat":
        client.force_login(SecretariatFactory())
    counts = []
    for n in (1, 25):
        convening = ConveningFactory()
        motion = opened(convening)
        organizations = attend(convening, n)
        online = attend(convening, 1, channel="online")
        services.room_ballots_record(
            user=secretariat, motion=motion, choices={o.pk: "yes" for o in organizations}
        )
        vote_online(motion, online[0], "no")
        if state == "closed":
            services.motion_close(user=secretariat, motion=motion)
        counts.append(json_queries(client, convening.slug))
    assert counts[0] == counts[1]
    # A handful: who may see the convening, the motions, turnout or the stored result.
    assert counts[0] <= (7 if who == "anonymous" else 10)
