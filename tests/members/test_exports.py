"""The directory's export, and what every export shares (members.export): a byte order mark,
formulas neutralised, XLSX that openpyxl reads back, the page's language, streaming."""

import datetime
import tracemalloc

import pytest
from django.urls import reverse
from django.utils import translation

from members import export
from members.models import Organization
from members.views.exports import directory_header

from .exports import body, csv_rows, queries_of_download, workbook, xlsx_rows
from .factories import (
    AffiliationFactory,
    BranchFactory,
    OrganizationFactory,
    SecretariatFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name, lang="en"):
    with translation.override(lang):
        return reverse(f"members:{name}")


@pytest.fixture
def directory():
    turkey = BranchFactory(slug="turkey", name_en="Turkey branch", name_ar="فرع تركيا")
    health = SectorFactory(slug="health", name_en="Health", name_ar="الصحة")
    hope = OrganizationFactory(
        slug="hope",
        name_en="Hope",
        name_ar="الأمل",
        acronym="HP",
        country="TR",
        city_en="Gaziantep",
        countries_of_work=["SY", "TR"],
        branch=turkey,
        founded_year=2013,
        website="https://hope.example.org",
        email="contact@hope.example.org",
        phone="+90 555 000",
    )
    hope.sectors.add(health)
    OrganizationFactory(slug="dawn", name_en="Dawn", name_ar="الفجر", country="SY")
    OrganizationFactory(slug="new", name_en="Newcomer", status=Organization.Status.APPLICANT)
    OrganizationFactory(slug="friend", name_en="Friend", status=Organization.Status.PARTNER)
    return hope


# What every export shares ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_csv_cell_that_starts_like_a_formula_is_text(value):
    assert export.cell(value) == "'" + value


def test_dates_are_written_in_iso_order():
    assert export.cell(datetime.date(2024, 3, 9)) == "2024-03-09"
    assert export.cell(datetime.datetime(2024, 3, 9, 14, 5)) == "2024-03-09 14:05"
    assert export.cell(None) == ""
    # An aware moment is written as the federation's clock shows it (Istanbul: UTC+3).
    noon_utc = datetime.datetime(2024, 3, 9, 12, 0, tzinfo=datetime.UTC)
    assert export.cell(noon_utc) == "2024-03-09 15:00"
    sheet = workbook(export.xlsx_response(["t"], [[noon_utc]], "t.xlsx", sheet="S")).active
    assert sheet["A2"].value == datetime.datetime(2024, 3, 9, 15, 0)


def test_an_xlsx_cell_that_starts_like_a_formula_is_stored_as_text():
    response = export.xlsx_response(
        ["Name"], [['=HYPERLINK("x")', "-5", 7, "bell\x07"]], "t.xlsx", sheet="S"
    )
    sheet = workbook(response).worksheets[0]
    formula_like, minus, number, cleaned = sheet[2][:4]
    assert (formula_like.value, formula_like.data_type) == ('=HYPERLINK("x")', "s")
    assert formula_like.quotePrefix
    assert (minus.value, minus.data_type) == ("-5", "s")
    assert (number.value, number.data_type) == (7, "n")
    assert cleaned.value == "bell"  # a control character XML cannot hold is dropped


def test_an_arabic_sheet_reads_right_to_left():
    with translation.override("ar"):
        response = export.xlsx_response(["الاسم"], [], "t.xlsx", sheet="المنظمات")
    sheet = workbook(response).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    assert sheet.title == "المنظمات"
    assert sheet.freeze_panes == "A2"


def test_a_streamed_csv_is_written_in_the_language_it_was_asked_in():
    def rows():
        yield [translation.get_language()]

    with translation.override("ar"):
        response = export.csv_response(["h"], rows(), "t.csv")
    with translation.override("en"):
        assert body(response).decode("utf-8").splitlines()[1] == "ar"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_memory_stays_flat_whatever_the_number_of_rows(fmt):
    def peak(count):
        rows = ([n, f"Organization {n}", "منظمة", datetime.date(2024, 1, 1)] for n in range(count))
        tracemalloc.start()
        response = export.table_response(fmt, ["a", "b", "c", "d"], rows, name="t", sheet="t")
        for _chunk in response.streaming_content:
            pass
        response.close()
        highest = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return highest

    small, large = peak(500), peak(5_000)
    assert large < small * 1.5 + 512 * 1024, (small, large)


# The directory -----------------------------------------------------------------------------


def test_the_directory_csv_has_every_column_of_the_public_profile(client, directory):
    rows = csv_rows(client.get(url("organization_csv"), {"q": "hope"}))
    assert rows[0] == [
        "Name",
        "Acronym",
        "Membership status",
        "Headquarters country",
        "Headquarters city",
        "Countries of work",
        "Areas of work",
        "Sectors",
        "Branch",
        "Year founded",
        "Registration or licence number",
        "Issuing authority",
        "Website",
        "E-mail",
        "Phone",
        "Page address",
    ]
    assert rows[1] == [
        "Hope",
        "HP",
        "Active member",
        "Türkiye",
        "Gaziantep",
        "Syria, Türkiye",
        "",
        "Health",
        "Turkey branch",
        "2013",
        "",
        "",
        "https://hope.example.org",
        "contact@hope.example.org",
        "'+90 555 000",  # starts like a formula: neutralised
        "http://testserver/en/organizations/hope/",
    ]
    assert len(rows) == 2


