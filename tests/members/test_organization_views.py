import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Affiliation, MembershipChange, Organization

from .factories import (
    AffiliationFactory,
    BranchFactory,
    OrganizationFactory,
    SectorFactory,
    UserFactory,
)
from .test_images import huge_png_header, png_bytes, upload

pytestmark = pytest.mark.django_db
S = Organization.Status


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"members:{name}", kwargs=kwargs or None)


def listed(response):
    return [o.slug for o in response.context["page"].object_list]


# The directory -----------------------------------------------------------------------------


def test_anonymous_visitors_see_registered_and_active_organizations_only(client):
    for status in S.values:
        OrganizationFactory(slug=f"org-{status}", status=status)
    response = client.get(url("organization_list"))
    assert sorted(listed(response)) == ["org-active", "org-registered"]


def test_anonymous_visitors_get_404_for_an_applicant_page(client):
    applicant = OrganizationFactory(status=S.APPLICANT)
    assert client.get(applicant.get_absolute_url()).status_code == 404


def test_a_coordinator_sees_their_own_applicant_organization(client):
    applicant = OrganizationFactory(status=S.APPLICANT)
    coordinator = AffiliationFactory(organization=applicant).user
    client.force_login(coordinator)
    assert client.get(applicant.get_absolute_url()).status_code == 200
    assert applicant.slug in listed(client.get(url("organization_list")))


def test_staff_see_every_status(client, staff):
    for status in S.values:
        OrganizationFactory(slug=f"org-{status}", status=status)
    client.force_login(staff)
    assert len(listed(client.get(url("organization_list")))) == len(S.values)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "الإغاثة"}, ["relief"]),
        ({"q": "relief"}, ["relief"]),
        ({"country": "TR"}, ["schools"]),
        ({"branch": "turkey"}, ["schools"]),
        ({"sector": "health"}, ["relief"]),
        ({"status": "registered"}, ["schools"]),
        ({"q": "relief", "country": "TR"}, []),
        ({}, ["relief", "schools"]),
    ],
)
def test_directory_filters(client, params, expected):
    health = SectorFactory(slug="health")
    turkey = BranchFactory(slug="turkey")
    relief = OrganizationFactory(slug="relief", name_ar="جمعية الإغاثة", name_en="Relief")
    relief.sectors.add(health)
    OrganizationFactory(
        slug="schools", country="TR", branch=turkey, status=S.REGISTERED, name_en="Schools"
    )
    response = client.get(url("organization_list"), params)
    assert response.status_code == 200
    assert listed(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "country=ZZ",
        "country=",
        "branch=nope",
        "branch=%00",
        "branch=a%20b",
        "sector=%FF%FE",
        "sector[]=x",
        "status=emperor",
        "q=%00",
        "q=" + "x" * 500,
        "page=abc",
        "page=-1",
        "page=99999",
        "page=1e9",
        "q=%E0%A4%A",
        "%%%=%%%",
        "branch=turkey&branch=x",
    ],
)
def test_malformed_query_strings_never_fail(client, query):
    BranchFactory(slug="turkey")
    OrganizationFactory()
    response = client.get(url("organization_list") + "?" + query)
    # A NUL byte is refused at the door with the 400 page (members.strict_input).
    assert response.status_code == (400 if "%00" in query else 200)


def test_an_invalid_filter_shows_a_translated_message_and_no_results(client):
    OrganizationFactory()
    response = client.get(url("organization_list", lang="ar"), {"status": "emperor"})
    assert listed(response) == []
    assert "تعذّر استخدام بعض عوامل التصفية" in response.content.decode()


def test_directory_shows_an_empty_state_and_a_count(client):
    response = client.get(url("organization_list"), {"q": "nothing-like-this"})
    body = response.content.decode()
    assert "0 organizations" in body
    assert "No organization matches these filters." in body


def test_directory_paginates(client):
    for n in range(25):
        OrganizationFactory(slug=f"org-{n:02}")
    first = client.get(url("organization_list"))
    second = client.get(url("organization_list"), {"page": 2})
    assert len(listed(first)) == 20
    assert len(listed(second)) == 5
    assert "25 organizations" in first.content.decode()


def _count_directory_queries(client, django_assert_max_num_queries=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("organization_list"), {"q": "org"})
    assert response.status_code == 200
    return len(queries)


def test_directory_query_count_is_the_same_for_1_and_50_organizations(client):
    health, education = SectorFactory(), SectorFactory()
    branch = BranchFactory()
    first = OrganizationFactory(name_en="Org first", branch=branch)
    first.sectors.add(health, education)
    one = _count_directory_queries(client)
    for n in range(49):
        OrganizationFactory(name_en=f"Org {n}", branch=BranchFactory()).sectors.add(health)
    fifty = _count_directory_queries(client)
    assert one == fifty


# Registration and editing ------------------------------------------------------------------


