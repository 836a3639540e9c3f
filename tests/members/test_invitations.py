"""An organization's users: invitations by e-mail that expire, are used once and can be
withdrawn; removing a user, never the last coordinator; who may do it."""

import datetime
import hashlib
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from members import mail, services
from members.errors import NotAllowed, Refused
from members.models import Affiliation, Invitation, Message, Organization, Person
from tests.demo import pin_now

from .factories import (
    AffiliationFactory,
    InvitationFactory,
    OrganizationFactory,
    PersonFactory,
    SecretariatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
R = Affiliation.Role


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordination(db):
    """A coordinator and their organization."""
    return AffiliationFactory()


def people_url(organization):
    return f"/en/organizations/{organization.slug}/people/"


def accept_url(token):
    return f"/en/invitations/{token}/"


def link_token(message):
    return re.search(r"/en/invitations/([A-Za-z0-9_-]+)/", message.body_text).group(1)


# Inviting ------------------------------------------------------------------------------------


def test_a_coordinator_invites_a_colleague_by_email(client, coordination):
    client.force_login(coordination.user)
    response = client.post(
        people_url(coordination.organization), {"email": "Colleague@Example.org", "role": "member"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "colleague@example.org",
        R.MEMBER,
        coordination.user,
    )
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)
    message = Message.objects.get(kind="invitation")
    assert message.recipient is None and message.to_address == "colleague@example.org"
    assert message.language == "en"
    token = link_token(message)
    # Only the token's hash is stored; the e-mail carries the token itself.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert coordination.organization.name in message.subject
    page = client.get(people_url(coordination.organization)).content.decode()
    assert "colleague@example.org" in page and "Withdraw" in page


def test_an_invitee_with_an_account_reads_it_in_their_language(coordination):
    UserFactory(email="arabic@example.org", preferred_language="ar")
    services.invitation_create(
        by=coordination.user, organization=coordination.organization, email="ARABIC@example.org"
    )
    message = Message.objects.get()
    assert message.language == "ar" and "/ar/invitations/" in message.body_text


def test_inviting_someone_already_in_the_organization_is_refused(client, coordination):
    colleague = AffiliationFactory(
        organization=coordination.organization, role=R.MEMBER, user__email="in@example.org"
    ).user
    client.force_login(coordination.user)
    response = client.post(
        people_url(coordination.organization), {"email": "IN@example.org", "role": "coordinator"}
    )
    assert response.status_code == 400
    assert "already has an account in this organization" in response.content.decode()
    assert not Invitation.objects.exists() and not Message.objects.exists()
    assert Affiliation.objects.get(user=colleague).role == R.MEMBER


def test_a_malformed_invitation_form_changes_nothing(client, coordination):
    client.force_login(coordination.user)
    for data in ({"email": "not an address", "role": "member"}, {"email": "a@b.org", "role": "x"}):
        response = client.post(people_url(coordination.organization), data)
        assert response.status_code == 400
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_the_service_refuses_a_bad_address_or_role(coordination):
    too_long = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"
    for kwargs in (
        {"email": ""},
        {"email": "nope"},
        {"email": too_long},
        {"email": "a@b.org", "role": "owner"},
    ):
        with pytest.raises(Refused):
            services.invitation_create(
                by=coordination.user, organization=coordination.organization, **kwargs
            )
    assert not Invitation.objects.exists()


def test_inviting_again_withdraws_the_pending_invitation(coordination):
    first, _token = services.invitation_create(
        by=coordination.user, organization=coordination.organization, email="c@example.org"
    )
    second, _token = services.invitation_create(
        by=coordination.user, organization=coordination.organization, email="C@example.org"
    )
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert Message.objects.filter(kind="invitation").count() == 2
    assert list(services.pending_invitations(coordination.organization)) == [second]


def test_one_message_per_invitation_even_when_queued_twice(coordination):
    context = {"subject": "s", "lines": [], "url": "", "link_label": ""}
    for _ in range(2):
        mail.queue_to_address(
            address="x@example.org",
            language="en",
            kind="invitation",
            key="invitation-1",
            template="notice",
            context=context,
        )
    assert Message.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            kind="invitation",
            key="invitation-1",
            to_address="x@example.org",
            language="en",
            subject="s",
            body_text="",
            body_html="",
        )


