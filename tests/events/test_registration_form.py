"""The register page: a form and one row per delegate (name, role, e-mail), without JavaScript."""

import re

import pytest

from events import services
from events.models import Registration
from events.services import DelegateData
from members.models import Person
from tests.members.factories import AffiliationFactory, SecretariatFactory, UserFactory

from .factories import ConveningFactory, DelegateFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return AffiliationFactory().user


def org_of(user):
    return user.affiliations.get().organization


def url(convening, lang="en"):
    return f"/{lang}/convenings/{convening.slug}/register/"


def form_data(organization, channel="room", rows=(), initial=0, total=None):
    data = {
        "organization": getattr(organization, "pk", organization),
        "channel": channel,
        "delegates-TOTAL_FORMS": len(rows) if total is None else total,
        "delegates-INITIAL_FORMS": initial,
        "delegates-MIN_NUM_FORMS": 0,
        "delegates-MAX_NUM_FORMS": 20,
    }
    for index, (name, role, email) in enumerate(rows):
        data[f"delegates-{index}-name"] = name
        data[f"delegates-{index}-role"] = role
        data[f"delegates-{index}-email"] = email
    return data


def registered(user, convening, *delegates, channel="room"):
    return services.registration_create(
        user=user,
        convening=convening,
        organization=org_of(user),
        channel=channel,
        delegates=list(delegates),
    )


def delegates_of(registration):
    return [
        (str(d.person), d.role, d.person.email)
        for d in registration.delegates.select_related("person")
    ]


def row_errors(response):
    return [form.errors for form in response.context["formset"]]


# -- the empty form ------------------------------------------------------------------------------


def test_a_new_registration_shows_three_empty_labelled_rows(client, coordinator):
    convening = ConveningFactory()
    client.force_login(coordinator)
    response = client.get(url(convening))
    formset = response.context["formset"]
    assert len(formset.forms) == 3
    assert not any(form.initial for form in formset)
    body = response.content.decode()
    for index in range(3):
        for field in ("name", "role", "email"):
            assert f'<label for="id_delegates-{index}-{field}"' in body
            assert f'id="id_delegates-{index}-{field}"' in body
    assert body.count("<legend>Delegate ") == 3
    assert 'type="email"' in body


def test_the_form_starts_from_the_existing_registration_plus_three_rows(client, coordinator):
    registration = registered(
        coordinator,
        ConveningFactory(),
        DelegateData("Huda Ahmad", "Executive director", "huda@example.org"),
        DelegateData("عمر خليل"),
        channel="online",
    )
    client.force_login(coordinator)
    response = client.get(url(registration.convening))
    assert response.context["form"]["channel"].initial == "online"
    formset = response.context["formset"]
    assert len(formset.forms) == 5
    assert [form.initial for form in formset.forms[:2]] == [
        {"name": "Huda Ahmad", "role": "Executive director", "email": "huda@example.org"},
        {"name": "عمر خليل", "role": "", "email": ""},
    ]
    assert 'value="Huda Ahmad"' in response.content.decode()


def test_a_coordinator_of_two_organizations_chooses_which_registration_to_change(client):
    first = AffiliationFactory()
    coordinator = first.user
    second = AffiliationFactory(user=coordinator).organization
    convening = ConveningFactory()
    services.registration_create(
        user=coordinator,
        convening=convening,
        organization=second,
        channel="online",
        delegates=[DelegateData("Samer")],
    )
    client.force_login(coordinator)
    assert not client.get(url(convening)).context["formset"].forms[0].initial
    response = client.get(url(convening), {"organization": second.pk})
    assert response.context["formset"].forms[0].initial["name"] == "Samer"
    assert response.context["form"]["organization"].initial == second.pk
    for bad in ("x", "-1", "99999999999999999999", "%00", first.organization.pk):
        assert client.get(url(convening), {"organization": bad}).status_code == 200


