"""People: a name in Arabic or English, an optional account and organization, contact shown
only when public; an organization's page lists its current officers; the admin."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from members import services
from members.errors import NotAllowed, Refused
from members.models import Affiliation, Office, Person

from .factories import (
    AffiliationFactory,
    OfficeFactory,
    OrganizationFactory,
    PersonFactory,
    SecretariatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
K = Office.Kind
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def secretariat():
    return SecretariatFactory()


# The services --------------------------------------------------------------------------------


@pytest.mark.parametrize("names", [{}, {"name_ar": "  ", "name_en": ""}])
def test_a_person_needs_a_name_in_arabic_or_english(secretariat, names):
    with pytest.raises(Refused, match="name in Arabic or in English") as refused:
        services.person_create(by=secretariat, **names)
    assert refused.value.code == "name_required"
    assert not Person.objects.exists()


@pytest.mark.parametrize("field", ["name_ar", "name_en"])
def test_one_name_is_enough(secretariat, field):
    person = services.person_create(by=secretariat, **{field: "  Huda  "})
    person.refresh_from_db()
    assert getattr(person, field) == "Huda"
    assert str(person) == "Huda"  # falls back to the other language's name


def test_the_secretariat_links_a_person_to_an_account_once(secretariat):
    user = UserFactory()
    person = services.person_create(by=secretariat, name_en="Huda", user=user)
    assert user.person == person
    with pytest.raises(Refused) as refused:
        services.person_create(by=secretariat, name_en="Other", user=user)
    assert refused.value.code == "account_taken"
    assert Person.objects.count() == 1


def test_a_bad_email_is_refused(secretariat):
    with pytest.raises(Refused):
        services.person_create(by=secretariat, name_en="Huda", email="not-an-address")
    assert not Person.objects.exists()


def test_a_coordinator_names_people_of_their_own_organization():
    affiliation = AffiliationFactory()
    person = services.person_create(
        by=affiliation.user, name_ar="هدى", organization=affiliation.organization
    )
    services.person_update(by=affiliation.user, person=person, phone="+90 555", contact_public=True)
    person.refresh_from_db()
    assert (person.organization, person.phone, person.contact_public) == (
        affiliation.organization,
        "+90 555",
        True,
    )


def test_a_coordinator_may_not_name_people_of_another_organization():
    coordinator = AffiliationFactory().user
    with pytest.raises(NotAllowed):
        services.person_create(by=coordinator, name_en="X", organization=OrganizationFactory())
    with pytest.raises(NotAllowed):
        services.person_create(by=coordinator, name_en="X")
    assert not Person.objects.exists()


def test_a_coordinator_may_not_attach_someone_elses_account():
    affiliation = AffiliationFactory()
    colleague = AffiliationFactory(organization=affiliation.organization, role="member").user
    with pytest.raises(NotAllowed):
        services.person_create(
            by=affiliation.user,
            name_en="X",
            user=colleague,
            organization=affiliation.organization,
        )
    assert not Person.objects.exists()


def test_a_user_keeps_their_own_person_but_does_not_relink_it():
    user = UserFactory()
    person = PersonFactory(user=user, name_en="Old")
    services.person_update(by=user, person=person, name_en="New")
    assert Person.objects.get().name_en == "New"
    with pytest.raises(NotAllowed):
        services.person_update(by=user, person=person, user=UserFactory())
    with pytest.raises(NotAllowed):  # an organization they do not belong to
        services.person_update(by=user, person=person, organization=OrganizationFactory())
    person.refresh_from_db()
    assert person.user == user and person.organization is None


def test_a_stranger_may_not_change_a_person():
    person = PersonFactory(name_en="Huda")
    with pytest.raises(NotAllowed):
        services.person_update(by=UserFactory(), person=person, name_en="Changed")
    assert Person.objects.get().name_en == "Huda"


def test_removing_both_names_is_refused(secretariat):
    person = PersonFactory(name_en="Huda", name_ar="هدى")
    with pytest.raises(Refused):
        services.person_update(by=secretariat, person=person, name_en="", name_ar="")
    person.refresh_from_db()
    assert person.name_en == "Huda"


# The organization's page ---------------------------------------------------------------------


def test_the_organization_page_lists_its_current_officers(client):
    organization = OrganizationFactory()
    OfficeFactory(
        organization=organization,
        kind=K.PRESIDENT,
        person=PersonFactory(name_en="Current President"),
    )
    OfficeFactory(
        organization=organization,
        kind=K.TREASURER,
        person=PersonFactory(name_en="Former Treasurer"),
        ends_on=D(2021, 1, 1),
    )
    OfficeFactory(kind=K.PRESIDENT, person=PersonFactory(name_en="Someone Elsewhere"))
    body = client.get(f"/en/organizations/{organization.slug}/").content.decode()
    assert "Officers" in body
    assert "Current President" in body and "President" in body
    assert "Former Treasurer" not in body and "Someone Elsewhere" not in body


def test_an_officers_contact_is_shown_only_when_public(client):
    organization = OrganizationFactory()
    OfficeFactory(
        organization=organization,
        person=PersonFactory(email="open@example.org", phone="+90 1", contact_public=True),
    )
    OfficeFactory(
        organization=organization,
        person=PersonFactory(email="private@example.org", phone="+90 2", contact_public=False),
    )
    body = client.get(f"/en/organizations/{organization.slug}/").content.decode()
    assert "open@example.org" in body and "+90 1" in body
    assert "private@example.org" not in body and "+90 2" not in body


def test_the_organization_page_costs_the_same_for_1_and_30_officers(client):
    organization = OrganizationFactory(slug="relief")

    def grow(n):
        for _ in range(n):
            OfficeFactory(organization=organization, person__organization=organization)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/organizations/relief/").status_code == 200
        return len(queries)

    grow(1)
    one = count()
    grow(29)
    assert count() == one


def test_the_people_link_is_for_those_who_manage_them(client):
    affiliation = AffiliationFactory()
    url = f"/en/organizations/{affiliation.organization.slug}/"
    people = f"/en/organizations/{affiliation.organization.slug}/people/"
    assert people not in client.get(url).content.decode()
    client.force_login(affiliation.user)
    assert people in client.get(url).content.decode()


# The admin -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, settings):
    client.force_login(SecretariatFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the admin has no language prefix
    return client


def test_the_admin_lists_and_searches_people(admin_client):
    PersonFactory(name_en="Khudr al-Sotari", name_ar="", email="k@example.org")
    PersonFactory(name_en="Someone Else", name_ar="")
    response = admin_client.get("/admin/members/person/?q=sotari")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Khudr al-Sotari" in body and "Someone Else" not in body
    assert admin_client.get("/admin/members/person/?q=k@example.org").status_code == 200
    organization = OrganizationFactory()
    assert (
        admin_client.get(f"/admin/members/person/?organization__id__exact={organization.pk}")
    ).status_code == 200
    person = Person.objects.first()
    OfficeFactory(person=person)
    assert admin_client.get(f"/admin/members/person/{person.pk}/change/").status_code == 200


def office_form(person, **overrides):
    data = {
        "person": person.pk,
        "kind": K.PRESIDENT,
        "title_ar": "",
        "title_en": "",
        "organization": "",
        "branch": "",
        "starts_on": "2025-01-01",
        "ends_on": "",
    }
    data.update(overrides)
    return data


def test_the_admin_saves_offices_through_the_service(admin_client):
    first, second = PersonFactory(), PersonFactory()
    response = admin_client.post("/admin/members/office/add/", office_form(first))
    assert response.status_code == 302
    assert Office.objects.get().person == first
    # A second current president of the federation: the service's rule, with its message.
    response = admin_client.post("/admin/members/office/add/", office_form(second))
    assert response.status_code == 200
    assert "one holder at a time" in response.content.decode()
    assert Office.objects.count() == 1
    response = admin_client.post(
        "/admin/members/office/add/",
        office_form(second, starts_on="2025-02-01", ends_on="2025-01-01"),
    )
    assert "cannot end before it starts" in response.content.decode()
    assert Office.objects.count() == 1
    assert admin_client.get("/admin/members/office/?kind__exact=president").status_code == 200


def test_the_admin_refuses_office_writes_to_staff_without_the_role(client, settings):
    coordinator = AffiliationFactory().user
    coordinator.is_staff = True
    coordinator.save()
    from django.contrib.auth.models import Permission

    coordinator.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_office", "change_office", "view_office"])
    )
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/admin/members/office/add/", office_form(PersonFactory(), kind=K.SECRETARY_GENERAL)
    )
    assert response.status_code == 200
    assert "Only the secretariat" in response.content.decode()
    assert not Office.objects.exists()


def inline_data(person, offices):
    data = {
        "name_ar": person.name_ar,
        "name_en": person.name_en,
        "email": "",
        "phone": "",
        "user": "",
        "organization": "",
        "offices-TOTAL_FORMS": str(len(offices)),
        "offices-INITIAL_FORMS": "0",
        "offices-MIN_NUM_FORMS": "0",
        "offices-MAX_NUM_FORMS": "1000",
    }
    for n, office in enumerate(offices):
        for key, value in office.items():
            data[f"offices-{n}-{key}"] = value
        data[f"offices-{n}-person"] = ""
    return data


def test_the_person_admins_office_inline_keeps_the_rules(admin_client):
    person = PersonFactory()
    url = f"/admin/members/person/{person.pk}/change/"
    term = {
        "kind": K.TREASURER,
        "title_ar": "",
        "title_en": "",
        "organization": "",
        "branch": "",
        "starts_on": "2025-01-01",
        "ends_on": "",
    }
    # Two treasurers at once, typed in one submission.
    response = admin_client.post(
        url, inline_data(person, [term, {**term, "starts_on": "2025-06-01"}])
    )
    assert response.status_code == 200
    assert "one holder at a time" in response.content.decode()
    assert not Office.objects.exists()
    response = admin_client.post(url, inline_data(person, [{**term, "ends_on": "2024-01-01"}]))
    assert response.status_code == 200
    assert not Office.objects.exists()
    response = admin_client.post(url, inline_data(person, [term]))
    assert response.status_code == 302
    assert Office.objects.get().person == person


def test_ending_a_term_and_recording_the_successor_in_one_submission(admin_client):
    person = PersonFactory()
    current = OfficeFactory(person=person, kind=K.TREASURER, organization=None)
    OfficeFactory(
        kind=K.TREASURER, organization=None, starts_on=D(2010, 1, 1), ends_on=D(2012, 1, 1)
    )
    data = inline_data(
        person,
        [
            {
                "id": str(current.pk),
                "kind": K.TREASURER,
                "title_ar": "",
                "title_en": "",
                "organization": "",
                "branch": "",
                "starts_on": "2020-01-01",
                "ends_on": "2024-12-31",
            },
            {
                "id": "",
                "kind": K.TREASURER,
                "title_ar": "",
                "title_en": "Again",
                "organization": "",
                "branch": "",
                "starts_on": "2025-01-01",
                "ends_on": "",
            },
        ],
    )
    data["offices-INITIAL_FORMS"] = "1"
    data["offices-0-person"] = str(person.pk)
    data["offices-1-person"] = str(person.pk)
    response = admin_client.post(f"/admin/members/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()
    current.refresh_from_db()
    assert current.ends_on == D(2024, 12, 31)
    assert Office.objects.get(starts_on=D(2025, 1, 1)).title_en == "Again"
    # A successor that still overlaps the stored history is refused, and nothing changes.
    data = inline_data(
        person, [{**data_term(), "starts_on": "2011-01-01", "ends_on": "2011-02-01"}]
    )
    response = admin_client.post(f"/admin/members/person/{person.pk}/change/", data)
    assert response.status_code == 200
    assert Office.objects.count() == 3


def data_term():
    return {
        "kind": K.TREASURER,
        "title_ar": "",
        "title_en": "",
        "organization": "",
        "branch": "",
        "starts_on": "2025-01-01",
        "ends_on": "",
    }


def test_invitations_are_read_only_in_the_admin(admin_client):
    from .factories import InvitationFactory

    invitation = InvitationFactory()
    assert admin_client.get("/admin/members/invitation/").status_code == 200
    assert admin_client.get("/admin/members/invitation/add/").status_code == 403
    change = admin_client.get(f"/admin/members/invitation/{invitation.pk}/change/")
    assert change.status_code == 200
    assert invitation.token_hash not in change.content.decode()
    response = admin_client.post(
        f"/admin/members/invitation/{invitation.pk}/change/", {"email": "x@example.org"}
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.email != "x@example.org"


def test_affiliation_roles_are_a_closed_list():
    assert set(Affiliation.Role.values) == {"coordinator", "member"}
