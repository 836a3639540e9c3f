"""The presence export: CSV (UTF-8 with BOM) and XLSX with the HXL hashtag row under the header,
in the page's language, with the directory's visibility, in a constant number of queries; and
the same rows in the open-data API."""

import datetime

import pytest
from django.test import Client
from django.utils import translation

from members.models import Organization
from members.views.presence import HXL

from .activities import ActivityFactory, place
from .exports import csv_rows, queries_of_download, workbook, xlsx_rows
from .factories import OrganizationFactory, SecretariatFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages and reversed URLs in English (the default language is Arabic)."""
    with translation.override("en"):
        yield


PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def relief():
    return SectorFactory(slug="relief", name_en="Relief", name_ar="الإغاثة")


def test_the_csv_has_the_hxl_row_under_the_header_and_reads_in_arabic(client, relief):
    organization = OrganizationFactory(name_ar="جمعية غراس", name_en="Ghiras", acronym="=GH")
    ActivityFactory(
        organization=organization,
        sector=relief,
        place=place("SY-RD"),
        start=datetime.date(2025, 2, 1),
        end=datetime.date(2025, 9, 30),
        reached=1200,
    )
    rows = csv_rows(client.get("/ar/presence/export.csv", PERIOD))
    assert rows[1] == HXL
    assert rows[1][:3] == ["#org +name", "#org +acronym", "#org +type"]
    assert rows[2] == [
        "جمعية غراس",
        "'=GH",  # never a formula
        rows[2][2],  # the status, in Arabic (checked in English below)
        "الإغاثة",
        "SY",
        "ريف دمشق",
        "SY-RD",
        "2025-02-01",
        "2025-09-30",
        "1200",
    ]
    english = csv_rows(Client().get("/en/presence/export.csv", PERIOD))
    assert english[2][0] == "Ghiras" and english[2][5] == "Rural Damascus"
    assert english[2][2] == "Active member"


def test_the_xlsx_has_the_hxl_row_dates_and_numbers_and_reads_right_to_left(client, relief):
    ActivityFactory(sector=relief, start=datetime.date(2025, 2, 1), reached=7)
    response = client.get("/ar/presence/export.xlsx", PERIOD)
    assert workbook(response).worksheets[0].sheet_view.rightToLeft
    rows = xlsx_rows(client.get("/ar/presence/export.xlsx", PERIOD))
    assert rows[1] == HXL
    assert rows[2][7] == datetime.datetime(2025, 2, 1)
    assert rows[2][8] is None and rows[2][9] == 7


def test_the_export_shows_what_the_directory_shows(client, relief):
    ActivityFactory(sector=relief, organization=OrganizationFactory(name_en="Member"))
    hidden = OrganizationFactory(name_en="Applicant", status=Organization.Status.APPLICANT)
    ActivityFactory(sector=relief, organization=hidden)
    names = [row[0] for row in csv_rows(client.get("/en/presence/export.csv", PERIOD))[2:]]
    assert names == ["Member"]
    client.force_login(SecretariatFactory())
    names = [row[0] for row in csv_rows(client.get("/en/presence/export.csv", PERIOD))[2:]]
    assert sorted(names) == ["Applicant", "Member"]


def test_the_export_follows_the_filters_and_refuses_bad_ones(client, relief):
    ActivityFactory(sector=relief)
    ActivityFactory(sector=relief, place=place("TR-31"))
    rows = csv_rows(client.get("/en/presence/export.csv", {**PERIOD, "country": "TR"}))
    assert [row[6] for row in rows[2:]] == ["TR-31"]
    assert client.get("/en/presence/export.csv", {"from": "x"}).status_code == 400
    assert client.get("/en/presence/export.xlsx", {"country": "ZZ"}).status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_costs_the_same_for_one_activity_and_for_many(client, relief, fmt):
    ActivityFactory(sector=relief)
    url = f"/en/presence/export.{fmt}"
    few = queries_of_download(client, url, **PERIOD)
    for _ in range(30):
        ActivityFactory(sector=relief, place=place("SY-ID"))
    assert queries_of_download(client, url, **PERIOD) == few


def test_the_api_lists_the_activities_a_reader_may_see(client, relief):
    shown = ActivityFactory(sector=relief, reached=3, place=place("SD-NR"))
    ActivityFactory(
        sector=relief, organization=OrganizationFactory(status=Organization.Status.APPLICANT)
    )
    body = client.get("/api/v1/activities/").json()
    assert [row["id"] for row in body["data"]] == [shown.pk]
    row = body["data"][0]
    assert row["place"] == {
        "code": "SD-NR",
        "name_ar": "ولاية نهر النيل",
        "name_en": "River Nile State",
    }
    assert row["sector"] == "relief" and row["country"] == "SD" and row["reached"] == 3
    assert row["organization"]["slug"] == shown.organization.slug
    assert client.get(f"/api/v1/activities/{shown.pk}/").status_code == 200
    filtered = client.get("/api/v1/activities/", {"country": "SY"}).json()
    assert filtered["data"] == []
    assert client.get("/api/v1/activities/", {"going_on_from": "nope"}).status_code == 400
