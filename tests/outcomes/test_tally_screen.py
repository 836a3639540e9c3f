"""The room tally screen: tellers record the room's ballots in one submit; the secretariat also
records reported totals and proxies there."""

import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import AuditEntry
from outcomes import services
from outcomes.models import Ballot, Motion, Proxy, SecretCount, Tally
from tests.events.factories import AttendanceFactory, ConveningFactory
from tests.members.factories import OrganizationFactory, SecretariatFactory, UserFactory

from .factories import MotionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "/en/convenings/ga/tally/"


def make_teller(convening=None):
    user = UserFactory(name="Tarek Teller")
    user.groups.add(Group.objects.get(name="teller"))
    if convening is not None:
        convening.tellers.add(user)
    return user


def attend(convening, n, channel="room", **org):
    organizations = []
    for _ in range(n):
        organization = OrganizationFactory(**org)
        AttendanceFactory(convening=convening, organization=organization, channel=channel)
        organizations.append(organization)
    return organizations


def ballots_data(motion, choices, **extra):
    """The POST of the ballots form, as the page builds it: one row per organization."""
    prefix = f"m{motion.pk}"
    data = {
        "action": "ballots",
        "motion": motion.pk,
        f"{prefix}-TOTAL_FORMS": len(choices),
        f"{prefix}-INITIAL_FORMS": len(choices),
    }
    for i, (organization, choice) in enumerate(choices.items()):
        data[f"{prefix}-{i}-organization"] = getattr(organization, "pk", organization)
        data[f"{prefix}-{i}-choice"] = choice
    data.update(extra)
    return data


@pytest.fixture
def convening():
    return ConveningFactory(slug="ga")


@pytest.fixture
def motion(convening):
    return MotionFactory(convening=convening, status=Motion.Status.OPEN, title_en="Budget 2025")


@pytest.fixture
def teller(convening):
    return make_teller(convening)


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Who may use it ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("plain user", 403),
        ("staff without the role", 403),
        ("teller of another convening", 403),
        ("named teller without the role", 403),
        ("teller of this convening", 200),
        ("secretariat", 200),
    ],
)
def test_only_the_convenings_tellers_and_the_secretariat_open_the_tally_screen(
    client, convening, motion, who, status
):
    organization = attend(convening, 1)[0]
    user = {
        "anonymous": lambda: None,
        "plain user": UserFactory,
        "staff without the role": lambda: UserFactory(is_staff=True),
        "teller of another convening": lambda: make_teller(ConveningFactory()),
        "named teller without the role": lambda: convening.tellers.add(u := UserFactory()) or u,
        "teller of this convening": lambda: make_teller(convening),
        "secretariat": SecretariatFactory,
    }[who]()
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    assert response.status_code == status
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    posted = client.post(URL, ballots_data(motion, {organization: "yes"}))
    assert posted.status_code == (302 if status == 200 or who == "anonymous" else 403)
    assert Ballot.objects.exists() == (status == 200)


def test_a_convening_the_user_cannot_see_is_not_found(client):
    ConveningFactory(slug="closed", visibility="members")
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/en/convenings/closed/tally/").status_code == 404
    client.force_login(make_teller(ConveningFactory()))
    assert client.get("/en/convenings/closed/tally/").status_code == 404
    assert client.get("/en/convenings/nowhere/tally/").status_code == 404


def test_a_named_teller_works_even_at_a_members_only_convening(client):
    convening = ConveningFactory(slug="ga", visibility="members")
    MotionFactory(convening=convening, status=Motion.Status.OPEN)
    client.force_login(make_teller(convening))
    assert client.get(URL).status_code == 200


# Recording the room's ballots ----------------------------------------------------------------


