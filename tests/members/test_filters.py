"""The directory's filters: options from remembered lists, choices read without a query."""

import pytest
from django.utils import translation

from members import memo
from members.filters import OrganizationFilter
from members.models import Organization, Sector
from members.places import country_choices
from tests.members.factories import OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembering(monkeypatch):
    monkeypatch.setattr(memo, "remembered", memo.remembered.__wrapped__)


def test_a_sector_filter_is_resolved_from_the_remembered_options(
    client, remembering, django_assert_num_queries
):
    health = SectorFactory(slug="health")
    OrganizationFactory(status="active").sectors.add(health)
    client.get("/en/organizations/?sector=health")  # remembers the options
    form = OrganizationFilter({"sector": "health"}, queryset=None).form
    with django_assert_num_queries(0):
        assert form.fields["sector"].clean("health") == health


def test_a_sector_the_remembered_options_lack_is_still_found(client, remembering):
    wells = OrganizationFactory(status="active", name_en="Wells")
    client.get("/en/organizations/?sector=")  # remembers the options
    # bulk_create sends no signal, as a write from another process would not reach this one.
    (water,) = Sector.objects.bulk_create([Sector(name="Water", name_en="Water", slug="water")])
    Organization.sectors.through.objects.bulk_create(
        [Organization.sectors.through(organization=wells, sector=water)]
    )
    response = client.get("/en/organizations/?sector=water")
    assert [o.name_en for o in response.context["page"].object_list] == ["Wells"]


def test_country_choices_are_named_and_ordered_in_each_language():
    with translation.override("en"):
        assert country_choices(("SY", "EG", "JO")) == [
            ("EG", "Egypt"),
            ("JO", "Jordan"),
            ("SY", "Syria"),
        ]
    with translation.override("ar"):
        assert [code for code, _name in country_choices(("SY", "EG", "JO"))] == [
            "JO",
            "SY",
            "EG",
        ]


def test_a_remembered_list_is_dropped_when_any_table_it_reads_changes(
    client, remembering, monkeypatch
):
    """The convenings' organizer options read organizations and convenings: a convening added
    by another process brings its organizer into this process's options, with no write to the
    organizations."""
    from django.core.cache import cache

    from events.models import Convening
    from members import pagecache
    from tests.events.factories import ConveningFactory

    monkeypatch.setattr(memo, "GENERATIONS_FOR", 0)
    organizer = OrganizationFactory(name_en="Organizer Org", slug="organizer", status="active")
    option = '<option value="organizer">'
    assert option not in client.get("/en/convenings/").content.decode()
    # Another process: its rows (no signal here) and its bump of the events generation.
    Convening.objects.bulk_create([ConveningFactory.build(organizer_organization=organizer)])
    cache.incr(pagecache._generation_key("events"))
    assert option in client.get("/en/convenings/").content.decode()
