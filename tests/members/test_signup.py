"""Sign-up asks for the person's name: the account is named, and gets its person at once, with
the name in the language of the page it signed up on."""

import pytest

from members.models import Person, User

pytestmark = pytest.mark.django_db


def sign_up(client, lang, email, name="Huda Haddad", password="long-pass-phrase-9"):
    return client.post(
        f"/{lang}/accounts/signup/",
        {"name": name, "email": email, "password1": password, "password2": password},
    )


def test_the_sign_up_page_asks_for_the_full_name_first(client):
    body = client.get("/en/accounts/signup/").content.decode()
    assert 'name="name"' in body and 'autocomplete="name"' in body
    assert body.index('name="name"') < body.index('name="email"')


def test_signing_up_in_english_names_the_account_and_its_person(client):
    response = sign_up(client, "en", "huda@example.org", name="  Huda   Haddad ")
    assert response.status_code == 302
    user = User.objects.get(email="huda@example.org")
    assert user.name == "Huda Haddad"
    person = Person.objects.get(user=user)
    assert (person.name_en, person.name_ar or "") == ("Huda Haddad", "")
    assert person.organization is None and not person.contact_public


def test_signing_up_in_arabic_writes_the_arabic_name(client):
    sign_up(client, "ar", "huda.ar@example.org", name="هدى حداد")
    person = Person.objects.get(user__email="huda.ar@example.org")
    assert (person.name_ar, person.name_en or "") == ("هدى حداد", "")
    assert person.user.name == "هدى حداد" and person.user.preferred_language == "ar"


@pytest.mark.parametrize("name", ["", "   "])
def test_a_sign_up_without_a_name_is_refused(client, name):
    response = sign_up(client, "en", "nameless@example.org", name=name)
    assert response.status_code == 200
    assert not User.objects.exists() and not Person.objects.exists()


def test_the_name_field_is_labelled_in_arabic_too(client):
    body = client.get("/ar/accounts/signup/").content.decode()
    assert '<label for="id_name"' in body
