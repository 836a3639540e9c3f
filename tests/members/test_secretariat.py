"""The general secretariat's page: its persons by office, the seat that follows each branch's
board chair; and the secretariat's notice when a new organization applies."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from members import services
from members.models import Message, Office, Organization
from tests.demo import pin_now

from .factories import (
    BoardSeatFactory,
    BranchFactory,
    OfficeFactory,
    OrganizationFactory,
    PersonFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
K = Office.Kind
D = datetime.date


def page(client):
    response = client.get("/en/secretariat/")
    assert response.status_code == 200
    return response.content.decode()


def federation_office(kind, name, **kwargs):
    return OfficeFactory(
        kind=kind, organization=None, person=PersonFactory(name_en=name, name_ar=""), **kwargs
    )


def test_the_page_lists_the_secretary_general_and_the_executive_team(client):
    federation_office(K.SECRETARY_GENERAL, "The Secretary")
    federation_office(K.EXECUTIVE_DIRECTOR, "The Director")
    federation_office(K.MEDIA_OFFICER, "The Media Officer")
    federation_office(K.TREASURER, "Former Treasurer", ends_on=D(2021, 1, 1))
    federation_office(K.PRESIDENT, "Future President", starts_on=D(2090, 1, 1))
    OfficeFactory(kind=K.PRESIDENT, person=PersonFactory(name_en="An Organization's President"))
    response = client.get("/en/secretariat/")
    assert [o.person.name for o in response.context["secretaries_general"]] == ["The Secretary"]
    assert [o.person.name for o in response.context["executive_team"]] == [
        "The Director",
        "The Media Officer",
    ]
    body = response.content.decode()
    assert "Executive director" in body and "Media officer" in body
    for absent in ("Former Treasurer", "Future President", "An Organization&#x27;s President"):
        assert absent not in body


def test_a_vacant_secretary_general_is_said(client):
    assert "vacant" in page(client)


def test_branch_chairs_sit_ex_officio_with_their_branch_and_organization(client):
    turkey = BranchFactory(name_en="Turkey")
    dormant = BranchFactory(name_en="Dormant", is_active=False)
    home = OrganizationFactory(name_en="Chair's Organization")
    OfficeFactory(
        kind=K.BRANCH_CHAIR,
        organization=None,
        branch=turkey,
        person=PersonFactory(name_en="Turkey Chair", organization=home),
    )
    OfficeFactory(
        kind=K.BRANCH_CHAIR,
        organization=None,
        branch=dormant,
        person=PersonFactory(name_en="Dormant Chair"),
    )
    body = page(client)
    assert "Turkey Chair" in body and "Chair&#x27;s Organization" in body and "Turkey" in body
    assert "Dormant" not in body


def test_a_branch_with_no_chair_person_names_its_board_chair_organization(client):
    jordan = BranchFactory(name_en="Jordan")
    BoardSeatFactory(branch=jordan, role="chair", organization__name_en="Seat Holder")
    OfficeFactory(
        kind=K.BRANCH_CHAIR,
        organization=None,
        branch=jordan,
        person=PersonFactory(name_en="Old Chair"),
        ends_on=D(2021, 1, 1),
    )
    response = client.get("/en/secretariat/")
    [row] = response.context["chairs"]
    assert row["office"] is None and row["organization"].name == "Seat Holder"
    body = response.content.decode()
    assert "Person not recorded" in body and "Seat Holder" in body and "Old Chair" not in body


def test_a_branch_with_neither_chair_person_nor_chair_organization_is_vacant(client):
    BranchFactory(name_en="Gulf")
    body = client.get("/en/secretariat/").content.decode()
    assert "Vacant" in body


def test_contact_details_appear_only_where_public(client):
    OfficeFactory(
        kind=K.SECRETARY_GENERAL,
        organization=None,
        person=PersonFactory(email="sg@example.org", phone="+90 1", contact_public=True),
    )
    private = PersonFactory(email="hidden@example.org", phone="+90 2", contact_public=False)
    OfficeFactory(kind=K.TREASURER, organization=None, person=private)
    branch = BranchFactory()
    OfficeFactory(
        kind=K.BRANCH_CHAIR,
        organization=None,
        branch=branch,
        person=PersonFactory(email="chair@example.org", contact_public=False),
    )
    body = page(client)
    assert "sg@example.org" in body and "+90 1" in body
    for hidden in ("hidden@example.org", "+90 2", "chair@example.org"):
        assert hidden not in body


def test_the_seat_follows_the_chair_on_the_day_of_the_hand_over(client, monkeypatch):
    """Handed over on day D: the page shows the new chair on D, the old one on D - 1."""
    branch = BranchFactory(name_en="Turkey")
    secretariat = SecretariatFactory()
    services.office_assign(
        by=secretariat,
        person=PersonFactory(name_en="Old Chair", name_ar=""),
        kind=K.BRANCH_CHAIR,
        branch=branch,
        starts_on=D(2024, 1, 1),
    )
    day = D(2026, 3, 10)
    services.office_hand_over(
        by=secretariat,
        kind=K.BRANCH_CHAIR,
        branch=branch,
        person=PersonFactory(name_en="New Chair", name_ar=""),
        on=day,
    )
    # Late on the eve in the federation's zone (Istanbul, UTC+3): still D - 1 there.
    pin_now(monkeypatch, datetime.datetime(2026, 3, 9, 20, 59, tzinfo=datetime.UTC))
    body = page(client)
    assert "Old Chair" in body and "New Chair" not in body
    # Just after midnight in Istanbul, still D - 1 in UTC: D on the federation's calendar.
    pin_now(monkeypatch, datetime.datetime(2026, 3, 9, 21, 1, tzinfo=datetime.UTC))
    body = page(client)
    assert "New Chair" in body and "Old Chair" not in body


def test_the_page_costs_the_same_for_1_and_many_branches_and_offices(client):
    def grow(n):
        for _ in range(n):
            branch = BranchFactory()
            OfficeFactory(
                kind=K.BRANCH_CHAIR,
                organization=None,
                branch=branch,
                person__organization=OrganizationFactory(),
            )
            BoardSeatFactory(branch=branch, role="chair")
            BranchFactory()  # vacant
            BoardSeatFactory(branch=BranchFactory(), role="chair")  # vacant, with a seat
            OfficeFactory(kind=K.BOARD_MEMBER, organization=None, person__organization=None)
            OfficeFactory(kind=K.OTHER, organization=None)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/secretariat/").status_code == 200
        return len(queries)

    grow(1)
    federation_office(K.SECRETARY_GENERAL, "SG")
    one = count()
    grow(20)
    assert count() == one


# The notice when a new organization applies -------------------------------------------------


def register(user):
    return services.organization_register(
        user=user, data={"name_en": "New Relief", "name_ar": "إغاثة جديدة", "acronym": "NR"}
    )


def test_a_new_application_is_announced_once_to_the_secretariat(settings):
    settings.SITE_URL = "https://tansiq.example"
    secretary = SecretariatFactory(preferred_language="en")
    superuser = StaffFactory(preferred_language="ar")
    bystander = UserFactory()
    plain_staff = UserFactory(is_staff=True)  # staff without the role: not the secretariat
    applicant_user = UserFactory()
    organization = register(applicant_user)
    messages = Message.objects.filter(kind="organization_applied")
    assert sorted(messages.values_list("recipient__email", flat=True)) == sorted(
        [secretary.email, superuser.email]
    )
    for user in (bystander, plain_staff, applicant_user):
        assert not messages.filter(recipient=user).exists()
    english = messages.get(recipient=secretary)
    assert english.key == f"organization-applied-{organization.pk}"
    assert "New Relief" in english.subject
    assert f"https://tansiq.example/en/organizations/{organization.slug}/" in english.body_text
    assert "/admin/members/organization/?status__exact=applicant" in english.body_text
    arabic = messages.get(recipient=superuser)
    assert f"/ar/organizations/{organization.slug}/" in arabic.body_text
    # The same news again (a retried request, a task) adds nothing.
    with translation.override("en"):
        services.organizations._notify_secretariat_of_application(organization)
    assert messages.count() == 2
    assert Organization.objects.get().status == Organization.Status.APPLICANT


def test_a_secretary_who_muted_applications_is_not_told(settings):
    SecretariatFactory(muted_notifications=["organization_applied"])
    register(UserFactory())
    assert not Message.objects.filter(kind="organization_applied").exists()


def test_the_register_page_announces_the_application(client):
    secretary = SecretariatFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/organizations/register/", {"name_en": "Via Page", "name_ar": "", "country": "SY"}
    )
    assert response.status_code == 302
    assert Message.objects.filter(kind="organization_applied", recipient=secretary).count() == 1
