"""The page cache serves anonymous visitors a page rendered once, never shows anyone's private
page to another, forgets a page when the data it shows changes, and turns off entirely with
PAGE_CACHE=off; the remembered reference rows follow the same generations."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from members import memo, pagecache
from members.models import Organization, Sector
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings, monkeypatch):
    settings.PAGE_CACHE = True
    # Undo the test suite's default (every test loads reference rows afresh).
    monkeypatch.setattr(memo, "remembered", memo.remembered.__wrapped__)
    cache.clear()
    memo.forget()


def directory():
    with translation.override("en"):
        return reverse("members:organization_list")


def test_an_anonymous_page_is_rendered_once_then_served_from_the_cache(client, page_cache):
    OrganizationFactory(name_en="Relief Society")
    first = client.get(directory())
    second = client.get(directory())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    assert "Cookie" in second["Vary"]
    assert not second.cookies


def test_a_write_makes_the_cached_page_stale(client, page_cache):
    OrganizationFactory(name_en="Relief Society")
    client.get(directory())
    OrganizationFactory(name_en="Water League")  # a save bumps the members generation
    response = client.get(directory())
    assert response["X-Page-Cache"] == "miss"
    assert "Water League" in response.content.decode()


def test_a_sector_added_to_an_organization_makes_the_page_stale(client, page_cache):
    organization = OrganizationFactory()
    client.get(directory())
    organization.sectors.add(SectorFactory(name_en="Water and sanitation"))
    assert "Water and sanitation" in client.get(directory()).content.decode()


def test_a_signed_in_visitor_is_never_served_from_or_stored_in_the_cache(client, page_cache):
    coordinator = AffiliationFactory(organization__status="applicant").user
    client.force_login(coordinator)
    response = client.get(directory())
    assert "X-Page-Cache" not in response
    own = coordinator.affiliations.get().organization.name_en
    assert own in response.content.decode()  # their own applicant organization
    client.logout()
    anonymous = client.get(directory())
    assert own not in anonymous.content.decode()


def test_a_request_with_a_session_or_a_message_is_not_cached(client, page_cache):
    client.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in client.get(directory())
    del client.cookies["sessionid"]
    client.cookies["messages"] = "pending"
    assert "X-Page-Cache" not in client.get(directory())


def test_page_cache_off_renders_every_time(client, settings, page_cache):
    settings.PAGE_CACHE = False
    client.get(directory())
    assert "X-Page-Cache" not in client.get(directory())


def test_the_day_is_part_of_the_key(client, page_cache, monkeypatch):
    import datetime

    from members import clock

    client.get(directory())
    monkeypatch.setattr(clock, "federation_today", lambda: datetime.date(2099, 1, 1))
    assert client.get(directory())["X-Page-Cache"] == "miss"


def test_a_cache_outage_renders_the_page(client, page_cache, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = client.get(directory())
    assert response.status_code == 200


def test_remembered_rows_follow_the_writes(page_cache):
    SectorFactory(name_en="Health")
    load = lambda: sorted(Sector.objects.values_list("name_en", flat=True))  # noqa: E731
    assert memo.remembered("test-sectors", ("members",), load) == ["Health"]
    SectorFactory(name_en="Water")
    assert memo.remembered("test-sectors", ("members",), load) == ["Health", "Water"]


def test_a_bump_changes_the_generation(page_cache):
    before = pagecache.generations(("members",))
    pagecache.bump("members")
    assert pagecache.generations(("members",)) != before


def test_countries_in_use_lists_each_country_of_the_statuses_once(page_cache):
    OrganizationFactory(country="SY", status="active")
    OrganizationFactory(country="SY", status="registered")
    OrganizationFactory(country="TR", status="applicant")
    members = Organization.MEMBER_STATUSES
    assert Organization.objects.countries_in_use(members) == {"SY"}
    assert Organization.objects.countries_in_use(Organization.Status.values) == {"SY", "TR"}


def test_an_anonymous_directory_carries_no_cookie_and_no_form_token(client, page_cache):
    body = client.get(directory()).content.decode()
    assert "csrfmiddlewaretoken" not in body


def test_a_signed_in_home_page_is_not_cached(client, page_cache):
    client.force_login(UserFactory())
    with translation.override("en"):
        response = client.get(reverse("home"))
    assert "X-Page-Cache" not in response


def test_who_does_what_where_is_cached_until_an_activity_changes(client, page_cache):
    from tests.members.activities import ActivityFactory

    relief = SectorFactory(slug="relief", name_en="Relief")
    ActivityFactory(sector=relief, organization=OrganizationFactory(name_en="Water League"))
    path = "/en/presence/?from=2025-01-01"
    assert client.get(path)["X-Page-Cache"] == "miss"
    assert client.get(path)["X-Page-Cache"] == "hit"
    ActivityFactory(sector=SectorFactory(slug="health", name_en="Health care"))
    response = client.get(path)
    assert response["X-Page-Cache"] == "miss" and "Health care" in response.content.decode()
