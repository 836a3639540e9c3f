"""Declaring activities: who may, the rules (each refused with its message, nothing saved), the
history, the places dataset, and the coordinator's pages."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from members import places_data
from members.errors import NotAllowed, Refused
from members.models import Activity, AuditEntry, Place
from members.services import activities as services

from .activities import ActivityFactory, place
from .factories import (
    AffiliationFactory,
    OrganizationFactory,
    SecretariatFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages and reversed URLs in English (the default language is Arabic)."""
    with translation.override("en"):
        yield


START = datetime.date(2025, 3, 1)


@pytest.fixture
def sector():
    return SectorFactory(slug="relief", name_en="Relief", name_ar="الإغاثة")


def declare(by, organization, **overrides):
    values = {"sector": "relief", "country": "SY", "place": "SY-HL", "start": START}
    values.update(overrides)
    return services.activity_create(by=by, organization=organization, **values)


# The places dataset -----------------------------------------------------------------------


def test_the_places_of_the_six_countries_are_loaded_with_arabic_and_english_names():
    for country in ("SY", "SD", "TR", "LB", "JO", "IQ"):
        places = Place.objects.filter(country=country)
        assert places.exists(), country
        assert all(p.name_ar and p.name_en for p in places), country
    assert Place.objects.filter(country="SY").count() == 14
    assert Place.objects.get(pk="SY-RD").name_ar == "ريف دمشق"
    assert Place.objects.get(pk="SD-NR").name_ar == "ولاية نهر النيل"
    assert Place.objects.get(pk="TR-27").name_ar == "غازي عنتاب"
    assert Place.objects.get(pk="TR-31").name_en == "Hatay"
    assert Place.objects.filter(country="TR").count() == 81


def test_every_code_of_the_dataset_begins_with_its_country():
    for country, rows in places_data.dataset().items():
        assert len({row["code"] for row in rows}) == len(rows)
        assert all(row["code"].startswith(f"{country}-") for row in rows)


def test_loading_the_places_again_changes_nothing(django_assert_num_queries):
    with django_assert_num_queries(1):
        places_data.ensure_places()


# Who may declare --------------------------------------------------------------------------


def test_a_coordinator_declares_an_activity_of_their_organization_and_history_is_kept(sector):
    coordinator = AffiliationFactory().user
    organization = coordinator.affiliations.get().organization
    activity = declare(coordinator, organization, reached=120, description_ar="توزيع سلال")
    assert activity.sector == sector and activity.place_id == "SY-HL"
    assert activity.declared_by == coordinator
    entry = AuditEntry.objects.about(activity).get()
    assert entry.action == "activity.create" and entry.actor == coordinator
    assert entry.changes["reached"] == [None, 120]


def test_the_secretariat_declares_and_changes_any_organizations_activities(sector):
    secretariat = SecretariatFactory()
    activity = declare(secretariat, OrganizationFactory())
    services.activity_update(by=secretariat, activity=activity, reached=40)
    entries = AuditEntry.objects.about(activity)
    assert [e.action for e in entries] == ["activity.update", "activity.create"]
    assert entries[0].changes == {"reached": [None, 40]}


@pytest.mark.parametrize("who", ["staff member", "other coordinator", "signed-in user"])
def test_someone_neither_coordinator_nor_secretariat_is_refused(sector, who):
    organization = OrganizationFactory()
    if who == "staff member":
        by = AffiliationFactory(organization=organization, role="member").user
    elif who == "other coordinator":
        by = AffiliationFactory().user
    else:
        by = UserFactory()
    with pytest.raises(NotAllowed, match="Only a coordinator of"):
        declare(by, organization)
    assert not Activity.objects.exists()


# The rules --------------------------------------------------------------------------------


def test_an_activity_ending_before_it_starts_is_refused(sector):
    with pytest.raises(Refused, match="cannot end before it starts") as refused:
        declare(SecretariatFactory(), OrganizationFactory(), end=START - datetime.timedelta(1))
    assert refused.value.code == "end_before_start"
    assert not Activity.objects.exists()


def test_an_activity_of_one_day_is_allowed(sector):
    assert declare(SecretariatFactory(), OrganizationFactory(), end=START).end == START


def test_a_place_outside_the_chosen_country_is_refused(sector):
    with pytest.raises(Refused, match="not in the chosen country") as refused:
        declare(SecretariatFactory(), OrganizationFactory(), country="TR", place="SY-HL")
    assert refused.value.code == "place_outside_country"
    assert not Activity.objects.exists()