def test_a_teller_records_many_room_ballots_in_one_submit(client, convening, motion, teller):
    room = attend(convening, 6)
    online = attend(convening, 1, channel="online")[0]
    client.force_login(teller)
    page = client.get(URL).content.decode()
    # Every organization in the room has a row; the one online has none.
    assert f'name="m{motion.pk}-TOTAL_FORMS" value="6"' in page
    for organization in room:
        assert f"<bdi>{organization.name}</bdi>" in page
    assert online.name not in page

    choices = dict(zip(room, ["yes", "yes", "no", "abstain", "yes", ""], strict=True))
    response = client.post(URL, ballots_data(motion, choices), follow=True)
    assert "5 ballots saved." in texts(response)
    ballots = Ballot.objects.filter(motion=motion)
    assert ballots.count() == 5
    assert set(ballots.values_list("recorded_by", flat=True)) == {teller.pk}
    assert set(ballots.values_list("channel", flat=True)) == {"room"}
    assert sorted(ballots.values_list("choice", flat=True)) == [
        "abstain",
        "no",
        "yes",
        "yes",
        "yes",
    ]
    assert AuditEntry.objects.filter(action="ballot.cast").count() == 5
    # The row left at "Not yet" is still open; the others say who recorded them.
    page = response.content.decode()
    assert f'name="m{motion.pk}-TOTAL_FORMS" value="1"' in page
    assert page.count("by <bdi>Tarek Teller</bdi>") == 5


def test_what_is_recorded_shows_who_recorded_it_never_the_choice(client, convening, motion, teller):
    organizations = attend(convening, 2)
    other = make_teller(convening)
    services.room_ballots_record(
        user=other, motion=motion, choices={organizations[0].pk: "no", organizations[1].pk: "no"}
    )
    client.force_login(teller)
    page = client.get(URL).content.decode()
    assert page.count("recorded</span>") == 2
    assert "Every organization in the room has a recorded ballot." in page
    assert ">No<" not in page and "no" not in re.findall(r'value="(\w+)"', page)


def test_a_second_tellers_submit_of_the_same_ballot_is_refused_not_doubled(
    client, convening, motion, teller
):
    first, second = attend(convening, 2)
    # Both tellers loaded the page; the other teller saved `first` first.
    services.room_ballots_record(
        user=make_teller(convening), motion=motion, choices={first.pk: "no"}
    )
    client.force_login(teller)
    response = client.post(URL, ballots_data(motion, {first: "yes", second: "yes"}), follow=True)
    messages = texts(response)
    assert "1 ballot saved." in messages
    assert "1 ballot was not saved:" in messages
    assert f"{first.name} has already voted on this motion." in messages
    assert Ballot.objects.filter(organization=first).count() == 1
    assert Ballot.objects.get(organization=first).choice == "no"
    assert Ballot.objects.get(organization=second).choice == "yes"


def test_an_organization_no_longer_in_the_room_is_refused_by_name(
    client, convening, motion, teller
):
    present, left = attend(convening, 2)
    client.force_login(teller)
    left.attendances.all().delete()
    response = client.post(URL, ballots_data(motion, {present: "yes", left: "no"}), follow=True)
    assert any(left.name in m and "not eligible" in m for m in texts(response))
    assert list(Ballot.objects.values_list("organization", flat=True)) == [present.pk]


