"""The audit log in the admin: read by the secretariat and superusers, changed by no one, with
its changes written readably and its times on the federation's clock."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import audit
from members.models import AuditEntry

from .factories import (
    FederationFactory,
    OrganizationFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOG = reverse("admin:members_auditentry_changelist")


def signed_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def secretariat_client(client):
    return signed_in(client, SecretariatFactory(email="clerk@example.org", name="Clerk Karim"))


def entry(obj=None, actor=None, action="organization.status", at=None, note="", changes=None):
    """One act in the log, as a service records it; `at` for one recorded at a past time."""
    obj = obj or OrganizationFactory()
    changes = changes or {"status": ("registered", "active")}
    if at is None:
        return audit.record(actor=actor, action=action, obj=obj, changes=changes, note=note)
    return AuditEntry.objects.create(
        at=at,
        actor=actor,
        action=action,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj),
        changes={field: list(pair) for field, pair in changes.items()},
        note=note,
    )


def named(name):
    # A record is logged under its name in the language of the moment; the same in both.
    return OrganizationFactory(name_en=name, name_ar=name)


def body(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_secretariat_reads_the_log(secretariat_client):
    entry(named("Olive Branch"))
    page = body(secretariat_client, LOG)
    assert "Olive Branch" in page and "organization.status" in page


def test_a_superuser_reads_the_log_where_the_system_acts_too(client):
    entry(actor=None)
    assert "the system" in body(signed_in(client, StaffFactory()), LOG)


def test_a_staff_account_without_a_role_cannot_read_it(client):
    made = entry()
    signed_in(client, UserFactory(is_staff=True))
    assert client.get(LOG).status_code == 403
    assert client.get(reverse("admin:members_auditentry_change", args=[made.pk])).status_code == 403


def test_nobody_adds_changes_or_deletes_an_entry_not_even_a_superuser(client):
    made = entry()
    signed_in(client, StaffFactory())
    change = reverse("admin:members_auditentry_change", args=[made.pk])
    delete = reverse("admin:members_auditentry_delete", args=[made.pk])
    assert client.get(reverse("admin:members_auditentry_add")).status_code == 403
    assert client.post(change, {"action": "rewritten"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        LOG, {"action": "delete_selected", "_selected_action": [made.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    made.refresh_from_db()
    assert made.action == "organization.status" and AuditEntry.objects.count() == 1
    page = body(client, LOG)
    assert 'name="_selected_action"' not in page and 'name="action"' not in page  # no actions
    assert reverse("admin:members_auditentry_add") not in page


def test_the_detail_is_read_only_and_says_what_changed(secretariat_client):
    made = entry(named("Olive Branch"), note="Approved at the meeting")
    page = body(secretariat_client, reverse("admin:members_auditentry_change", args=[made.pk]))
    assert 'name="_save"' not in page and "<textarea" not in page
    assert "Registered" in page and "Active member" in page and "Approved at the meeting" in page


def test_changes_read_field_before_and_after(secretariat_client):
    entry(changes={"status": ("registered", "active"), "acronym": (None, "OB")})
    page = body(secretariat_client, LOG)
    assert "membership status: <bdi>Registered</bdi> → <bdi>Active member</bdi>" in page
    assert "acronym: <bdi>—</bdi> → <bdi>OB</bdi>" in page


def test_times_are_on_the_federations_clock_and_say_which(secretariat_client):
    FederationFactory(timezone="Asia/Damascus")
    late = datetime.datetime(2026, 3, 1, 22, 30, tzinfo=datetime.UTC)  # 01:30 on the 2nd there
    entry(named("Late one"), at=late)
    entry(
        named("Early one"),
        at=datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC),
    )
    page = body(secretariat_client, LOG)
    assert "2026-03-02 01:30:00" in page and "(Asia/Damascus)" in page
    second = body(secretariat_client, LOG + "?at__year=2026&at__month=3&at__day=2")
    assert "Late one" in second and "Early one" not in second


def test_the_log_filters_by_action_kind_of_record_and_searches_record_and_who(
    secretariat_client,
):
    clerk = UserFactory(email="amal@example.org", name="Amal")
    organization = named("Olive Branch")
    entry(organization, actor=clerk, action="organization.status")
    entry(named("Cedar"), action="organization.edit")
    entry(clerk, action="user.change", changes={"is_active": (True, False)})
    by_action = body(secretariat_client, LOG + "?action=organization.status")
    assert "Olive Branch" in by_action and "Cedar" not in by_action
    user_type = ContentType.objects.get_for_model(clerk)
    by_kind = body(secretariat_client, LOG + f"?object_type__id__exact={user_type.pk}")
    assert "user.change" in by_kind and "Olive Branch" not in by_kind
    assert "Cedar" in body(secretariat_client, LOG + "?q=Cedar")
    by_who = body(secretariat_client, LOG + "?q=amal%40example.org")
    assert "Olive Branch" in by_who and "Cedar" not in by_who


def test_the_record_links_to_its_admin_page(secretariat_client):
    organization = named("Olive Branch")
    entry(organization)
    link = reverse("admin:members_organization_change", args=[organization.pk])
    assert f'href="{link}"' in body(secretariat_client, LOG)


def test_the_log_costs_the_same_for_1_and_30_entries(secretariat_client):
    organization = OrganizationFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert secretariat_client.get(LOG).status_code == 200
        return len(queries)

    entry(organization, actor=UserFactory())
    one = count()
    for _ in range(29):
        entry(OrganizationFactory(), actor=UserFactory())
    assert count() == one
