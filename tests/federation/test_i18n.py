"""Both languages on every page: lang and dir, the switch, and complete translations."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.members.factories import BranchFactory, OrganizationFactory

LOCALE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES"

PAGES = [
    "/{lang}/",
    "/{lang}/organizations/",
    "/{lang}/organizations/{org}/",
    "/{lang}/branches/",
    "/{lang}/branches/{branch}/",
    "/{lang}/secretariat/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
]
SIGNED_IN_PAGES = [
    "/{lang}/organizations/register/",
    "/{lang}/organizations/{org}/edit/",
    "/{lang}/accounts/profile/",
    "/{lang}/accounts/email/",
    "/{lang}/accounts/password/change/",
]


def html_tag(body):
    return re.search(r"<html[^>]*>", body).group(0)


@pytest.fixture
def site(db):
    branch = BranchFactory(slug="turkey")
    return {"org": OrganizationFactory(slug="relief", branch=branch).slug, "branch": branch.slug}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_public_pages_declare_language_and_direction(client, site, page, lang, direction):
    response = client.get(page.format(lang=lang, **site))
    assert response.status_code == 200
    body = response.content.decode()
    assert html_tag(body) == f'<html lang="{lang}" dir="{direction}">'
    other = "en" if lang == "ar" else "ar"
    assert f'hreflang="{other}" lang="{other}"' in body  # the switch


@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_signed_in_pages_declare_language_and_direction(client, site, page, lang, direction):
    from members.models import Affiliation, Organization
    from tests.members.factories import UserFactory

    user = UserFactory()
    Affiliation.objects.create(
        user=user, organization=Organization.objects.get(slug="relief"), role="coordinator"
    )
    client.force_login(user)
    response = client.get(page.format(lang=lang, **site))
    assert response.status_code == 200
    assert html_tag(response.content.decode()) == f'<html lang="{lang}" dir="{direction}">'


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_admin_declares_language_and_direction(client, db, lang, direction):
    from tests.members.factories import StaffFactory

    client.force_login(StaffFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    for path in ("/admin/", "/admin/members/organization/", "/admin/members/organization/add/"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert f'lang="{lang}"' in html_tag(body) and f'dir="{direction}"' in html_tag(body)
        assert not re.search(r'(src|href)="(https?:)?//', body), "an outside resource"


def test_root_redirects_to_the_visitors_language(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar").headers["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").headers["Location"] == "/ar/"


@pytest.mark.parametrize("browser_language", ["en", "ar", "fr"])
def test_the_switch_links_to_the_same_page_in_the_other_language(client, site, browser_language):
    page = client.get("/ar/organizations/relief/?x=1", HTTP_ACCEPT_LANGUAGE=browser_language)
    assert 'href="/en/organizations/relief/?x=1" hreflang="en" lang="en"' in page.content.decode()
    back = client.get("/en/organizations/relief/").content.decode()
    assert 'href="/ar/organizations/relief/" hreflang="ar" lang="ar"' in back


def test_a_public_page_sets_no_cookie(client, site):
    """No form token on a public page: nothing to tie the page to one visitor."""
    response = client.get("/ar/organizations/relief/")
    assert not response.cookies


def test_translated_names_fall_back_to_the_other_language(client, db):
    OrganizationFactory(slug="only-ar", name_ar="جمعية عربية فقط", name_en="")
    OrganizationFactory(slug="only-en", name_ar="", name_en="English Only Society")
    english = client.get("/en/organizations/").content.decode()
    arabic = client.get("/ar/organizations/").content.decode()
    assert "جمعية عربية فقط" in english
    assert "English Only Society" in arabic


def test_every_message_has_its_arabic_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert catalogue.percent_translated() == 100, missing[:20]
    assert not fuzzy, fuzzy[:20]


def test_the_compiled_catalogue_matches_the_source():
    source = polib.pofile(str(LOCALE / "django.po"))
    compiled = polib.mofile(str(LOCALE / "django.mo"))
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in source.translated_entries()
    }
    actual = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in compiled
        if e.msgid
    }
    assert actual == expected


def test_the_templates_ask_for_no_outside_resource(client, site):
    body = client.get("/ar/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', body)


def test_the_catalogue_passes_gnu_msgfmt_checks():
    # polib tolerates some malformed lines that break `make messages` (msgmerge) later.
    import shutil
    import subprocess

    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