def test_the_directory_xlsx_holds_the_same_rows_with_numbers_as_numbers(client, directory):
    response = client.get(url("organization_xlsx"), {"q": "hope"})
    assert response["Content-Disposition"] == 'attachment; filename="organizations.xlsx"'
    rows = xlsx_rows(response)
    assert rows[0][0] == "Name"
    assert rows[1][:4] == ["Hope", "HP", "Active member", "Türkiye"]
    assert rows[1][9] == 2013
    assert rows[1][14] == "+90 555 000"  # stored as text, shown as written


def test_under_ar_the_headers_and_values_are_arabic(client, directory):
    rows = csv_rows(client.get(url("organization_csv", "ar"), {"q": "hope"}))
    with translation.override("ar"):
        assert rows[0] == [str(label) for label in directory_header()]
        assert rows[1][2] == str(Organization.Status.ACTIVE.label)
    assert rows[0][0] == "الاسم"
    assert rows[1][0] == "الأمل"
    assert rows[1][8] == "فرع تركيا"
    assert rows[1][-1].endswith("/ar/organizations/hope/")
    sheet = workbook(client.get(url("organization_xlsx", "ar"))).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    assert sheet["A1"].value == "الاسم"


def test_the_directory_export_is_filtered_like_the_page(client, directory):
    names = [row[0] for row in csv_rows(client.get(url("organization_csv")))[1:]]
    assert names == ["Dawn", "Hope"]  # members only, by name, not paginated
    by_country = csv_rows(client.get(url("organization_csv"), {"country": "SY"}))
    assert [row[0] for row in by_country[1:]] == ["Dawn"]
    by_sector = csv_rows(
        client.get(url("organization_xlsx").replace("xlsx", "csv"), {"sector": "health"})
    )
    assert [row[0] for row in by_sector[1:]] == ["Hope"]
    by_branch = xlsx_rows(client.get(url("organization_xlsx"), {"branch": "turkey"}))
    assert [row[0] for row in by_branch[1:]] == ["Hope"]


def test_the_export_shows_each_visitor_what_the_directory_shows_them(client, directory):
    def names():
        return {row[0] for row in csv_rows(client.get(url("organization_csv")))[1:]}

    assert names() == {"Hope", "Dawn"}
    client.force_login(UserFactory())
    assert names() == {"Hope", "Dawn", "Friend"}  # partners, to the signed-in
    applicant = Organization.objects.get(slug="new")
    client.force_login(AffiliationFactory(organization=applicant).user)
    assert names() == {"Hope", "Dawn", "Friend", "Newcomer"}  # their own application
    client.force_login(SecretariatFactory())
    assert names() == {"Hope", "Dawn", "Friend", "Newcomer"}
    # An applicant asked for by status, without the right to see it: no row, not an error.
    client.logout()
    assert csv_rows(client.get(url("organization_csv"), {"q": "newcomer"}))[1:] == []


@pytest.mark.parametrize(
    "query",
    [
        {"status": "nonsense"},
        {"country": "ZZ"},
        {"branch": "no such branch!"},
        {"sector": "\x00"},  # refused before the view by members.strict_input
        {"sector": "santé"},
        {"q": "x" * 101},
        {"page": "-1"},
    ],
)
@pytest.mark.parametrize("name", ["organization_csv", "organization_xlsx"])
def test_malformed_filters_are_refused_never_a_server_error(client, directory, query, name):
    response = client.get(url(name), query)
    if "page" in query:  # the page number means nothing to an export
        assert response.status_code == 200
        return
    assert response.status_code == 400
    if "\x00" not in query.get("sector", ""):
        assert "Some filters could not be used" in response.content.decode()


def test_the_download_costs_the_same_queries_for_one_row_and_for_fifty(client):
    sector = SectorFactory()
    first = OrganizationFactory(branch=BranchFactory())
    first.sectors.add(sector)
    client.force_login(SecretariatFactory())
    one = {name: queries_of_download(client, url(name)) for name in ("organization_csv",)}
    for _ in range(49):
        OrganizationFactory(branch=BranchFactory()).sectors.add(sector)
    fifty = {name: queries_of_download(client, url(name)) for name in ("organization_csv",)}
    assert fifty == one
    assert queries_of_download(client, url("organization_xlsx")) == one["organization_csv"]


def test_the_directory_links_to_its_exports_with_its_filters(client, directory):
    page = client.get(url("organization_list"), {"country": "SY"}).content.decode()
    assert 'href="/en/organizations/export.csv?country=SY"' in page
    assert 'href="/en/organizations/export.xlsx?country=SY"' in page
