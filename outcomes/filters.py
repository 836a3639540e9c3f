import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.filters import MatchFilter, SlugChoiceFilter
from members.models import Branch, Organization, Sector

from .models import Recommendation

CHECKED = ("1", "on", "true")
UNCHECKED = ("", "0", "off", "false")


class FlagInput(forms.CheckboxInput):
    """A checkbox that sends "1" and hands the raw value to its field, so the field can tell
    an unknown value ("maybe") from a ticked box."""

    def __init__(self, attrs=None):
        super().__init__({"value": "1", **(attrs or {})}, check_test=lambda v: v in CHECKED)

    def format_value(self, value):
        return None  # the value attribute comes from attrs: always "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    widget = FlagInput

    def to_python(self, value):
        if value is None or value in UNCHECKED:
            return False
        if value in CHECKED:
            return True
        raise ValidationError(_("Tick the box or leave it empty."), code="invalid")


class FlagFilter(django_filters.Filter):
    field_class = FlagField


# Text, not type=date: a re-displayed invalid date in a date input makes the page invalid HTML.
def date_input():
    return forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "YYYY-MM-DD"})


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Recommendation.Status.choices, empty_label=_("All")
    )
    committee = MatchFilter(
        label=_("Follow-up committee"),
        help_text=_("Part of its name."),
        path="committee",
        name_fields=("name_ar", "name_en"),
    )
    organization = MatchFilter(
        label=_("Organization in charge"),
        help_text=_("Part of its name or its acronym."),
        path="responsible",
        match=lambda value: (
            Q(responsible__slug=value)
            | Q(responsible__in=Organization.objects.search(value).values("pk"))
        ),
    )
    convening = MatchFilter(
        label=_("Convening"),
        help_text=_("Part of its title."),
        path="convening",
        name_fields=("title_ar", "title_en"),
    )
    sector = SlugChoiceFilter(label=_("Sector"), queryset=Sector.objects.all())
    branch = SlugChoiceFilter(
        label=_("Organizing branch"),
        field_name="convening__organizer_branch",
        queryset=Branch.objects.all(),
    )
    overdue = FlagFilter(label=_("Overdue only"), method="filter_overdue")
    # Open recommendations nobody but the secretariat can report on.
    unowned = FlagFilter(label=_("No owner only"), method="filter_unowned")
    due_after = django_filters.DateFilter(
        label=_("Due on or after"),
        field_name="due_date",
        lookup_expr="gte",
        widget=date_input(),
    )
    due_before = django_filters.DateFilter(
        label=_("Due on or before"),
        field_name="due_date",
        lookup_expr="lte",
        widget=date_input(),
    )

    class Meta:
        model = Recommendation
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(text_ar__icontains=value) | Q(text_en__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_unowned(self, queryset, name, value):
        return queryset.unowned() if value else queryset
