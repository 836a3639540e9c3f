"""Filters of the resources that have no list page with its own filter set, and the strict
variants of the pages' (a number in the API is ASCII digits: “٢٠١٧” is not read as 2017)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.filters import ConveningFilter
from members.ids import is_integer_text
from outcomes.filters import FlagFilter
from outcomes.models import Committee, Motion


class StrictIntegerField(forms.IntegerField):
    def to_python(self, value):
        if value not in self.empty_values and not is_integer_text(str(value).strip()):
            raise ValidationError(_("Give a whole number in digits 0-9."), code="invalid")
        return super().to_python(value)


class SlugFilter(django_filters.CharFilter):
    """A related row named by its slug; anything but a slug is an error, not a query."""

    field_class = forms.SlugField


class StrictNumberFilter(django_filters.NumberFilter):
    field_class = StrictIntegerField


class ApiConveningFilter(ConveningFilter):
    year = StrictNumberFilter(
        label=_("Year"),
        field_name="starts_at",
        lookup_expr="year",
        min_value=1900,
        max_value=2100,
    )

    class Meta(ConveningFilter.Meta):
        pass


class MotionFilter(django_filters.FilterSet):
    convening = SlugFilter(label=_("Convening"), field_name="convening__slug", max_length=80)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Motion.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Motion.Kind.choices)
    ballot = django_filters.ChoiceFilter(
        label=_("Ballot"), field_name="ballot_kind", choices=Motion.BallotKind.choices
    )

    class Meta:
        model = Motion
        fields = []


class CommitteeFilter(django_filters.FilterSet):
    convening = SlugFilter(label=_("Formed at"), field_name="convening__slug", max_length=80)
    active = FlagFilter(label=_("Active only"), method="filter_active")

    class Meta:
        model = Committee
        fields = []

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=True) if value else queryset