def test_messages_with_a_recipient_keep_their_uniqueness(coordination):
    user = coordination.user
    for _ in range(2):
        mail.queue(
            user=user,
            kind="status_change",
            key="k",
            template="notice",
            context={"subject": "s", "lines": [], "url": "", "link_label": ""},
        )
    assert Message.objects.filter(recipient=user).count() == 1


# Accepting -----------------------------------------------------------------------------------


def test_a_signed_out_visitor_is_asked_to_sign_in_or_up_and_come_back(client):
    invitation = InvitationFactory()
    response = client.get(accept_url(invitation.token))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"/en/accounts/login/?next=/en/invitations/{invitation.token}/" in body
    assert f"/en/accounts/signup/?next=/en/invitations/{invitation.token}/" in body
    assert invitation.organization.name in body
    response = client.post(accept_url(invitation.token))
    assert not Affiliation.objects.exists()


def test_the_invited_user_confirms_and_joins(client):
    invitation = InvitationFactory(email="huda@example.org", role=R.COORDINATOR)
    user = UserFactory(email="Huda@Example.org")
    person = PersonFactory(user=user)
    client.force_login(user)
    response = client.get(accept_url(invitation.token))
    assert response.status_code == 200 and "<form" in response.content.decode()
    assert not Affiliation.objects.exists()  # a GET changes nothing
    response = client.post(accept_url(invitation.token))
    assert response.status_code == 302
    assert response["Location"] == invitation.organization.get_absolute_url()
    affiliation = Affiliation.objects.get()
    assert (affiliation.user, affiliation.organization, affiliation.role) == (
        user,
        invitation.organization,
        R.COORDINATOR,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    person.refresh_from_db()
    assert person.organization == invitation.organization


def test_accepting_keeps_the_persons_organization_if_it_has_one(client):
    invitation = InvitationFactory(email="huda@example.org")
    user = UserFactory(email="huda@example.org")
    home = OrganizationFactory()
    person = PersonFactory(user=user, organization=home)
    services.invitation_accept(user=user, invitation=invitation)
    person.refresh_from_db()
    assert person.organization == home


def test_accepting_gives_an_account_without_a_person_its_person(client):
    invitation = InvitationFactory(email="old@example.org")
    user = UserFactory(email="old@example.org", name="Old Account", preferred_language="en")
    services.invitation_accept(user=user, invitation=invitation)
    person = Person.objects.get(user=user)
    assert (person.name_en, person.organization) == ("Old Account", invitation.organization)


def test_another_address_is_refused_and_nothing_changes(client):
    invitation = InvitationFactory(email="huda@example.org")
    client.force_login(UserFactory(email="someone@example.org"))
    for method in (client.get, client.post):
        response = method(accept_url(invitation.token))
        assert response.status_code == 403
        assert "sent to another e-mail address" in response.content.decode()
    assert not Affiliation.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    with pytest.raises(NotAllowed):
        services.invitation_accept(user=UserFactory(), invitation=invitation)


def signed_in_invitee(client, invitation):
    user = UserFactory(email=invitation.email)
    client.force_login(user)
    return user


def test_an_expired_invitation_is_refused(client, monkeypatch):
    invitation = InvitationFactory()
    signed_in_invitee(client, invitation)
    pin_now(monkeypatch, invitation.expires_at + datetime.timedelta(seconds=1))
    for method in (client.get, client.post):
        response = method(accept_url(invitation.token))
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    assert not Affiliation.objects.exists()


def test_an_invitation_is_used_once(client):
    invitation = InvitationFactory()
    user = signed_in_invitee(client, invitation)
    assert client.post(accept_url(invitation.token)).status_code == 302
    Affiliation.objects.filter(user=user).delete()  # removed since: the link is still spent
    response = client.post(accept_url(invitation.token))
    assert response.status_code == 410
    assert "already used" in response.content.decode()
    assert not Affiliation.objects.exists()
    with pytest.raises(Refused) as refused:
        services.invitation_accept(user=user, invitation=invitation)
    assert refused.value.code == "used"


def test_a_withdrawn_invitation_is_refused(client):
    invitation = InvitationFactory(revoked_at=timezone.now())
    signed_in_invitee(client, invitation)
    response = client.post(accept_url(invitation.token))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not Affiliation.objects.exists()


def test_a_link_that_closes_between_page_and_click_is_refused(client, monkeypatch):
    invitation = InvitationFactory()
    user = signed_in_invitee(client, invitation)
    real = services.invitation_problem

    def withdrawn_meanwhile(found):
        # The view saw it open; the service, under its lock, finds it withdrawn.
        Invitation.objects.filter(pk=found.pk).update(revoked_at=timezone.now())
        found.refresh_from_db()
        return real(found)

    monkeypatch.setattr("members.services.invitations.invitation_problem", withdrawn_meanwhile)
    response = client.post(accept_url(invitation.token))
    assert response.status_code == 410
    assert not Affiliation.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "token",
    ["short", "x" * 44, "has.dot" + "a" * 36, "a" * 43],  # the last: unknown
)
def test_malformed_or_unknown_tokens_are_not_found(client, token):
    InvitationFactory()
    assert client.get(accept_url(token)).status_code == 404
    assert client.post(accept_url(token)).status_code == 404