def test_registering_needs_a_signed_in_user(client):
    response = client.get(url("organization_register"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_signed_in_user_registers_an_organization_and_becomes_its_coordinator(client, user):
    sector = SectorFactory()
    client.force_login(user)
    response = client.post(
        url("organization_register"),
        {
            "name_ar": "جمعية الأمل",
            "name_en": "Hope Society",
            "acronym": "HOPE",
            "country": "SY",
            "sectors": [sector.pk],
            "logo": upload(png_bytes()),
        },
    )
    organization = Organization.objects.get(slug="hope")
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert organization.status == S.APPLICANT
    assert organization.logo.name.startswith("logos/")
    assert list(organization.sectors.all()) == [sector]
    assert Affiliation.objects.get(organization=organization).user == user
    assert organization.status_history.get().changed_by == user


@pytest.mark.parametrize(
    "logo",
    [
        upload(b"not an image", "logo.png"),
        upload(huge_png_header()),
        upload(png_bytes() + b"\x00" * (3 * 1024 * 1024)),
    ],
    ids=["text-named-png", "20000px-png", "3mb"],
)
def test_a_bad_logo_gives_a_form_error_and_saves_nothing(client, user, logo):
    client.force_login(user)
    logo.seek(0)
    response = client.post(url("organization_register"), {"name_en": "Hope", "logo": logo})
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Organization.objects.exists()


def test_a_nameless_organization_is_refused_with_a_translated_message(client, user):
    client.force_login(user)
    response = client.post(url("organization_register", lang="ar"), {"acronym": "X"})
    assert "اسم المنظمة" in response.content.decode()
    assert not Organization.objects.exists()


def test_a_coordinator_edits_their_organization(client, organization, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("organization_edit", slug=organization.slug),
        {"name_ar": "اسم جديد", "name_en": "New name", "city_en": "Gaziantep"},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.name_en, organization.city_en) == ("New name", "Gaziantep")


def test_editing_keeps_the_logo_when_none_is_uploaded(client, organization, coordinator):
    client.force_login(coordinator)
    client.post(
        url("organization_edit", slug=organization.slug),
        {"name_en": "With logo", "logo": upload(png_bytes())},
    )
    organization.refresh_from_db()
    stored = organization.logo.name
    client.post(url("organization_edit", slug=organization.slug), {"name_en": "Renamed"})
    organization.refresh_from_db()
    assert organization.logo.name == stored


def test_a_coordinator_cannot_edit_another_organization(client, coordinator):
    other = OrganizationFactory(name_en="Other")
    client.force_login(coordinator)
    assert client.get(url("organization_edit", slug=other.slug)).status_code == 403
    response = client.post(url("organization_edit", slug=other.slug), {"name_en": "Hijacked"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name_en == "Other"


def test_a_plain_member_of_the_organization_cannot_edit_it(client, organization):
    member = AffiliationFactory(organization=organization, role=Affiliation.Role.MEMBER).user
    client.force_login(member)
    assert client.get(url("organization_edit", slug=organization.slug)).status_code == 403


def test_a_hidden_organization_answers_404_to_an_outsider_trying_to_edit(client):
    applicant = OrganizationFactory(status=S.APPLICANT)
    client.force_login(UserFactory())
    assert client.get(url("organization_edit", slug=applicant.slug)).status_code == 404


def test_a_coordinator_cannot_change_the_status_through_the_form(client, coordinator):
    organization = coordinator.affiliations.get().organization
    client.force_login(coordinator)
    client.post(
        url("organization_edit", slug=organization.slug),
        {"name_en": "Same", "status": "suspended"},
    )
    organization.refresh_from_db()
    assert organization.status == S.ACTIVE


def test_history_is_shown_to_coordinators_not_to_the_public(client, organization, coordinator):
    MembershipChange.objects.filter(organization=organization).update(note="approved-by-board")
    assert "approved-by-board" not in client.get(organization.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    assert "approved-by-board" in client.get(organization.get_absolute_url()).content.decode()


def test_malformed_slugs_are_404(client):
    assert client.get("/en/organizations/%00/").status_code == 404
    assert client.get("/en/organizations/no-such-org/edit/").status_code in (302, 404)


def test_directory_is_alphabetical_in_the_page_language_with_fallback(client):
    OrganizationFactory(slug="a", name_ar="ياسمين", name_en="Yasmine")
    OrganizationFactory(slug="b", name_ar="أمل", name_en="")
    OrganizationFactory(slug="c", name_ar="بيادر", name_en="Bayader")
    assert listed(client.get(url("organization_list", lang="ar"))) == ["b", "c", "a"]
    english = listed(client.get(url("organization_list", lang="en")))
    # Latin names in order; the nameless-in-English one sorts by its Arabic name, not first
    # as an empty string would (how Latin and Arabic interleave depends on the collation).
    assert english.index("c") < english.index("a")
    assert english[0] != "b"


def test_the_organization_form_shows_every_field_in_a_group():
    from members.forms import OrganizationForm

    form = OrganizationForm()
    grouped = [field.name for _legend, fields in form.groups() for field in fields]
    assert sorted(grouped) == sorted(form.fields)
