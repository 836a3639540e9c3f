"""A form sent twice saves once (members.once): organization registration and invitations,
and the mechanism itself (the token on the page, refusals, other users, old tokens)."""

import datetime
import re

import pytest
from django.utils import timezone

from members import once
from members.models import FormSubmission, Invitation, Message, Organization

from .factories import AffiliationFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/en/organizations/register/"
ALREADY = "This form was already sent; it was saved once. Here is what it saved."


def texts(response):
    return [str(m) for m in response.context["messages"]]


def token_on(page: str) -> str:
    return re.search(r'name="form_token" value="([A-Za-z0-9_-]{22})"', page).group(1)


def test_the_registration_page_carries_a_fresh_token_each_time(client):
    client.force_login(UserFactory())
    first = token_on(client.get(REGISTER).content.decode())
    second = token_on(client.get(REGISTER).content.decode())
    assert first != second


def test_an_organization_registered_twice_with_one_form_is_registered_once(client):
    user = UserFactory()
    client.force_login(user)
    data = {"name_en": "Hope Society", once.FIELD: once.new_token()}
    first = client.post(REGISTER, data, follow=True)
    organization = Organization.objects.get()
    assert first.redirect_chain == [(organization.get_absolute_url(), 302)]
    second = client.post(REGISTER, data, follow=True)
    assert Organization.objects.count() == 1
    assert second.redirect_chain == [(organization.get_absolute_url(), 302)]
    assert texts(second) == [ALREADY]
    assert FormSubmission.objects.get().url == organization.get_absolute_url()


def test_two_forms_of_one_name_are_two_organizations(client):
    client.force_login(UserFactory())
    for _ in range(2):
        client.post(REGISTER, {"name_en": "Hope Society", once.FIELD: once.new_token()})
    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "hope-society",
        "hope-society-2",
    ]


def test_the_same_token_from_another_user_is_another_form(client):
    token = once.new_token()
    for name in ("Hope", "Light"):
        client.force_login(UserFactory())
        assert client.post(REGISTER, {"name_en": name, once.FIELD: token}).status_code == 302
    assert Organization.objects.count() == 2


def test_a_refused_form_does_not_use_up_its_token(client):
    client.force_login(UserFactory())
    token = once.new_token()
    refused = client.post(REGISTER, {"acronym": "X", once.FIELD: token})  # no name
    assert refused.status_code == 200 and not Organization.objects.exists()
    assert client.post(REGISTER, {"name_en": "Hope", once.FIELD: token}).status_code == 302
    assert Organization.objects.count() == 1


@pytest.mark.parametrize("token", ["x", "A" * 23, "A" * 21 + "!", "٣" * 22])
def test_a_malformed_token_is_a_form_error_and_saves_nothing(client, token):
    client.force_login(UserFactory())
    response = client.post(REGISTER, {"name_en": "Hope", once.FIELD: token})
    assert response.status_code == 200
    assert once.NOT_UNDERSTOOD in response.context["form"].non_field_errors()
    assert not Organization.objects.exists() and not FormSubmission.objects.exists()


def test_a_form_without_a_token_is_saved_as_before(client):
    client.force_login(UserFactory())
    assert client.post(REGISTER, {"name_en": "Hope"}).status_code == 302
    assert Organization.objects.count() == 1 and not FormSubmission.objects.exists()


def test_tokens_older_than_a_month_are_forgotten(client):
    user = UserFactory()
    old = FormSubmission.objects.create(user=user, token="B" * 22, url="/")
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - once.KEEP - datetime.timedelta(days=1)
    )
    client.force_login(user)
    client.post(REGISTER, {"name_en": "Hope", once.FIELD: once.new_token()})
    assert not FormSubmission.objects.filter(pk=old.pk).exists()
    assert FormSubmission.objects.count() == 1


# Invitations ---------------------------------------------------------------------------------


def test_an_invitation_sent_twice_with_one_form_is_one_invitation_and_one_email(client):
    coordination = AffiliationFactory()
    people = f"/en/organizations/{coordination.organization.slug}/people/"
    client.force_login(coordination.user)
    token = token_on(client.get(people).content.decode())
    data = {"email": "colleague@example.org", "role": "member", once.FIELD: token}
    assert client.post(people, data, follow=True).redirect_chain == [(people, 302)]
    second = client.post(people, data, follow=True)
    assert texts(second) == [ALREADY]
    invitation = Invitation.objects.get()
    assert invitation.revoked_at is None
    assert Message.objects.filter(kind="invitation").count() == 1
