"""A registration form sent twice saves once (members.once): the second is told it was saved,
not "updated", and nothing is written again."""

import re

import pytest

from events.models import Registration
from members import once
from members.models import FormSubmission, Person
from tests.members.factories import AffiliationFactory

from .factories import ConveningFactory

pytestmark = pytest.mark.django_db

ALREADY = "This form was already sent; it was saved once. Here is what it saved."


def test_a_registration_sent_twice_with_one_form_is_saved_once(client):
    coordination = AffiliationFactory()
    convening = ConveningFactory()
    page = f"/en/convenings/{convening.slug}/register/"
    client.force_login(coordination.user)
    token = re.search(
        r'name="form_token" value="([A-Za-z0-9_-]{22})"', client.get(page).content.decode()
    ).group(1)
    data = {
        "organization": coordination.organization.pk,
        "channel": "room",
        "delegates-TOTAL_FORMS": 1,
        "delegates-INITIAL_FORMS": 0,
        "delegates-0-name": "Huda Ahmad",
        once.FIELD: token,
    }
    first = client.post(page, data, follow=True)
    assert first.redirect_chain == [(convening.get_absolute_url(), 302)]
    second = client.post(page, data, follow=True)
    assert second.redirect_chain == [(convening.get_absolute_url(), 302)]
    assert [str(m) for m in second.context["messages"]] == [ALREADY]
    registration = Registration.objects.get()
    assert [d.person.name_en for d in registration.delegates.all()] == ["Huda Ahmad"]
    assert Person.objects.count() == 1 and FormSubmission.objects.count() == 1
