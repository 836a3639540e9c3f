import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from members.filters import SlugChoiceFilter
from members.models import Branch, Organization

from .models import Convening


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # "2017.5" is an error, not a decimal year


class ConveningFilter(django_filters.FilterSet):
    year = YearFilter(
        label=_("Year"),
        field_name="starts_at",
        lookup_expr="year",
        min_value=1900,
        max_value=2100,
        # Text, not type=number: a re-displayed "abc" would make the page invalid HTML.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Convening.Kind.choices, empty_label=_("All")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=Convening.Format.choices, empty_label=_("All")
    )
    branch = SlugChoiceFilter(
        label=_("Organizing branch"), field_name="organizer_branch", queryset=Branch.objects.all()
    )
    organizer = SlugChoiceFilter(
        label=_("Organizing organization"),
        field_name="organizer_organization",
        queryset=Organization.objects.filter(organized_convenings__isnull=False).distinct(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Convening.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = Convening
        fields = []