def test_proxies_are_marked_on_the_rows(client, convening, motion, teller):
    holder, giver = attend(convening, 2)
    Proxy.objects.create(
        convening=convening,
        giver=giver,
        holder=holder,
        letter=SimpleUploadedFile("l.pdf", PDF),
    )
    client.force_login(teller)
    page = client.get(URL).content.decode()
    assert f"holds the proxy of <bdi>{giver.name}</bdi>" in page
    assert f"by proxy, cast by <bdi>{holder.name}</bdi>" in page
    client.post(URL, ballots_data(motion, {holder: "yes", giver: "no"}))
    assert Ballot.objects.get(organization=giver).proxy.holder == holder


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ({"action": "ballots"}, "no motion"),
        ({"action": "vote twice", "motion": "M"}, "unknown action"),
        ({"action": "ballots", "motion": "abc"}, "malformed motion"),
        ({"action": "ballots", "motion": 999999}, "another motion"),
    ],
)
def test_a_malformed_post_changes_nothing_and_says_so(client, convening, motion, teller, data, why):
    attend(convening, 1)
    client.force_login(teller)
    response = client.post(URL, data, follow=True)
    assert response.status_code == 200
    assert texts(response), why
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "spoil",
    [
        "no management form",
        "too many forms",
        "malformed organization",
        "unknown organization",
        "malformed choice",
        "same organization twice",
        "no choice at all",
    ],
)
def test_malformed_ballot_rows_change_nothing_and_say_so(client, convening, motion, teller, spoil):
    first, second = attend(convening, 2)
    prefix = f"m{motion.pk}"
    data = ballots_data(motion, {first: "yes", second: "no"})
    if spoil == "no management form":
        del data[f"{prefix}-TOTAL_FORMS"]
    elif spoil == "too many forms":
        data[f"{prefix}-TOTAL_FORMS"] = 5000
    elif spoil == "malformed organization":
        data[f"{prefix}-1-organization"] = "1; DROP TABLE"
    elif spoil == "unknown organization":
        data[f"{prefix}-1-organization"] = 987654
    elif spoil == "malformed choice":
        data[f"{prefix}-1-choice"] = "maybe"
    elif spoil == "same organization twice":
        data[f"{prefix}-1-organization"] = first.pk
    else:
        data[f"{prefix}-0-choice"] = data[f"{prefix}-1-choice"] = ""
    client.force_login(teller)
    response = client.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="form-errors" role="alert"' in page or 'class="errorlist tally-error"' in page
    assert not Ballot.objects.exists()


def test_a_malformed_choice_is_shown_on_its_row_and_the_others_are_kept(
    client, convening, motion, teller
):
    first, second = attend(convening, 2)
    client.force_login(teller)
    data = ballots_data(motion, {first: "abstain", second: "maybe"})
    page = client.post(URL, data).content.decode()
    assert "Choose yes, no or abstain." in page
    # The well-formed choice is still ticked, so the teller does not enter it again.
    assert re.search(r'value="abstain"[^>]*checked', page)


def test_a_ballot_on_a_motion_closed_meanwhile_is_refused(client, convening, motion, teller):
    organization = attend(convening, 1)[0]
    client.force_login(teller)
    motion.status = Motion.Status.CLOSED
    motion.save()
    response = client.post(URL, ballots_data(motion, {organization: "yes"}), follow=True)
    assert "This motion is not open for a vote; nothing was saved." in texts(response)
    assert not Ballot.objects.exists()


def test_no_open_motion_gives_the_next_steps(client, convening, teller):
    MotionFactory(convening=convening, status=Motion.Status.DRAFT)
    client.force_login(teller)
    page = client.get(URL).content.decode()
    assert "No motion is open for a vote" in page
    assert f"/en/convenings/{convening.slug}/check-in/" in page


def test_an_open_motion_with_nobody_in_the_room_says_what_to_do(client, convening, motion, teller):
    attend(convening, 2, channel="online")
    client.force_login(teller)
    page = client.get(URL).content.decode()
    assert "No active member organization is recorded in the room yet." in page


# Voids ---------------------------------------------------------------------------------------


def test_a_teller_voids_a_ballot_and_the_organization_may_vote_again(
    client, convening, motion, teller
):
    organization = attend(convening, 1)[0]
    ballot = services.room_ballots_record(
        user=teller, motion=motion, choices={organization.pk: "yes"}
    ).saved[0]
    client.force_login(teller)
    response = client.post(
        URL, {"action": "void", "ballot": ballot.pk, "reason": "Wrong row"}, follow=True
    )
    assert any("is void" in m for m in texts(response))
    ballot.refresh_from_db()
    assert (ballot.void_reason, ballot.voided_by) == ("Wrong row", teller)
    page = response.content.decode()
    assert f'name="m{motion.pk}-TOTAL_FORMS" value="1"' in page
    assert "voided by <bdi>Tarek Teller</bdi>" in page
    client.post(URL, ballots_data(motion, {organization: "no"}))
    assert Ballot.objects.get(organization=organization, voided_at=None).choice == "no"


