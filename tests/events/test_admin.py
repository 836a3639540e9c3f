"""The admin: delegates inline on a registration, speakers on agenda sessions."""

import pytest

from events import admin as events_admin
from events.models import Delegate
from tests.members.factories import PersonFactory, StaffFactory

from .factories import AgendaItemFactory, ConveningFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def change_url(registration):
    return f"/admin/events/registration/{registration.pk}/change/"


def inline_data(registration, rows):
    """The registration change form's POST: its delegate rows as (delegate or None, person,
    role, delete)."""
    data = {
        "delegates-TOTAL_FORMS": len(rows),
        "delegates-INITIAL_FORMS": sum(1 for row in rows if row[0] is not None),
        "delegates-MIN_NUM_FORMS": 1,
        "delegates-MAX_NUM_FORMS": 20,
    }
    for index, (delegate, person, role, delete) in enumerate(rows):
        prefix = f"delegates-{index}-"
        data.update(
            {
                prefix + "id": delegate.pk if delegate else "",
                prefix + "registration": registration.pk,
                prefix + "person": person.pk,
                prefix + "role": role,
                prefix + "position": index + 1,
            }
        )
        if delete:
            data[prefix + "DELETE"] = "on"
    return data


def test_the_registration_shows_its_delegates_inline(staff_client):
    registration = RegistrationFactory()
    response = staff_client.get(change_url(registration))
    assert response.status_code == 200
    body = response.content.decode()
    for delegate in registration.delegates.all():
        assert delegate.role in body


def test_the_secretariat_corrects_a_delegates_role_and_adds_one(staff_client):
    registration = RegistrationFactory(delegates=1)
    delegate = registration.delegates.get()
    newcomer = PersonFactory(organization=registration.organization)
    response = staff_client.post(
        change_url(registration),
        inline_data(
            registration,
            [(delegate, delegate.person, "Head of delegation", False), (None, newcomer, "", False)],
        ),
    )
    assert response.status_code == 302
    assert list(registration.delegates.values_list("person", "role")) == [
        (delegate.person_id, "Head of delegation"),
        (newcomer.pk, ""),
    ]


def test_the_last_delegate_cannot_be_removed_in_the_admin(staff_client):
    registration = RegistrationFactory(delegates=1)
    delegate = registration.delegates.get()
    response = staff_client.post(
        change_url(registration),
        inline_data(registration, [(delegate, delegate.person, delegate.role, True)]),
    )
    assert response.status_code == 200
    assert Delegate.objects.filter(pk=delegate.pk).exists()


def test_a_delegate_from_another_organization_is_refused_in_the_admin(staff_client):
    registration = RegistrationFactory(delegates=1)
    delegate = registration.delegates.get()
    stranger = PersonFactory(organization=RegistrationFactory().organization)
    response = staff_client.post(
        change_url(registration),
        inline_data(
            registration,
            [(delegate, delegate.person, delegate.role, False), (None, stranger, "", False)],
        ),
    )
    assert response.status_code == 200
    assert not registration.delegates.filter(person=stranger).exists()


def test_the_same_person_twice_is_refused_in_the_admin(staff_client):
    registration = RegistrationFactory(delegates=1)
    delegate = registration.delegates.get()
    response = staff_client.post(
        change_url(registration),
        inline_data(
            registration,
            [(delegate, delegate.person, "", False), (None, delegate.person, "", False)],
        ),
    )
    assert response.status_code == 200
    assert registration.delegates.count() == 1


def test_registrations_are_not_added_in_the_admin_where_the_rules_would_be_bypassed(
    staff_client,
):
    # Coordinators register through the portal, where deadline, capacity and role are checked.
    assert staff_client.get("/admin/events/registration/add/").status_code == 403


def test_agenda_speakers_are_chosen_among_people(staff_client):
    item = AgendaItemFactory(convening=ConveningFactory())
    item.speakers.add(PersonFactory(name_en="Khudr al-Sotari"))
    response = staff_client.get(f"/admin/events/convening/{item.convening.pk}/change/")
    assert response.status_code == 200
    assert "agenda-0-speakers" in response.content.decode()
    assert "speakers" in (
        events_admin.AgendaInline.autocomplete_fields or events_admin.AgendaInline.filter_horizontal
    )
