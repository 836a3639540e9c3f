"""Activities in the admin: saved through the services (same rules and messages, history kept),
never deleted."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Activity, AuditEntry

from .activities import ActivityFactory
from .factories import OrganizationFactory, SecretariatFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages and reversed URLs in English (the default language is Arabic)."""
    with translation.override("en"):
        yield


@pytest.fixture
def secretariat_client(client):
    client.force_login(SecretariatFactory())
    client.cookies["django_language"] = "en"
    return client


def _data(organization, sector, **overrides):
    data = {
        "organization": organization.pk,
        "sector": sector.pk,
        "country": "SY",
        "place": "SY-ID",
        "start": "2025-02-01",
        "end": "",
        "reached": "",
        "description_ar": "",
        "description_en": "",
    }
    data.update(overrides)
    return data


def test_the_secretariat_adds_an_activity_through_the_service(secretariat_client):
    organization, sector = OrganizationFactory(), SectorFactory()
    response = secretariat_client.post(
        reverse("admin:members_activity_add"), _data(organization, sector)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    assert AuditEntry.objects.about(activity).get().action == "activity.create"


def test_the_admin_shows_the_services_refusals(secretariat_client):
    organization, sector = OrganizationFactory(), SectorFactory()
    url = reverse("admin:members_activity_add")
    response = secretariat_client.post(url, _data(organization, sector, country="TR"))
    assert response.status_code == 200
    assert "not in the chosen country" in response.content.decode()
    response = secretariat_client.post(url, _data(organization, sector, end="2025-01-01"))
    assert "cannot end before it starts" in response.content.decode()
    assert not Activity.objects.exists()


def test_an_edit_in_the_admin_is_in_the_history_and_nothing_is_deleted(secretariat_client):
    activity = ActivityFactory()
    url = reverse("admin:members_activity_change", args=[activity.pk])
    assert secretariat_client.get(url).status_code == 200
    data = _data(
        activity.organization, activity.sector, place="SY-HL", start="2025-01-01", reached="9"
    )
    assert secretariat_client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.reached == 9
    assert AuditEntry.objects.about(activity).get().changes == {"reached": [None, 9]}
    delete = reverse("admin:members_activity_delete", args=[activity.pk])
    assert secretariat_client.get(delete).status_code == 403