def test_voiding_a_secret_ballot_takes_the_named_choice_off_its_counter(client, convening, teller):
    motion = MotionFactory(convening=convening, status=Motion.Status.OPEN, ballot_kind="secret")
    organization = attend(convening, 1)[0]
    ballot = services.room_ballots_record(
        user=teller, motion=motion, choices={organization.pk: "no"}
    ).saved[0]
    client.force_login(teller)
    page = client.get(URL).content.decode()
    assert 'name="secret_choice"' in page
    response = client.post(
        URL, {"action": "void", "ballot": ballot.pk, "reason": "Misheard", "secret_choice": "yes"}
    )
    assert response.status_code == 400
    assert "No such choice was counted on this channel." in response.content.decode()
    assert Ballot.objects.get().voided_at is None
    client.post(
        URL, {"action": "void", "ballot": ballot.pk, "reason": "Misheard", "secret_choice": "no"}
    )
    assert Ballot.objects.get().voided_at is not None
    assert SecretCount.objects.get(choice="no").count == 0


@pytest.mark.parametrize(
    "data",
    [
        {"action": "void", "ballot": "x", "reason": "r"},
        {"action": "void", "reason": "r"},
        {"action": "void", "ballot": "BALLOT", "reason": ""},
        {"action": "void", "ballot": "OTHER", "reason": "r"},
    ],
)
def test_a_void_that_is_malformed_or_elsewhere_changes_nothing(
    client, convening, motion, teller, data
):
    organization = attend(convening, 1)[0]
    ballot = services.room_ballots_record(
        user=teller, motion=motion, choices={organization.pk: "yes"}
    ).saved[0]
    elsewhere = MotionFactory(status=Motion.Status.OPEN)
    other = attend(elsewhere.convening, 1)[0]
    other_ballot = services.room_ballots_record(
        user=SecretariatFactory(), motion=elsewhere, choices={other.pk: "yes"}
    ).saved[0]
    data = {k: {"BALLOT": ballot.pk, "OTHER": other_ballot.pk}.get(v, v) for k, v in data.items()}
    client.force_login(teller)
    response = client.post(URL, data, follow=True)
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert "not understood" in body or "Say why the ballot is voided." in body
    assert not Ballot.objects.exclude(voided_at=None).exists()


# Reported totals and proxies (the secretariat) -----------------------------------------------


def test_the_secretariat_records_reported_totals(client, convening, motion):
    attend(convening, 10)
    client.force_login(SecretariatFactory())
    data = {"action": "tally", "motion": motion.pk, "channel": "room"}
    response = client.post(URL, {**data, "eligible": "١٠", "yes": 6, "no": 2, "abstain": 1})
    assert response.status_code == 302
    tally = Tally.objects.get()
    assert (tally.channel, tally.eligible, tally.yes, tally.no, tally.abstain) == (
        "room",
        10,
        6,
        2,
        1,
    )
    # Too many votes: refused with the service's message, nothing changed.
    response = client.post(URL, {**data, "eligible": 10, "yes": 9, "no": 2, "abstain": 1})
    assert response.status_code == 400
    assert "More votes (12) than eligible organizations (10)." in response.content.decode()
    assert Tally.objects.get().yes == 6
    # More eligible than attended.
    response = client.post(URL, {**data, "eligible": 11, "yes": 1, "no": 0, "abstain": 0})
    assert response.status_code == 400
    assert Tally.objects.get().eligible == 10
    # Malformed numbers and channels.
    for spoiled in ({"yes": "six"}, {"yes": -1}, {"channel": "moon"}, {"channel": ""}):
        response = client.post(
            URL, {**data, "eligible": 10, "yes": 1, "no": 0, "abstain": 0, **spoiled}, follow=True
        )
        assert response.status_code in (200, 400)
        assert Tally.objects.get().yes == 6


def test_a_teller_may_not_record_totals_or_proxies(client, convening, motion, teller):
    giver, holder = attend(convening, 2)
    client.force_login(teller)
    page = client.get(URL).content.decode()
    assert "Record a proxy" not in page and "Reported totals" not in page
    response = client.post(
        URL,
        {
            "action": "tally",
            "motion": motion.pk,
            "channel": "room",
            "eligible": 2,
            "yes": 1,
            "no": 0,
            "abstain": 0,
        },
    )
    assert response.status_code == 403
    letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = client.post(
        URL, {"action": "proxy", "giver": giver.pk, "holder": holder.pk, "letter": letter}
    )
    assert response.status_code == 403
    assert not Tally.objects.exists() and not Proxy.objects.exists()


