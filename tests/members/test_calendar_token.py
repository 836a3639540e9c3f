"""The personal calendar link under My account: created on request, shown as an absolute URL,
reset only after a confirmation, and the old link stops at once."""

import pytest

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"
TOKEN_VIEW = "/en/accounts/calendar-link/"


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def feed_path(user, lang="en"):
    return f"/{lang}/recommendations/deadlines/{user.feed_token}.ics"


def test_without_a_link_the_page_offers_to_create_one(client, member):
    body = client.get(PROFILE).content.decode()
    assert "My deadlines calendar" in body
    assert "Create my calendar link" in body
    assert "Reset the link" not in body
    assert "/recommendations/deadlines/" not in body


def test_creating_the_link_shows_its_absolute_url_in_a_read_only_field(client, member):
    response = client.post(TOKEN_VIEW)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/#calendar-feed"
    member.refresh_from_db()
    assert member.feed_token
    body = client.get(PROFILE).content.decode()
    assert (
        f'<input type="url" id="calendar-feed-url" value="http://testserver{feed_path(member)}"'
        " readonly" in body
    )
    assert '<label for="calendar-feed-url">' in body
    assert "Reset the link" in body
    assert "Create my calendar link" not in body
    assert client.get(feed_path(member)).status_code == 200


def test_the_link_follows_the_pages_language(client, member):
    client.post(TOKEN_VIEW)
    member.refresh_from_db()
    body = client.get("/ar/accounts/profile/").content.decode()
    assert f"http://testserver{feed_path(member, 'ar')}" in body
    assert '<html lang="ar" dir="rtl">' in body


def test_a_reset_needs_its_confirmation(client, member):
    client.post(TOKEN_VIEW)
    member.refresh_from_db()
    token = member.feed_token
    # The "create" form of a page left open elsewhere, or a reset without confirming.
    client.post(TOKEN_VIEW)
    client.post(TOKEN_VIEW, {"confirm": "yes"})
    member.refresh_from_db()
    assert member.feed_token == token
    assert "Your calendar link was not changed." in client.get(PROFILE).content.decode()


def test_a_confirmed_reset_kills_the_old_url_and_the_new_one_works(client, member):
    client.post(TOKEN_VIEW)
    member.refresh_from_db()
    old = feed_path(member)
    assert client.get(old).status_code == 200
    response = client.post(TOKEN_VIEW, {"confirm": "reset"}, follow=True)
    assert "the old link no longer works" in response.content.decode()
    member.refresh_from_db()
    new = feed_path(member)
    assert new != old
    client.logout()  # calendar apps have no session
    gone = client.get(old)
    assert gone.status_code == 404
    assert "This calendar link is not valid; it may have been reset." in gone.content.decode()
    assert client.get(new).status_code == 200


def test_the_reset_form_asks_to_confirm_with_a_post(client, member):
    client.post(TOKEN_VIEW)
    body = client.get(PROFILE).content.decode()
    section = body.split('id="calendar-feed"')[1].split("</section>")[0]
    assert '<details class="confirm-reset">' in section
    assert 'method="post" action="/en/accounts/calendar-link/"' in section
    assert 'name="confirm" value="reset"' in section
    assert "csrfmiddlewaretoken" in section


def test_the_link_view_only_takes_posts(client, member):
    assert client.get(TOKEN_VIEW).status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.post(TOKEN_VIEW)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_each_user_gets_a_different_secret(client, db):
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        client.force_login(user)
        client.post(TOKEN_VIEW)
        user.refresh_from_db()
    assert first.feed_token != second.feed_token
    assert len(first.feed_token) >= 40
