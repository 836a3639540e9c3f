"""Input no page can use is a 400 with a translated page, never a 500 (members.strict_input):
a NUL byte anywhere in a query string or a form, on every kind of page; and in every admin
changelist, malformed numbers in its list filters and in the rows an action runs on."""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.test import RequestFactory
from django.urls import reverse

from events.models import Registration
from members.models import Organization
from outcomes.models import ProgressUpdate
from tests.events.factories import ConveningFactory
from tests.members.factories import AffiliationFactory, StaffFactory, UserFactory
from tests.outcomes.factories import CommitteeFactory, RecommendationFactory
from tests.outcomes.voting import attend, open_motion

pytestmark = pytest.mark.django_db

HUGE = "9" * 5000
MALFORMED_IDS = ["\x00", "1\x00", HUGE, "9" * 25, "²", "٣", "-", "1.0", " 1"]


def test_a_nul_byte_in_a_query_string_is_a_translated_400_on_every_kind_of_page(client):
    motion = open_motion(convening=ConveningFactory(slug="ga"))
    organization = attend(motion, name_en="Hope")
    recommendation = RecommendationFactory(convening=motion.convening, number=2)
    committee = CommitteeFactory(slug="follow-up")
    pages = [
        "/en/",
        "/en/organizations/",
        f"/en/organizations/{organization.slug}/",
        "/en/convenings/",
        "/en/convenings/ga/",
        "/en/recommendations/",
        "/en/recommendations/report/",
        "/en/recommendations/export.csv",
        recommendation.get_absolute_url(),
        "/en/committees/",
        f"/en/committees/{committee.slug}/",
        "/en/convenings/ga/live/",
        "/en/convenings/ga/live.json",
    ]
    for page in pages:
        for query in ({"q": "\x00"}, {"page": "1\x00"}, {"status\x00": "x"}):
            response = client.get(page, query)
            assert response.status_code == 400, (page, query)
    client.force_login(StaffFactory())
    signed_in = [
        "/en/dashboard/",
        "/en/convenings/ga/vote/",
        "/en/convenings/ga/tally/",
        "/en/convenings/ga/check-in/",
        "/en/convenings/ga/register/",
        f"/en/organizations/{organization.slug}/people/",
        "/en/organizations/register/",
        "/en/accounts/profile/",
        "/admin/",
    ]
    for page in signed_in:
        assert client.get(page, {"organization": "\x00"}).status_code == 400, page
    response = client.get("/ar/organizations/", {"q": "\x00"})
    assert 'lang="ar"' in response.content.decode()
    assert "تعذّر فهم الرابط أو النموذج." in response.content.decode()


def test_a_nul_byte_in_a_form_is_a_400_and_saves_nothing(client):
    user = UserFactory()
    client.force_login(user)
    for data in ({"name_en": "Hope\x00"}, {"name_en": "Hope", "acronym\x00": "H"}):
        assert client.post("/en/organizations/register/", data).status_code == 400
    affiliation = AffiliationFactory()
    recommendation = RecommendationFactory(committee=None, responsible=affiliation.organization)
    client.force_login(affiliation.user)
    data = {"status": "in_progress", "progress": "4\x000", "note": "Met."}
    assert client.post(recommendation.get_absolute_url(), data).status_code == 400
    assert not Organization.objects.filter(name_en="Hope").exists()
    assert not ProgressUpdate.objects.exists()


# Every admin changelist ----------------------------------------------------------------------


def changelists():
    return [
        pytest.param(model_admin, id=f"{model._meta.app_label}.{model._meta.model_name}")
        for model, model_admin in admin.site._registry.items()
    ]


def changelist_url(model_admin):
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def filter_parameters(model_admin, user):
    """The query parameters of the changelist's list filters, whether or not they show today."""
    request = RequestFactory().get(changelist_url(model_admin))
    request.user = user
    model = model_admin.model
    for list_filter in model_admin.get_list_filter(request):
        if isinstance(list_filter, type):  # a SimpleListFilter
            spec = list_filter(request, {}, model, model_admin)
        else:
            path, make = list_filter if isinstance(list_filter, tuple) else (list_filter, None)
            field = get_fields_from_path(model, path)[-1]
            spec = (make or FieldListFilter.create)(
                field, request, {}, model, model_admin, field_path=path
            )
        yield from spec.expected_parameters()


@pytest.fixture
def superuser(client):
    user = StaffFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize("model_admin", changelists())
def test_every_list_filter_of_every_changelist_refuses_a_nul_byte(client, superuser, model_admin):
    url = changelist_url(model_admin)
    assert client.get(url).status_code == 200
    for parameter in filter_parameters(model_admin, superuser):
        for value in ("\x00", "a\x00b"):
            assert client.get(url, {parameter: value}).status_code == 400, parameter


@pytest.mark.parametrize("model_admin", changelists())
def test_every_changelist_refuses_malformed_ids_in_its_filters(client, superuser, model_admin):
    url = changelist_url(model_admin)
    for value in MALFORMED_IDS:
        for parameter in ("id__exact", "pk", "id__in", "id__gte"):
            assert client.get(url, {parameter: value}).status_code == 400, (parameter, value)
        assert client.get(url, {"id__in": f"1,{value}"}).status_code == 400, value
    # The filters on a related record's id (organization__id__exact=…) too.
    related = [p for p in filter_parameters(model_admin, superuser) if p.endswith("__id__exact")]
    for parameter in related:
        for value in MALFORMED_IDS:
            assert client.get(url, {parameter: value}).status_code == 400, (parameter, value)
        assert client.get(url, {parameter: "1"}).status_code == 200, parameter
    # Well-formed numbers still filter.
    assert client.get(url, {"id__exact": "1"}).status_code == 200
    assert client.get(url, {"id__in": "1,2"}).status_code == 200


@pytest.mark.parametrize("model_admin", changelists())
def test_other_filter_values_never_fail(client, superuser, model_admin):
    url = changelist_url(model_admin)
    for parameter in filter_parameters(model_admin, superuser):
        for value in (HUGE, "²", "٣", "-1"):
            status = client.get(url, {parameter: value}).status_code
            assert status in (200, 302, 400), (parameter, value, status)


@pytest.mark.parametrize("model_admin", changelists())
def test_an_action_on_malformed_rows_is_a_400(client, superuser, model_admin):
    url = changelist_url(model_admin)
    for value in ("²", "٣", HUGE, "9" * 25):
        data = {"action": "delete_selected", "index": 0, "_selected_action": ["1", value]}
        assert client.post(url, data).status_code == 400, value


def test_the_admin_still_filters_and_acts_on_well_formed_ids(client, superuser):
    registration = Registration.objects.create(
        convening=ConveningFactory(),
        organization=AffiliationFactory().organization,
        channel="room",
    )
    url = "/admin/events/registration/"
    response = client.get(url, {"organization__id__exact": registration.organization_id})
    assert response.status_code == 200 and response.context["cl"].result_count == 1
    other = client.get(url, {"organization__id__exact": registration.organization_id + 1})
    assert other.context["cl"].result_count == 0
