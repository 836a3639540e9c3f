"""The convening's admin page: its tellers, chosen among those who can be tellers, and links to
the pages the session is run from (check-in, tally screen, live panel)."""

import pytest
from django.contrib.auth.models import Group
from django.forms import CheckboxInput, ClearableFileInput, MultiWidget
from django.urls import NoReverseMatch, reverse

from tests.members.factories import SecretariatFactory, StaffFactory, UserFactory

from .factories import ConveningFactory

pytestmark = pytest.mark.django_db


def teller(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name="teller"))
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(SecretariatFactory())
    client.cookies["django_language"] = "en"
    return client


def change_url(convening):
    return reverse("admin:events_convening_change", args=[convening.pk])


def form_data(response):
    """The change form as shown, ready to post back (inlines left as they are: empty)."""
    form = response.context["adminform"].form
    data = {}
    for bound in form:
        widget = getattr(bound.field.widget, "widget", bound.field.widget)
        value = bound.value()
        if isinstance(widget, ClearableFileInput):
            continue
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [getattr(v, "pk", v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def test_only_tellers_and_the_secretariat_can_be_chosen(staff_client):
    convening = ConveningFactory()
    in_role = teller(email="teller@example.org")
    clerk = SecretariatFactory(email="clerk@example.org")
    superuser = StaffFactory(email="root@example.org")
    plain = UserFactory(email="plain@example.org")
    bare_staff = UserFactory(email="bare@example.org", is_staff=True)
    gone = teller(email="gone@example.org", is_active=False)
    response = staff_client.get(change_url(convening))
    choices = {
        int(value.value) if hasattr(value, "value") else int(value)
        for value, _label in response.context["adminform"].form.fields["tellers"].choices
    }
    assert {in_role.pk, clerk.pk, superuser.pk} <= choices
    assert not {plain.pk, bare_staff.pk, gone.pk} & choices
    assert 'id="id_tellers"' in response.content.decode()


def test_the_secretariat_names_the_tellers_of_a_convening(staff_client):
    convening = ConveningFactory()
    in_role = teller()
    data = form_data(staff_client.get(change_url(convening)))
    data["tellers"] = [in_role.pk]
    response = staff_client.post(change_url(convening), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(convening.tellers.all()) == [in_role]


def test_someone_without_the_teller_role_cannot_be_named(staff_client):
    convening = ConveningFactory()
    data = form_data(staff_client.get(change_url(convening)))
    data["tellers"] = [UserFactory(is_staff=True).pk]
    response = staff_client.post(change_url(convening), data)
    assert response.status_code == 200
    assert not convening.tellers.exists()


def test_the_page_links_to_check_in_tally_screen_and_live_panel(staff_client):
    convening = ConveningFactory(slug="assembly")
    page = staff_client.get(change_url(convening)).content.decode()
    assert f'href="{reverse("events:convening_checkin", args=["assembly"])}"' in page
    for name, label in (
        ("outcomes:convening_tally", "Tally screen"),
        ("outcomes:convening_live", "Live panel"),
    ):
        try:
            url = reverse(name, args=["assembly"])
        except NoReverseMatch:  # a page still being built: its name, without a link
            assert label in page
        else:
            assert f'href="{url}"' in page
