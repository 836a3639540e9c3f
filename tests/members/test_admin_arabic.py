"""The admin in Arabic: terms in their context, labels instead of codes, countries in Arabic
order, places city first, times in the venue's zone and saying which, readable slugs."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape

from events.admin import AttendanceInline, ConveningAdmin
from events.models import Convening
from members import notify, places, services
from members.admin import MessageAdmin, OrganizationAdmin
from members.admin_times import TimeZoneChoiceField
from members.collation import LocalizedCountries, sort_key
from members.models import Branch, Message, Organization, Person
from members.slugs import slug_text
from outcomes.admin import CommitteeMemberInline
from outcomes.admin_votes import MotionAdmin
from outcomes.models import Ballot, Motion
from tests.events.factories import ConveningFactory
from tests.members.factories import OrganizationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PO = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"

# The terms that read differently where they stand: (context, msgid) and where it is used.
CONTEXT_TERMS = {
    ("membership", "Withdraw"): "the organizations' action: withdraw the membership",
    ("membership", "Suspend"): "the organizations' action: suspend the membership",
    ("motion", "Withdraw"): "the motions' action: withdraw the motion",
    ("organization status", "Withdrawn"): "an organization that left the federation",
    ("motion status", "Withdrawn"): "a motion withdrawn before its vote",
    ("motion kind", "Other"): "a motion of another kind",
    ("e-mail", "address"): "the outbox: the address an e-mail goes to",
    ("e-mail", "subject"): "the outbox: an e-mail's subject",
    ("e-mail", "about"): "the outbox: what an e-mail is about",
    ("e-mail", "kind"): "the outbox: the kind of e-mail",
    ("office", "title"): "an office's own title",
    ("legal registration", "Registration"): "an organization's registration with the authorities",
    ("organization chairing a branch", "Chair"): "the branch list's chair column",
    ("committee", "active"): "a follow-up committee still at work",
}


def lazy_args(text):
    """The arguments a lazy translation was made with (context and message for pgettext)."""
    return tuple(getattr(text, "_args", ()))


def test_the_admin_uses_a_context_where_one_english_word_means_two_things():
    actions = {
        action.__name__: action.short_description
        for action in OrganizationAdmin.actions + MotionAdmin.actions
    }
    assert lazy_args(actions["move_to_withdrawn"]) == ("membership", "Withdraw")
    assert lazy_args(actions["move_to_suspended"]) == ("membership", "Suspend")
    assert lazy_args(actions["motion_withdraw"]) == ("motion", "Withdraw")
    assert lazy_args(Organization.Status.WITHDRAWN.label) == ("organization status", "Withdrawn")
    assert lazy_args(Motion.Status.WITHDRAWN.label) == ("motion status", "Withdrawn")
    assert lazy_args(Motion.Kind.OTHER.label) == ("motion kind", "Other")
    for field in ("to_address", "subject", "key", "kind"):
        assert lazy_args(Message._meta.get_field(field).verbose_name)[0] == "e-mail"


def _catalogue_entries():
    entries = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr "(.*)"$', block, re.M)
        if context and msgid and not block.lstrip().startswith("#~"):
            entries[context.group(1), msgid.group(1)] = msgstr.group(1) if msgstr else ""
    return entries


def test_the_arabic_catalogue_translates_every_context_sensitive_term():
    """Fails until the catalogue is regenerated (makemessages) and these entries translated."""
    entries = _catalogue_entries()
    missing = [term for term in CONTEXT_TERMS if not entries.get(term)]
    assert not missing, f"untranslated in {PO.name}: {missing}"
    with translation.override("ar"):
        membership = str(OrganizationAdmin.actions[-1].short_description)
        motion = next(a for a in MotionAdmin.actions if a.__name__ == "motion_withdraw")
        assert membership != str(motion.short_description)
        assert str(Message._meta.get_field("to_address").verbose_name) != str(
            Message._meta.get_field("subject").verbose_name
        )


def test_the_ballot_list_names_its_motion_column_in_the_page_language():
    assert lazy_args(Ballot._meta.get_field("motion").verbose_name) == ("motion",)


def test_the_outbox_shows_kinds_and_languages_as_words_not_codes(client):
    message = Message.objects.create(
        kind="status_change",
        key="k-1",
        to_address="someone@example.org",
        language="ar",
        subject="A subject",
        body_text="x",
        body_html="",
    )
    client.force_login(StaffFactory())
    html = client.get("/admin/members/message/").content.decode()
    with translation.override("ar"):  # the admin's language here
        kind = escape(str(notify.KINDS["status_change"].label))
        arabic = escape(str(dict(settings.LANGUAGES)["ar"]))
    assert kind in html
    assert ">status_change<" not in html
    detail = client.get(f"/admin/members/message/{message.pk}/change/").content.decode()
    assert arabic in detail
    assert ">ar<" not in detail
    assert "kind_shown" in MessageAdmin(Message, admin.site).get_list_display(None)


def test_country_lists_follow_the_arabic_alphabet_in_arabic():
    countries = LocalizedCountries()
    with translation.override("ar"):
        names = [country.name for country in countries]
    assert names == sorted(names, key=sort_key)
    # Hamza seats and the article do not push a name out of its letter.
    assert sort_key("أفغانستان") < sort_key("باكستان") < sort_key("تركيا") < sort_key("سوريا")
    with translation.override("en"):
        english = [country.name for country in countries]
    assert english.index("Jordan") < english.index("Syria") < english.index("Zambia")
    field = Organization._meta.get_field("country")
    assert isinstance(field.countries, LocalizedCountries)
    assert isinstance(Convening._meta.get_field("venue_country").countries, LocalizedCountries)


def test_the_country_filter_lists_only_the_countries_in_use(client):
    OrganizationFactory(country="SY")
    OrganizationFactory(country="TR")
    client.force_login(StaffFactory())
    html = client.get("/admin/members/organization/").content.decode()
    assert "?country=SY" in html and "?country=TR" in html
    assert "?country=FR" not in html


def test_places_read_city_first_with_the_arabic_comma_in_arabic():
    organization = OrganizationFactory(country="TR", city_ar="غازي عنتاب", city_en="Gaziantep")
    with translation.override("ar"):
        assert (
            places.place(city=organization.city, country=organization.country)
            == ("غازي عنتاب، تركيا")
            or places.separator() == ", "
        )  # until the catalogue has the Arabic comma
    with translation.override("en"):
        assert places.place(city=organization.city, country=organization.country) == (
            f"Gaziantep, {organization.country.name}"
        )


def test_lists_show_a_convenings_times_in_its_venue_zone_and_say_which(client):
    convening = ConveningFactory(timezone="Asia/Amman")
    client.force_login(StaffFactory())
    html = client.get("/admin/events/convening/").content.decode()
    assert "(Asia/Amman)" in html
    with translation.override("ar"):
        assert date_format(convening.local_start, "DATETIME_FORMAT") in html


def test_the_outbox_shows_times_in_the_federations_zone(client):
    Message.objects.create(
        kind="x", key="k", to_address="a@example.org", language="en", subject="s", body_text="t"
    )
    client.force_login(StaffFactory())
    html = client.get("/admin/members/message/").content.decode()
    assert "(Europe/Istanbul)" in html


def test_the_time_zone_is_a_choice_of_known_zones(client):
    field = ConveningAdmin(Convening, admin.site).formfield_for_dbfield(
        Convening._meta.get_field("timezone"), None
    )
    assert isinstance(field, TimeZoneChoiceField)
    assert ("Asia/Damascus", "Asia/Damascus") in list(field.choices)
    assert not field.valid_value("Mars/Olympus")
    client.force_login(StaffFactory())
    html = client.get("/admin/members/federation/add/").content.decode()
    assert '<select name="timezone"' in html


def test_an_arabic_only_name_gives_a_readable_unique_slug(client):
    assert slug_text("جمعية الخير") == "jmaya-alkhyr"
    first = services.organization_create(data={"name_ar": "جمعية الخير"}, status="applicant")
    second = services.organization_create(data={"name_ar": "جمعية الخير"}, status="applicant")
    assert (first.slug, second.slug) == ("jmaya-alkhyr", "jmaya-alkhyr-2")
    assert client.get(first.get_absolute_url()).status_code in (200, 404)  # routed, not 500
    client.force_login(StaffFactory())
    response = client.post(
        "/admin/members/branch/add/",
        {
            "name_ar": "فرع الأردن",
            "slug": "",
            "seat_city_ar": "عمّان",
            "is_active": "on",
            "board_seats-TOTAL_FORMS": 0,
            "board_seats-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Branch.objects.get(name_ar="فرع الأردن").slug == "fra-alardn"


def test_people_and_organizations_are_picked_by_search_not_by_id():
    assert CommitteeMemberInline.autocomplete_fields == ["person", "organization"]
    assert AttendanceInline.autocomplete_fields == ["organization"]
    assert admin.site._registry[Person].search_fields
    assert admin.site._registry[Organization].search_fields


def test_committee_members_are_found_by_name(client):
    person = services.person_create(by=None, name_ar="سامر", name_en="Samer")
    client.force_login(StaffFactory())
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "outcomes",
            "model_name": "committeemember",
            "field_name": "person",
            "term": "Samer",
        },
    )
    assert response.status_code == 200
    assert str(person.pk) in response.content.decode()


def test_a_convenings_admin_page_links_to_its_session_pages_and_records(client):
    convening = ConveningFactory()
    client.force_login(StaffFactory())
    html = client.get(f"/admin/events/convening/{convening.pk}/change/").content.decode()
    assert f"/convenings/{convening.slug}/check-in/" in html or "check-in" in html.lower()
    assert f"/admin/events/registration/?convening__id__exact={convening.pk}" in html
    assert f"/admin/outcomes/motion/?convening__id__exact={convening.pk}" in html
    assert f"/convenings/{convening.slug}/minutes/" in html
    assert issubclass(AttendanceInline, admin.TabularInline)


def test_a_non_staff_user_is_not_shown_the_admin(client):
    client.force_login(UserFactory())
    assert client.get("/admin/members/message/").status_code == 302
