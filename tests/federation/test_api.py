"""The open-data API shows what the pages show, to the same people: per role, per resource."""

import json

import pytest
from django.test import Client

from tests.members.factories import OrganizationFactory

from .api_world import _generous_limits, build_world, client_as, get, keys, token_for  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "token", "revoked", "secretariat")


@pytest.fixture
def world():
    return build_world()


def test_the_index_lists_every_resource_with_its_address(client):
    response, body = get(client, "/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    names = [resource["name"] for resource in body["resources"]]
    assert names == [
        "organizations",
        "branches",
        "convenings",
        "motions",
        "recommendations",
        "committees",
        "activities",
    ]
    assert body["resources"][0]["url"] == "http://testserver/api/v1/organizations/"
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"


# What each role reads: (resource, key, row) -> the roles that see the row.
SEEN = {
    ("organizations", "slug", "member-org"): set(ROLES),
    ("organizations", "slug", "applicant-org"): {"secretariat"},
    ("organizations", "slug", "partner-org"): {"member", "token", "secretariat"},
    ("convenings", "slug", "public-assembly"): set(ROLES),
    ("convenings", "slug", "members-assembly"): {"member", "token", "secretariat"},
    ("committees", "slug", "public-committee"): set(ROLES),
    ("committees", "slug", "hidden-committee"): {"member", "token", "secretariat"},
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "revoked"])
def test_each_role_lists_what_the_pages_show_it(world, role):
    client = client_as(role, world)
    for (resource, key, value), seen_by in SEEN.items():
        response, body = get(client, f"/api/v1/{resource}/")
        assert response.status_code == 200
        assert (value in keys(body, key)) == (role in seen_by), (resource, value)
        detail, _body = get(client, f"/api/v1/{resource}/{value}/")
        assert detail.status_code == (200 if role in seen_by else 404), (resource, value)
    motions = keys(get(client, "/api/v1/motions/")[1], "id")
    assert world.public_motion.pk in motions
    assert (world.hidden_motion.pk in motions) == (role != "anonymous")
    assert (world.draft_motion.pk in motions) == (role == "secretariat")
    recommendations = keys(get(client, "/api/v1/recommendations/")[1], "id")
    assert world.public_rec.pk in recommendations
    assert (world.hidden_rec.pk in recommendations) == (role != "anonymous")


def test_a_revoked_token_opens_nothing_and_says_why(world):
    client = client_as("revoked", world)
    response, body = get(client, "/api/v1/convenings/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert body["error"]["code"] == "unauthorized"
    assert "revoked" in body["error"]["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer tsq_" + "x" * 43, "Token abc"],
)
def test_a_malformed_or_unknown_token_is_a_401_in_json(client, header, world):
    response, body = get(client, "/api/v1/organizations/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert body["error"]["message"]


def test_a_token_reads_as_its_owner_with_a_private_answer(world):
    response, body = get(client_as("token", world), "/api/v1/convenings/members-assembly/")
    assert response.status_code == 200
    assert body["data"]["visibility"] == "members"
    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_a_session_answer_is_private_and_an_anonymous_one_public(world, client):
    assert "private" in client_as("member", world).get("/api/v1/branches/")["Cache-Control"]
    assert "public" in client.get("/api/v1/branches/")["Cache-Control"]


def test_a_staff_token_without_a_second_factor_is_refused(world, settings):
    settings.STAFF_MFA_REQUIRED = True
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.secretariat)}")
    response, body = get(client, "/api/v1/organizations/")
    assert response.status_code == 403
    assert body["error"]["code"] == "second_factor_required"


def test_rows_give_both_languages_of_translated_fields(world, client):
    _response, body = get(client, "/api/v1/organizations/member-org/")
    assert body["data"]["name_ar"] == "منظمة الأمل"
    assert body["data"]["name_en"] == "Hope"
    _response, body = get(client, "/api/v1/convenings/public-assembly/")
    assert {"title_ar", "title_en", "summary_ar", "summary_en"} <= set(body["data"])
    assert "join_url" not in body["data"]  # for registered organizations only, on the page


