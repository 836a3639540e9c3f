"""The registration and check-in forms read organization ids strictly (members.ids): “٣” is
not organization 3, and “²” or a 5,000-digit number is an error on the form, never a 500."""

import pytest

from events.models import Attendance, Registration
from tests.members.factories import AffiliationFactory, SecretariatFactory

from .factories import ConveningFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def malformed(pk):
    return [str(pk).translate(ARABIC_DIGITS), "²", "9" * 5000, "9" * 25, f"{pk}.0", f" {pk}"]


def test_the_register_page_starts_from_no_registration_for_a_malformed_id(client):
    first = AffiliationFactory()
    second = AffiliationFactory(user=first.user)
    convening = ConveningFactory()
    RegistrationFactory(convening=convening, organization=first.organization)
    wanted = RegistrationFactory(convening=convening, organization=second.organization)
    client.force_login(first.user)
    url = f"/en/convenings/{convening.slug}/register/"
    chosen = client.get(url, {"organization": wanted.organization_id})
    assert chosen.context["form"]["organization"].initial == wanted.organization_id
    for value in malformed(wanted.organization_id):
        response = client.get(url, {"organization": value})
        assert response.status_code == 200, value
        assert response.context["form"]["organization"].initial is None, value


def test_registering_a_malformed_organization_id_is_a_form_error(client):
    coordination = AffiliationFactory()
    convening = ConveningFactory()
    client.force_login(coordination.user)
    for value in malformed(coordination.organization.pk):
        data = {
            "organization": value,
            "channel": "room",
            "delegates-TOTAL_FORMS": 1,
            "delegates-INITIAL_FORMS": 0,
            "delegates-0-name": "Huda Ahmad",
        }
        response = client.post(f"/en/convenings/{convening.slug}/register/", data)
        assert response.status_code == 200, value
        assert "organization" in response.context["form"].errors, value
    assert not Registration.objects.exists()


def test_checking_in_a_malformed_organization_id_changes_nothing(client):
    convening = ConveningFactory()
    organization = AffiliationFactory().organization
    client.force_login(SecretariatFactory())
    url = f"/en/convenings/{convening.slug}/check-in/"
    for value in malformed(organization.pk):
        for action in ("record", "remove"):
            data = {"organization": value, "channel": "room", "action": action}
            response = client.post(url, data, follow=True)
            assert response.status_code == 200, value
            messages = [str(m) for m in response.context["messages"]]
            assert messages == ["Choose an organization and a channel."], value
    assert not Attendance.objects.exists()
