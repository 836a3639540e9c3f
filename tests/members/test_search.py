import pytest
from django.db import connection

from members import search
from members.models import Organization

from .factories import OrganizationFactory


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("أحمد", "احمد"),  # hamza above
        ("إغاثة", "اغاثه"),  # hamza below, and ta marbuta typed as ha
        ("آفاق", "افاق"),  # madda
        ("مستشفى", "مستشفي"),  # alef maqsura typed as ya
        ("مُنَظَّمَةٌ", "منظمة"),  # diacritics
        ("تـنـسـيـق", "تنسيق"),  # tatweel
        ("الإغاثة", "إغاثة"),  # leading article on the stored side
        ("إغاثة", "الاغاثة"),  # leading article on the typed side
        ("Relief", "relief"),  # Latin case
    ],
)
def test_normalize_makes_variant_spellings_equal(written, typed):
    assert search.normalize(written) == search.normalize(typed)


def test_normalize_keeps_short_words_that_only_look_like_an_article():
    assert search.normalize("الى") == "الي"


def test_document_pads_words_so_each_can_be_matched():
    assert search.document("اتحاد الجمعيات", None, "UNIW") == " اتحاد جمعيات uniw "


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["الإغاثة", "الاغاثه", "اغاثة", "إغاثـة", "إِغَاثَة", "غوطة", "الغوطه", "relief", "GHOUTA"],
)
def test_directory_search_finds_the_same_organization_for_every_spelling(query):
    found = OrganizationFactory(name_ar="جمعية الغوطة للإغاثة", name_en="Ghouta Relief Society")
    OrganizationFactory(name_ar="مركز التعليم", name_en="Education Centre")
    assert list(Organization.objects.search(query)) == [found]


@pytest.mark.django_db
def test_search_requires_every_word():
    OrganizationFactory(name_ar="جمعية الغوطة للإغاثة")
    assert not Organization.objects.search("الغوطة حمص").exists()


@pytest.mark.django_db
def test_search_column_follows_renames():
    organization = OrganizationFactory(name_ar="قديم")
    organization.name_ar = "جديد"
    organization.save(update_fields=["name_ar"])
    assert list(Organization.objects.search("جديد")) == [organization]
    assert not Organization.objects.search("قديم").exists()


def test_search_uses_the_trigram_index_on_postgresql(require_postgres):
    OrganizationFactory(name_ar="جمعية الغوطة للإغاثة")
    # Unordered: the question is whether the search predicate can use the index.
    query = Organization.objects.search("اغاثه").order_by()
    with connection.cursor() as cursor:
        # The table is tiny, so the planner would rightly scan it; forbid that to see the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "members_organization_search_trgm" in plan