def test_a_closed_named_vote_gives_its_stored_result_and_roll_call(world, client):
    _response, body = get(client, f"/api/v1/motions/{world.public_motion.pk}/")
    motion = body["data"]
    assert motion["status"] == "closed"
    assert motion["result"]["yes"] == 3
    assert motion["result"]["channels"] == [
        {"channel": "room", "eligible": 3, "yes": 3, "no": 0, "abstain": 0}
    ]
    assert [b["choice"] for b in motion["roll_call"]] == ["yes", "yes", "yes"]
    assert "member-org" in {b["organization"] for b in motion["roll_call"]}


def test_a_secret_ballot_shows_no_roll_call_and_hides_a_small_channel(world, client):
    _response, body = get(client, f"/api/v1/motions/{world.secret_motion.pk}/")
    motion = body["data"]
    assert motion["roll_call"] == []
    # One organization voted online: its channel would tell its vote; only the total shows.
    assert motion["result"]["channels"] == []
    assert (motion["result"]["yes"], motion["result"]["eligible"]) == (21, 54)


def test_the_result_is_the_stored_one_not_a_new_count(world, client):
    # As if the stored row were all there is: the API reads it, it does not count again.
    type(world.public_motion.result).objects.filter(pk=world.public_motion.result.pk).update(
        yes=2, abstain=1
    )
    _response, body = get(client, f"/api/v1/motions/{world.public_motion.pk}/")
    assert (body["data"]["result"]["yes"], body["data"]["result"]["abstain"]) == (2, 1)


def test_an_open_vote_shows_no_result(world, client):
    from outcomes.models import Motion
    from tests.outcomes.factories import MotionFactory

    running = MotionFactory(convening=world.public, number=9, status=Motion.Status.OPEN)
    _response, body = get(client, f"/api/v1/motions/{running.pk}/")
    assert body["data"]["result"] is None and body["data"]["roll_call"] == []


def test_recommendations_give_status_progress_and_owner(world, client):
    world.public_rec.status, world.public_rec.progress = "in_progress", 40
    world.public_rec.save()
    _response, body = get(client, f"/api/v1/recommendations/{world.public_rec.pk}/")
    row = body["data"]
    assert (row["status"], row["progress"]) == ("in_progress", 40)
    assert row["responsible"] == {"slug": "member-org", "name_ar": "منظمة الأمل", "name_en": "Hope"}
    assert row["committee"]["slug"] == "public-committee"


def test_filters_are_the_pages(world, client):
    OrganizationFactory(slug="turkish-org", country="TR")
    _response, body = get(client, "/api/v1/organizations/?country=TR")
    assert keys(body, "slug") == {"turkish-org"}
    _response, body = get(client, "/api/v1/motions/?ballot=secret")
    assert keys(body, "id") == {world.secret_motion.pk}
    _response, body = get(client, "/api/v1/recommendations/?convening=public-assembly")
    assert keys(body, "id") == {world.public_rec.pk}
    _response, body = get(client, "/api/v1/committees/?convening=public-assembly")
    assert keys(body, "slug") == {"public-committee"}


def test_pages_follow_one_another_to_the_end_without_repeats(client):
    made = {OrganizationFactory().slug for _ in range(7)}
    seen, url, pages = [], "/api/v1/organizations/?limit=3", 0
    while url:
        response, body = get(client, url)
        assert response.status_code == 200
        assert len(body["data"]) <= 3
        seen += [row["slug"] for row in body["data"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


def test_a_cursor_keeps_the_filters_and_survives_new_rows(client):
    for _ in range(3):
        OrganizationFactory(country="TR")
    OrganizationFactory(country="SY")
    _response, first = get(client, "/api/v1/organizations/?country=TR&limit=2")
    assert "country=TR" in first["next"]
    OrganizationFactory(country="TR")  # added meanwhile: read at the end
    _response, second = get(client, first["next"])
    assert len(second["data"]) == 2 and second["next"] is None
    assert all(row["country"] == "TR" for row in first["data"] + second["data"])


def test_the_documentation_page_is_in_both_languages(client):
    # (The Arabic wording comes with the catalogue; the page's language and direction are set.)
    for language, direction in (("ar", "rtl"), ("en", "ltr")):
        response = client.get(f"/{language}/api/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html
        assert "/api/v1/organizations/" in html and "/api/v1/openapi.json" in html


def test_json_is_utf8_not_escaped(world, client):
    response = client.get("/api/v1/organizations/member-org/")
    assert "منظمة الأمل" in response.content.decode("utf-8")
    assert json.loads(response.content)["data"]["slug"] == "member-org"
