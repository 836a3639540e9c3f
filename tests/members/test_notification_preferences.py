"""Under My account a user turns each kind of e-mail off, except news of their own
organization's membership."""

import pytest
from django.urls import reverse

from members import notify, services
from members.errors import Refused
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_optional_kind_is_offered_ticked_at_first(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("members:profile"))
    form = response.context["notifications"]
    codes = [code for code, _label in form.fields["receive"].choices]
    assert codes == [kind.code for kind in notify.optional_kinds()]
    assert "status_change" not in codes
    assert form.fields["receive"].initial == codes


def test_unticking_a_kind_mutes_it(client):
    user = UserFactory()
    client.force_login(user)
    keep = [kind.code for kind in notify.optional_kinds() if kind.code != "digest"]
    response = client.post(reverse("members:profile"), {"receive": keep, "save_notifications": "1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.muted_notifications == ["digest"]
    assert not notify.wants(user, "digest")
    assert notify.wants(user, "status_change")


def test_an_unknown_kind_is_a_form_error_and_nothing_changes(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("members:profile"), {"receive": ["nonsense"], "save_notifications": "1"}
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.muted_notifications == []


def test_the_membership_status_cannot_be_muted():
    user = UserFactory()
    with pytest.raises(Refused):
        services.notification_preferences_set(user=user, muted=["status_change"])
    user.refresh_from_db()
    assert user.muted_notifications == []
    assert notify.wants(user, "status_change")


def test_saving_the_profile_leaves_the_choices_alone(client):
    user = UserFactory(muted_notifications=["digest"])
    client.force_login(user)
    response = client.post(reverse("members:profile"), {"name": "Huda", "preferred_language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.muted_notifications) == ("Huda", ["digest"])