def test_an_existing_member_invited_as_coordinator_is_raised_never_lowered():
    organization = OrganizationFactory()
    member = AffiliationFactory(organization=organization, role=R.MEMBER).user
    invitation = InvitationFactory(
        organization=organization, email=member.email, role=R.COORDINATOR
    )
    services.invitation_accept(user=member, invitation=invitation)
    assert Affiliation.objects.get(user=member).role == R.COORDINATOR
    coordinator = AffiliationFactory(organization=organization).user
    invitation = InvitationFactory(organization=organization, email=coordinator.email)
    services.invitation_accept(user=coordinator, invitation=invitation)
    assert Affiliation.objects.get(user=coordinator).role == R.COORDINATOR


# Withdrawing ---------------------------------------------------------------------------------


def test_a_coordinator_withdraws_an_invitation(client, coordination):
    invitation = InvitationFactory(organization=coordination.organization)
    url = (
        f"/en/organizations/{coordination.organization.slug}/invitations/{invitation.pk}/withdraw/"
    )
    client.force_login(coordination.user)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    # Again: refused with a message, nothing changes.
    response = client.post(url, follow=True)
    assert "already withdrawn" in response.content.decode()


def test_an_invitation_of_another_organization_cannot_be_withdrawn_here(client, coordination):
    other = InvitationFactory()
    url = f"/en/organizations/{coordination.organization.slug}/invitations/{other.pk}/withdraw/"
    client.force_login(coordination.user)
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_an_accepted_invitation_cannot_be_withdrawn(coordination):
    invitation = InvitationFactory(organization=coordination.organization)
    services.invitation_accept(user=UserFactory(email=invitation.email), invitation=invitation)
    with pytest.raises(Refused) as refused:
        services.invitation_withdraw(by=coordination.user, invitation=invitation)
    assert refused.value.code == "used"


# Removing a user -----------------------------------------------------------------------------


def remove_url(affiliation):
    return f"/en/organizations/{affiliation.organization.slug}/people/{affiliation.pk}/remove/"