def test_the_page_lists_the_delegates_with_their_roles_isolated(client, coordinator):
    registered(coordinator, ConveningFactory(slug="c"), DelegateData("هدى", "رئيسة الوفد"))
    client.force_login(coordinator)
    body = client.get("/en/convenings/c/register/").content.decode()
    assert "<bdi>هدى</bdi>" in body and "<bdi>رئيسة الوفد</bdi>" in body


# -- posting -----------------------------------------------------------------------------------


def test_a_valid_post_registers_the_delegates_as_people(client, coordinator):
    convening = ConveningFactory()
    client.force_login(coordinator)
    response = client.post(
        url(convening),
        form_data(
            org_of(coordinator),
            rows=[
                ("Huda Ahmad", "Executive director", "huda@example.org"),
                ("", "", ""),
                ("عمر خليل", "", ""),
            ],
        ),
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert delegates_of(registration) == [
        ("Huda Ahmad", "Executive director", "huda@example.org"),
        ("عمر خليل", "", ""),
    ]
    assert Person.objects.filter(organization=org_of(coordinator)).count() == 2


def test_changing_through_the_page_replaces_the_delegates(client, coordinator):
    registration = registered(
        coordinator, ConveningFactory(), DelegateData("Huda"), DelegateData("Omar")
    )
    client.force_login(coordinator)
    response = client.post(
        url(registration.convening),
        form_data(
            org_of(coordinator),
            channel="online",
            # Huda's row was emptied: she is removed.
            rows=[("", "", ""), ("Omar", "Head of delegation", ""), ("Samer", "", "")],
            initial=2,
        ),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.channel == "online"
    assert delegates_of(registration) == [("Omar", "Head of delegation", ""), ("Samer", "", "")]


@pytest.mark.parametrize(
    ("rows", "row", "field"),
    [
        ([("Huda", "", ""), ("", "Treasurer", "")], 1, "name"),
        ([("Huda", "", "not-an-address")], 0, "email"),
        ([("Huda", "", ""), ("huda", "", "")], 1, "__all__"),
        ([("Huda", "", "h@example.org"), ("Hoda", "", "H@example.org")], 1, "__all__"),
        ([("x" * 151, "", "")], 0, "name"),
    ],
)
def test_errors_are_shown_on_their_row_and_nothing_is_saved(client, coordinator, rows, row, field):
    convening = ConveningFactory()
    client.force_login(coordinator)
    response = client.post(url(convening, "ar"), form_data(org_of(coordinator), rows=rows))
    assert response.status_code == 200
    errors = row_errors(response)
    assert field in errors[row]
    assert all(not e for i, e in enumerate(errors) if i != row)
    assert 'class="delegate-row has-error"' in response.content.decode()
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_row_messages_count_the_rows_of_the_page_empty_ones_too(client, coordinator):
    convening = ConveningFactory()
    client.force_login(coordinator)
    rows = [("", "", ""), ("Huda", "", ""), ("", "", ""), ("huda", "", "")]
    response = client.post(url(convening), form_data(org_of(coordinator), rows=rows))
    assert row_errors(response)[3]["__all__"] == ["Delegate 4 is named twice (also delegate 2)."]


def test_a_registration_without_any_delegate_says_so(client, coordinator):
    convening = ConveningFactory()
    client.force_login(coordinator)
    response = client.post(url(convening), form_data(org_of(coordinator), rows=[("", "", "")] * 3))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == ["Name at least one delegate."]
    assert "Name at least one delegate." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_refusal_about_a_known_person_lands_on_its_row(client, coordinator):
    # Two rows that only the service can tell are the same person (by the stored e-mail).
    services_person = Person.objects.create(
        organization=org_of(coordinator), name_en="Huda Ahmad", email="h@example.org"
    )
    convening = ConveningFactory()
    client.force_login(coordinator)
    response = client.post(
        url(convening),
        form_data(
            org_of(coordinator), rows=[("Dr Huda", "", "h@example.org"), ("Huda Ahmad", "", "")]
        ),
    )
    assert response.status_code == 200
    assert "__all__" in row_errors(response)[1]
    assert list(Person.objects.all()) == [services_person]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"organization": "abc", "channel": "room"},
        {"organization": "", "channel": "zzz", "delegates-TOTAL_FORMS": "x"},
        {"delegates-TOTAL_FORMS": "1", "delegates-INITIAL_FORMS": "1", "delegates-0-name": "x"},
        {"delegates-TOTAL_FORMS": "-5", "delegates-INITIAL_FORMS": "-1"},
        {"delegates-TOTAL_FORMS": "1000000", "delegates-INITIAL_FORMS": "0"},
        {"delegates-TOTAL_FORMS": "99999999999999999999999", "delegates-INITIAL_FORMS": "0"},
        {"delegates-0-name": "x" * 5000},
    ],
)
def test_malformed_posts_never_fail_and_save_nothing(client, coordinator, data):
    convening = ConveningFactory()
    client.force_login(coordinator)
    response = client.post(url(convening), data)
    assert response.status_code == 200
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_more_rows_than_allowed_are_refused_without_a_failure(client, coordinator):
    convening = ConveningFactory()
    client.force_login(coordinator)
    for count in (21, 40):
        rows = [(f"Delegate {n}", "", "") for n in range(count)]
        response = client.post(url(convening), form_data(org_of(coordinator), rows=rows))
        assert response.status_code == 200
        assert response.context["formset"].non_form_errors()
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_a_null_character_is_refused_with_the_bad_request_page(client, coordinator):
    # No one types a NUL: the whole form is refused at the door (members.strict_input).
    convening = ConveningFactory()
    client.force_login(coordinator)
    response = client.post(
        url(convening), form_data(org_of(coordinator), rows=[("Hu\x00da", "", "")])
    )
    assert response.status_code == 400
    assert not Registration.objects.exists() and not Person.objects.exists()


