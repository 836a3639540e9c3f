"""The directory at a registry's scale: counts estimated when large, pages read from the name
index, searches through an index whatever spelling of a word is typed."""

import factory
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from members import paging
from members.models import Organization
from tests.members.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

INDEX = "members_organization_members_search_trgm"  # members 0015


def names(response):
    return [o.name_en for o in response.context["page"].object_list]


def test_a_small_result_is_counted_exactly(client):
    OrganizationFactory.create_batch(3)
    response = client.get("/en/organizations/")
    assert response.context["page"].paginator.count == 3
    assert response.context["page"].paginator.approximate is False
    assert "3 organizations" in response.content.decode()


def test_a_page_beyond_the_end_says_there_is_no_more(client):
    OrganizationFactory.create_batch(3)
    paginator = paging.EstimatingPaginator(Organization.objects.order_by("pk"), 2)
    paginator.count = 40  # as an estimate that was too high would
    assert list(paginator.get_page(5).object_list) == []


def test_rounding_keeps_two_figures():
    assert [paging._round(n) for n in (7, 99, 1234, 70112, 35499)] == [7, 99, 1200, 70000, 35000]


def explain(queryset, *disabled):
    """The plan of `queryset` with sequential scans (and `disabled`) ruled out: on a test's few
    rows the planner would rather read the table, so this asks whether an index *can* serve
    the query, i.e. whether its expression is the one indexed."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", *disabled):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_large_result_is_estimated_and_said_to_be_about(client, require_postgres, monkeypatch):
    OrganizationFactory.create_batch(40)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_organization")
    monkeypatch.setattr(paging, "EXACT_UP_TO", 10)
    response = client.get("/en/organizations/")
    paginator = response.context["page"].paginator
    assert paginator.approximate is True
    assert 20 <= paginator.count <= 80
    assert "about" in response.content.decode()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_directory_order_is_read_from_its_index(require_postgres, language):
    OrganizationFactory.create_batch(5)
    with translation.override(language):
        plan = explain(Organization.objects.members().by_name()[:20], "enable_sort")
    assert f"members_org_name_{language}_order" in plan


@pytest.mark.parametrize(
    "typed",
    ["الإغاثة", "الاغاثه", "الإغَاثَة", "اغاثة"],  # hamza, ta marbuta, diacritics, no «ال»
)
def test_every_spelling_finds_the_same_organizations_through_an_index(require_postgres, typed):
    found = OrganizationFactory(name_ar="جمعية الإغاثة في حلب")
    OrganizationFactory(name_ar="مؤسسة التعليم")
    assert list(Organization.objects.members().search(typed)) == [found]
    plan = explain(Organization.objects.search(typed).order_by(), "enable_indexscan")
    assert "members_organization_search_trgm" in plan


def test_a_visitors_search_reads_the_index_of_members_alone(require_postgres):
    """Members 0015: a visitor sees members only, so the search need not visit every
    organization containing the word to drop those that are not."""
    OrganizationFactory(name_ar="جمعية الإغاثة في حلب", status="active")
    # The shape that makes the index worth having: many members without the word, many
    # applicants with it. Neither the status nor the word alone then narrows the search as
    # much as the index that holds members only (the column is set as save() would set it).
    build = OrganizationFactory.build_batch
    Organization.objects.bulk_create(
        [*build(300, status="active", search_text=" تعليم "),
         *build(300, status="applicant", search_text=" اغاثه ")]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_organization")
    visible = Organization.objects.visible_to(AnonymousUser())
    plan = explain(visible.search("الإغاثة").order_by(), "enable_indexscan")
    assert INDEX in plan
    everyone = explain(Organization.objects.search("الإغاثة").order_by(), "enable_indexscan")
    assert INDEX not in everyone


@pytest.mark.parametrize("index", ["members_organization_search_trgm", INDEX])
def test_a_search_index_takes_each_write_at_once_without_a_pending_list(require_postgres, index):
    # members 0016: a pending list is read by every search until a vacuum merges it (a search
    # 10 times slower after 3,000 edits). Rows of earlier tests, rolled back, stayed in it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [index])
        assert "fastupdate=off" in cursor.fetchone()[0]


def test_countries_in_use_reads_one_index_probe_per_country(require_postgres):
    for code in ("SY", "TR", "JO"):
        OrganizationFactory(country=code, status="active")
    OrganizationFactory(country="LB", status="applicant")
    assert Organization.objects.countries_in_use(Organization.MEMBER_STATUSES) == {
        "SY",
        "TR",
        "JO",
    }


def page_read(paginator, number):
    """The page's ids and the SQL of the one query that read them."""
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        ids = [o.pk for o in paginator.page(number).object_list]
    assert len(queries) == 1, [q["sql"] for q in queries]
    return ids, queries[0]["sql"]


def test_a_deep_page_reads_its_keys_in_a_subquery_and_the_same_rows_in_the_same_order(
    monkeypatch,
):
    monkeypatch.setattr(paging, "KEYS_FIRST_FROM", 4)
    OrganizationFactory.create_batch(12, status="active")
    ordered = Organization.objects.members().by_name()
    plain = paging.EstimatingPaginator(ordered, 5)
    keyed = paging.EstimatingPaginator(ordered, 5, keys_first=True)
    assert keyed.count == plain.count == 12
    for number in (1, 2, 3):
        expected = [o.pk for o in plain.page(number).object_list]
        got, sql = page_read(keyed, number)
        assert got == expected, number
        assert (" IN (SELECT " in sql) == (number > 1), number


def test_a_search_that_sorts_all_its_matches_sorts_their_keys_alone(require_postgres):
    """Only the ids and the sort key go through the sort of thousands of matches, not every
    column and the branch's join: 10 ms instead of 13 for 6,652 matches."""
    named = factory.Sequence("Relief {}".format)
    OrganizationFactory.create_batch(7, status="active", name_en=named)
    OrganizationFactory(status="active", name_en="Education")
    searched = Organization.objects.members().search("relief")
    ordered = searched.for_cards().in_directory_order(searching=True)
    assert ordered.sorts_all_matches  # a few matches: collected and sorted
    expected = [o.pk for o in searched.by_name()]
    paginator = paging.EstimatingPaginator(ordered, 5, keys_first=True)
    assert paginator.count == 7
    got, sql = page_read(paginator, 1)
    assert got == expected[:5]
    assert " IN (SELECT " in sql


def test_a_deep_page_keys_come_from_the_name_index_alone(require_postgres):
    """Page 500 of 70,000 members would otherwise visit the 10,000 rows it skips."""
    OrganizationFactory.create_batch(5, status="active")
    for language in ("ar", "en"):
        with translation.override(language):
            keys = Organization.objects.members().by_name().values_list("pk", flat=True)[2:4]
            plan = explain(keys, "enable_bitmapscan", "enable_indexscan")
        assert f"Index Only Scan using members_org_name_{language}_order" in plan


@pytest.mark.parametrize(
    ("language", "shown"), [("ar", "نحو 70,000 منظمة"), ("en", "about 70,000 organizations")]
)
def test_a_large_count_groups_its_thousands_in_both_languages(language, shown):
    # Django's Arabic formats group no digits: "نحو 70000" (federation.formats.ar).
    with translation.override(language):
        html = render_to_string(
            "includes/result_count.html",
            {"count": 70_000, "approximate": True, "noun": "organizations"},
        )
    assert shown in html