def test_removing_a_user_asks_to_confirm_then_removes(client, coordination):
    colleague = AffiliationFactory(organization=coordination.organization, role=R.MEMBER)
    client.force_login(coordination.user)
    response = client.get(remove_url(colleague))
    assert response.status_code == 200 and "Yes, remove" in response.content.decode()
    assert Affiliation.objects.filter(pk=colleague.pk).exists()  # a GET changes nothing
    response = client.post(remove_url(colleague))
    assert response.status_code == 302
    assert not Affiliation.objects.filter(pk=colleague.pk).exists()
    assert colleague.user.__class__.objects.filter(pk=colleague.user.pk).exists()  # account stays


def test_the_last_coordinator_cannot_be_removed(client, coordination):
    AffiliationFactory(organization=coordination.organization, role=R.MEMBER)
    client.force_login(coordination.user)
    response = client.post(remove_url(coordination), follow=True)
    assert "last coordinator cannot be removed" in response.content.decode()
    assert Affiliation.objects.filter(pk=coordination.pk).exists()
    with pytest.raises(Refused) as refused:
        services.affiliation_remove(by=SecretariatFactory(), affiliation=coordination)
    assert refused.value.code == "last_coordinator"
    assert Affiliation.objects.filter(pk=coordination.pk).exists()


def test_a_coordinator_may_leave_when_another_remains(client, coordination):
    AffiliationFactory(organization=coordination.organization, role=R.COORDINATOR)
    client.force_login(coordination.user)
    response = client.post(remove_url(coordination))
    assert response.status_code == 302 and response["Location"] == "/en/accounts/profile/"
    assert not Affiliation.objects.filter(pk=coordination.pk).exists()


def test_a_user_of_another_organization_is_not_found_here(client, coordination):
    elsewhere = AffiliationFactory(role=R.MEMBER)
    url = f"/en/organizations/{coordination.organization.slug}/people/{elsewhere.pk}/remove/"
    client.force_login(coordination.user)
    assert client.post(url).status_code == 404
    assert Affiliation.objects.filter(pk=elsewhere.pk).exists()


# Who may manage users ------------------------------------------------------------------------


def test_staff_members_of_the_organization_and_strangers_get_403(client, coordination):
    member = AffiliationFactory(organization=coordination.organization, role=R.MEMBER)
    for user in (member.user, UserFactory()):
        client.force_login(user)
        assert client.get(people_url(coordination.organization)).status_code == 403
        response = client.post(
            people_url(coordination.organization), {"email": "x@example.org", "role": "member"}
        )
        assert response.status_code == 403
        assert client.post(remove_url(coordination)).status_code == 403
    assert not Invitation.objects.exists()
    with pytest.raises(NotAllowed):
        services.invitation_create(
            by=member.user, organization=coordination.organization, email="x@example.org"
        )
    with pytest.raises(NotAllowed):
        services.affiliation_remove(by=member.user, affiliation=member)
    assert Affiliation.objects.count() == 2


def test_an_organization_the_user_cannot_see_is_not_found(client):
    applicant = OrganizationFactory(status=Organization.Status.APPLICANT)
    client.force_login(UserFactory())
    assert client.get(people_url(applicant)).status_code == 404
    assert client.get("/en/organizations/nowhere/people/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, coordination):
    response = client.get(people_url(coordination.organization))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_secretariat_manages_any_organizations_users(client):
    applicant = AffiliationFactory(organization__status=Organization.Status.APPLICANT)
    client.force_login(SecretariatFactory())
    assert client.get(people_url(applicant.organization)).status_code == 200
    response = client.post(
        people_url(applicant.organization), {"email": "new@example.org", "role": "coordinator"}
    )
    assert response.status_code == 302
    assert Invitation.objects.get().role == R.COORDINATOR


def test_the_people_page_costs_the_same_for_1_and_many_users(client, coordination):
    organization = coordination.organization
    client.force_login(coordination.user)

    def grow(n):
        for _ in range(n):
            AffiliationFactory(organization=organization, role=R.MEMBER)
            InvitationFactory(organization=organization, invited_by=coordination.user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(people_url(organization)).status_code == 200
        return len(queries)

    grow(1)
    one = count()
    grow(20)
    assert count() == one