# -- who sees the delegates ------------------------------------------------------------------------


def test_the_check_in_page_names_the_delegates_and_their_roles(client):
    registration = RegistrationFactory(delegates=0)
    DelegateFactory(
        registration=registration,
        person__organization=registration.organization,
        person__name_en="Huda Ahmad",
        person__name_ar="",
        role="Treasurer",
    )
    client.force_login(SecretariatFactory())
    body = client.get(f"/en/convenings/{registration.convening.slug}/check-in/").content.decode()
    assert "<bdi>Huda Ahmad</bdi>" in body and "<bdi>Treasurer</bdi>" in body


def delegate_named(name, **registration_fields):
    registration = RegistrationFactory(delegates=0, **registration_fields)
    DelegateFactory(
        registration=registration,
        person__organization=registration.organization,
        person__name_en=name,
        person__name_ar="",
        role="Head of delegation",
    )
    return registration


def test_the_convening_page_names_delegates_to_their_organization_and_the_secretariat(client):
    convening = ConveningFactory(slug="c")
    ours = delegate_named("Huda Ahmad", convening=convening)
    delegate_named("Omar Khalil", convening=convening)
    member = AffiliationFactory(organization=ours.organization, role="member").user

    def seen(user):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        body = client.get("/en/convenings/c/").content.decode()
        return {name for name in ("Huda Ahmad", "Omar Khalil") if f"<bdi>{name}</bdi>" in body}

    assert seen(None) == set()
    assert seen(UserFactory()) == set()
    assert seen(AffiliationFactory().user) == set()
    assert seen(member) == {"Huda Ahmad"}
    assert seen(SecretariatFactory()) == {"Huda Ahmad", "Omar Khalil"}


def test_the_register_page_in_arabic_is_right_to_left_and_labelled(client, coordinator):
    convening = ConveningFactory()
    client.force_login(coordinator)
    body = client.get(url(convening, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    # Every visible input has a label.
    ids = re.findall(r'<input type="(?:text|email)" name="[^"]+"[^>]* id="([^"]+)"', body)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in body
