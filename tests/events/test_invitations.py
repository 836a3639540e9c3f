"""The secretariat invites organizations to a convening: the list is kept through one
service, whichever door, each newly invited organization's coordinators are told once, and the
convening's page shows who was invited and who has registered."""

import pytest

from events import services
from events.models import Convening
from members.errors import NotAllowed, Refused
from members.models import AuditEntry, Message
from tests.members.factories import AffiliationFactory, OrganizationFactory, SecretariatFactory

from .factories import ConveningFactory, PastConveningFactory, RegistrationFactory
from .test_convening_admin_tellers import change_url, form_data

pytestmark = pytest.mark.django_db


def invitations():
    return Message.objects.filter(kind="convening_invitation").order_by("pk")


@pytest.fixture
def secretariat():
    return SecretariatFactory()


def coordinated(**organization):
    """An organization with one coordinator who reads English; one name in both languages."""
    if "name_en" in organization:
        organization.setdefault("name_ar", organization["name_en"])
    affiliation = AffiliationFactory(
        organization=OrganizationFactory(**organization), user__preferred_language="en"
    )
    return affiliation.organization


def test_an_invited_organizations_coordinators_are_told_once(
    secretariat, django_capture_on_commit_callbacks
):
    convening = ConveningFactory(title_en="Relief coordination")
    hope = coordinated(name_en="Hope")
    colleague = AffiliationFactory(organization=hope).user
    with django_capture_on_commit_callbacks() as callbacks:
        added = services.convening_invitations_set(
            user=secretariat, convening=convening, organizations=[hope]
        )
    assert added == [hope]
    assert set(convening.invited.all()) == {hope}
    assert invitations().count() == 2  # the coordinator and the colleague
    assert colleague.email in invitations().values_list("to_address", flat=True)
    assert len(callbacks) == 2  # each sent once the list is committed
    message = invitations().first()
    assert "Relief coordination" in message.subject
    assert "Hope" in message.body_text
    assert f"/en/convenings/{convening.slug}/" in message.body_text
    # Removed and invited again: the list changes, nobody is told twice.
    services.convening_invitations_set(user=secretariat, convening=convening, organizations=[])
    services.convening_invitations_set(user=secretariat, convening=convening, organizations=[hope])
    assert invitations().count() == 2


def test_every_change_of_the_list_is_in_the_audit_log(secretariat):
    convening = ConveningFactory()
    hope, light = coordinated(name_en="Hope"), coordinated(name_en="Light")
    services.convening_invitations_set(
        user=secretariat, convening=convening, organizations=[hope, light]
    )
    services.convening_invitations_set(user=secretariat, convening=convening, organizations=[light])
    services.convening_invitations_set(user=secretariat, convening=convening, organizations=[light])
    entries = AuditEntry.objects.filter(action="convening.invited").order_by("pk")
    assert [(e.actor, e.note) for e in entries] == [
        (secretariat, "+ Hope\n+ Light"),
        (secretariat, "- Hope"),
    ]  # the third call changed nothing, and says nothing


def test_a_list_recorded_for_a_past_convening_tells_nobody(secretariat):
    convening = PastConveningFactory()
    services.convening_invitations_set(
        user=secretariat, convening=convening, organizations=[coordinated()]
    )
    assert convening.invited.count() == 1
    assert not invitations().exists()


@pytest.mark.parametrize("status", ["applicant", "suspended", "withdrawn"])
def test_an_organization_that_cannot_register_cannot_be_invited(secretariat, status):
    convening = ConveningFactory()
    barred = coordinated(name_en="Barred", status=status)
    with pytest.raises(Refused, match="Barred"):
        services.convening_invitations_set(
            user=secretariat, convening=convening, organizations=[coordinated(), barred]
        )
    assert not convening.invited.exists() and not invitations().exists()


def test_only_the_secretariat_invites():
    convening = ConveningFactory()
    coordinator = AffiliationFactory().user
    with pytest.raises(NotAllowed):
        services.convening_invitations_set(
            user=coordinator,
            convening=convening,
            organizations=[coordinator.affiliations.get().organization],
        )
    assert not convening.invited.exists()


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    client.cookies["django_language"] = "en"
    return client


def test_the_admin_saves_the_list_through_the_service(staff_client, secretariat):
    convening = ConveningFactory()
    hope = coordinated(name_en="Hope")
    data = form_data(staff_client.get(change_url(convening)))
    data["invited"] = [hope.pk]
    response = staff_client.post(change_url(convening), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(convening.invited.all()) == [hope]
    assert invitations().count() == 1
    assert AuditEntry.objects.filter(action="convening.invited", actor=secretariat).exists()


def test_the_admin_refuses_an_applicant_with_the_services_message(staff_client):
    convening = ConveningFactory()
    data = form_data(staff_client.get(change_url(convening)))
    data["invited"] = [coordinated(name_en="Newcomer", status="applicant").pk]
    response = staff_client.post(change_url(convening), data)
    assert response.status_code == 200
    assert "Newcomer" in response.context["adminform"].form.errors["invited"][0]
    assert not Convening.objects.get(pk=convening.pk).invited.exists()


def test_the_page_lists_the_invited_and_who_has_registered(client, secretariat):
    convening = ConveningFactory()
    hope = coordinated(name_en="Hope", status="active")
    light = coordinated(name_en="Light", status="active")
    hidden = coordinated(name_en="Guest partner", status="partner")  # signed-in readers only
    services.convening_invitations_set(
        user=secretariat, convening=convening, organizations=[hope, light, hidden]
    )
    RegistrationFactory(convening=convening, organization=light)
    html = client.get(f"/en/convenings/{convening.slug}/").content.decode()
    assert "Invited organizations" in html and "(2)" in html
    assert f'href="/en/organizations/{hope.slug}/" dir="auto">Hope</a></li>' in html
    assert 'dir="auto">Light</a> <span class="muted">(registered)</span></li>' in html
    assert "Guest partner" not in html


def test_a_convening_without_invitations_shows_no_such_list(client):
    convening = ConveningFactory()
    html = client.get(f"/en/convenings/{convening.slug}/").content.decode()
    assert "Invited organizations" not in html
