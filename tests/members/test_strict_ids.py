"""Ids are read strictly (members.ids): ASCII digits only, at most 18; “٣” is not 3, “²” and a
5,000-digit number are not ids. Here the rule itself and the organization form's branch and
sectors; the other forms that take ids have their tests in their apps."""

import pytest
from django import forms

from members.ids import IdChoiceField, IdField, parse_id
from members.models import Organization, Sector

from .factories import BranchFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic(number: int) -> str:
    return str(number).translate(ARABIC_DIGITS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("42", 42),
        ("007", 7),
        ("9" * 18, int("9" * 18)),
        (5, 5),
        ("9" * 19, None),
        ("9" * 5000, None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1 ", None),
        ("1.0", None),
        ("1e3", None),
        ("٣", None),
        ("²", None),
        ("1\x00", None),
        ("", None),
        (None, None),
        (True, None),
        (0, None),
        (10**18, None),
    ],
)
def test_an_id_is_one_to_eighteen_ascii_digits(value, expected):
    assert parse_id(value) == expected


def test_the_id_fields_refuse_what_is_not_an_id_before_the_database_is_asked(
    django_assert_num_queries,
):
    sector = SectorFactory()

    class Form(forms.Form):
        number = IdField()
        sector = IdChoiceField(queryset=Sector.objects.all())

    for value in ("٣", "²", "9" * 5000, "9" * 25, arabic(sector.pk)):
        with django_assert_num_queries(0):
            form = Form({"number": value, "sector": value})
            assert not form.is_valid()
            assert set(form.errors) == {"number", "sector"}
    form = Form({"number": "12", "sector": str(sector.pk)})
    assert form.is_valid()
    assert form.cleaned_data == {"number": 12, "sector": sector}


@pytest.mark.parametrize("field", ["branch", "sectors"], ids=["branch", "sectors"])
@pytest.mark.parametrize("spoil", ["arabic", "superscript", "huge", "beyond a bigint"])
def test_the_organization_forms_branch_and_sectors_are_ids(client, field, spoil):
    branch, sector = BranchFactory(), SectorFactory()
    value = {
        "arabic": arabic(branch.pk if field == "branch" else sector.pk),
        "superscript": "²",
        "huge": "9" * 5000,
        "beyond a bigint": "9" * 25,
    }[spoil]
    client.force_login(UserFactory())
    response = client.post("/en/organizations/register/", {"name_en": "Hope", field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Organization.objects.exists()
