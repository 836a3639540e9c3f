"""The OpenAPI description is valid OpenAPI 3.1 and names every URL of the API."""

import re

import pytest
from django.urls import get_resolver
from openapi_spec_validator import validate

from .api_world import _generous_limits  # noqa: F401
from .matrix import project_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_description_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def _documented(route):
    """/api/v1/<route> as the description writes it: {key} for a path argument."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_url_of_the_api_is_described(spec):
    routes = {
        _documented(route)
        for route in project_urls().values()
        if route.startswith("api/v1/") and "(?P<rest>" not in route and not route.endswith("$")
    }
    assert routes  # the API's URLs were found
    assert routes == set(spec["paths"])


def test_every_field_of_a_row_is_described(client, spec):
    from tests.members.factories import OrganizationFactory

    OrganizationFactory()
    row = client.get("/api/v1/organizations/").json()["data"][0]
    schema = spec["components"]["schemas"]["Organization"]
    assert set(row) == set(schema["properties"]) == set(schema["required"])


def test_the_description_follows_the_language(client):
    english = client.get("/api/v1/openapi.json?lang=en").json()
    assert english["info"]["title"] == "Tansiq open-data API"
    assert get_resolver()  # the API's URLs load with the project's