def test_an_unknown_sector_is_refused():
    with pytest.raises(Refused, match="not one of the federation's sectors") as refused:
        declare(SecretariatFactory(), OrganizationFactory(), sector="no-such-sector")
    assert refused.value.code == "unknown_sector"
    assert not Activity.objects.exists()


def test_an_unknown_place_is_refused(sector):
    with pytest.raises(Refused, match="not in the list of places"):
        declare(SecretariatFactory(), OrganizationFactory(), place="SY-XX")


def test_an_update_that_breaks_a_rule_saves_nothing(sector):
    secretariat = SecretariatFactory()
    activity = declare(secretariat, OrganizationFactory())
    with pytest.raises(Refused):
        services.activity_update(by=secretariat, activity=activity, place="TR-31")
    activity.refresh_from_db()
    assert activity.place_id == "SY-HL"
    assert AuditEntry.objects.about(activity).count() == 1


def test_the_database_refuses_an_end_before_the_start_and_a_place_of_another_country(sector):
    organization = OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(organization=organization, start=START, end=START - datetime.timedelta(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(organization=organization, place=place("SY-HL"), country="TR")


def test_ending_an_activity_sets_today_and_cannot_be_done_twice(sector):
    secretariat = SecretariatFactory()
    activity = declare(secretariat, OrganizationFactory())
    today = datetime.date(2026, 1, 10)
    services.activity_end(by=secretariat, activity=activity, on=today)
    activity.refresh_from_db()
    assert activity.end == today
    with pytest.raises(Refused, match="already ended"):
        services.activity_end(by=secretariat, activity=activity, on=today)


# The coordinator's pages --------------------------------------------------------------------


def _form(**overrides):
    data = {
        "sector": "relief",
        "country": "SY",
        "place": "SY-RD",
        "start": "2025-03-01",
        "end": "",
        "reached": "",
        "description_ar": "",
        "description_en": "Food baskets",
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_an_activity_from_the_page(client, sector):
    affiliation = AffiliationFactory()
    client.force_login(affiliation.user)
    url = reverse("members:organization_activities", kwargs={"slug": affiliation.organization.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.place_id == "SY-RD" and activity.description_en == "Food baskets"


def test_the_page_shows_the_services_refusal_on_its_field(client, sector):
    affiliation = AffiliationFactory()
    client.force_login(affiliation.user)
    url = reverse("members:organization_activities", kwargs={"slug": affiliation.organization.slug})
    response = client.post(url, _form(country="TR"))
    assert response.status_code == 400
    assert "not in the chosen country" in response.content.decode()
    response = client.post(url, _form(end="2025-01-01"))
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    response = client.post(url, _form(sector="nothing"))
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_a_coordinator_edits_and_ends_an_activity(client, sector):
    affiliation = AffiliationFactory()
    activity = ActivityFactory(organization=affiliation.organization, sector=sector)
    client.force_login(affiliation.user)
    kwargs = {"slug": affiliation.organization.slug, "pk": activity.pk}
    edit = reverse("members:activity_edit", kwargs=kwargs)
    assert client.get(edit).status_code == 200
    assert client.post(edit, _form(place="SY-HL", reached="55")).status_code == 302
    activity.refresh_from_db()
    assert activity.reached == 55
    assert client.post(reverse("members:activity_end", kwargs=kwargs)).status_code == 302
    activity.refresh_from_db()
    assert activity.end is not None


def test_another_organizations_activity_is_not_found_from_this_organization(client, sector):
    affiliation = AffiliationFactory()
    other = ActivityFactory(sector=sector)
    client.force_login(affiliation.user)
    url = reverse(
        "members:activity_edit", kwargs={"slug": affiliation.organization.slug, "pk": other.pk}
    )
    assert client.get(url).status_code == 404


ISO_CODES = "/usr/share/iso-codes/json/iso_3166-2.json"


def test_the_codes_are_iso_3166_2_first_level_divisions():
    import json
    import os

    if not os.path.exists(ISO_CODES):
        pytest.skip("Debian's iso-codes is not installed")
    with open(ISO_CODES, encoding="utf-8") as file:
        official = {entry["code"] for entry in json.load(file)["3166-2"] if "parent" not in entry}
    for country, rows in places_data.dataset().items():
        codes = {row["code"] for row in rows}
        expected = {code for code in official if code.startswith(f"{country}-")}
        assert codes == expected, country