def test_the_secretariat_records_a_proxy_with_its_letter(client, convening):
    giver, holder = attend(convening, 2)
    outsider = OrganizationFactory()
    client.force_login(SecretariatFactory())
    page = client.get(URL).content.decode()
    assert "No proxy is recorded for this convening." in page
    assert f'<option value="{outsider.pk}"' not in page

    def post(letter=PDF, name="letter.pdf", **fields):
        upload = SimpleUploadedFile(name, letter, content_type="application/pdf")
        data = {"action": "proxy", "giver": giver.pk, "holder": holder.pk, "letter": upload}
        return client.post(URL, {**data, **fields})

    response = post(letter=b"<html>not a pdf</html>")
    assert response.status_code == 400
    assert "Upload a PDF document." in response.content.decode()
    response = post(giver=outsider.pk)
    assert response.status_code == 400
    assert "Choose an organization attending the convening." in response.content.decode()
    response = post(giver=holder.pk)
    assert response.status_code == 400
    assert "An organization cannot hold its own proxy." in response.content.decode()
    assert not Proxy.objects.exists()

    response = post()
    assert response.status_code == 302
    proxy = Proxy.objects.get()
    assert (proxy.giver, proxy.holder) == (giver, holder)
    assert proxy.letter.read() == PDF
    page = client.get(URL).content.decode()
    assert f"<bdi>{holder.name}</bdi> holds the proxy of <bdi>{giver.name}</bdi>" in page


def test_a_proxy_to_another_channel_is_refused(client, convening):
    giver = attend(convening, 1)[0]
    holder = attend(convening, 1, channel="online")[0]
    client.force_login(SecretariatFactory())
    upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = client.post(
        URL, {"action": "proxy", "giver": giver.pk, "holder": holder.pk, "letter": upload}
    )
    assert response.status_code == 400
    assert "attending the same way" in response.content.decode()
    assert not Proxy.objects.exists()


# Cost ----------------------------------------------------------------------------------------


def grow(convening, motion, n, recorder):
    organizations = attend(convening, n)
    attend(convening, 1, channel="online")
    services.room_ballots_record(user=recorder, motion=motion, choices={organizations[0].pk: "yes"})
    if n > 2:
        services.proxy_record(
            user=SecretariatFactory(),
            convening=convening,
            giver=organizations[1],
            holder=organizations[2],
            letter=SimpleUploadedFile("l.pdf", PDF),
        )


@pytest.mark.parametrize("who", ["teller", "secretariat"])
def test_the_tally_screen_costs_the_same_for_1_and_25_organizations(client, who):
    counts = []
    for n in (1, 25):
        convening = ConveningFactory()
        motion = MotionFactory(convening=convening, status=Motion.Status.OPEN)
        user = make_teller(convening) if who == "teller" else SecretariatFactory()
        grow(convening, motion, n, user)
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/convenings/{convening.slug}/tally/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Two tellers at once (PostgreSQL) --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_of_the_same_ballots_save_each_once(require_postgres):
    convening = ConveningFactory(slug="ga")
    motion = MotionFactory(convening=convening, status=Motion.Status.OPEN)
    organizations = attend(convening, 10)
    tellers = [make_teller(convening) for _ in range(2)]
    data = ballots_data(motion, dict.fromkeys(organizations, "yes"))
    start = threading.Barrier(2)
    outcomes = []

    def submit(user):
        try:
            client = Client()
            client.force_login(user)
            start.wait()
            response = client.post(URL, data, follow=True)
            outcomes.append([str(m) for m in response.context["messages"]])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(t,)) for t in tellers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Ballot.objects.filter(motion=motion).count() == 10
    assert sorted(m for messages in outcomes for m in messages if "saved" in m) == [
        "10 ballots saved.",
        "10 ballots were not saved:",
    ]
