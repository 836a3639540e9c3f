import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Branch, Organization, Sector


class SlugChoiceField(forms.ModelChoiceField):
    """Checks the value is a slug before asking the database, so odd bytes in a query string
    (a NUL, say, which PostgreSQL refuses) end as a form error, never a server error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            validate_slug(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, **kwargs)


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    country = django_filters.ChoiceFilter(label=_("Country"), empty_label=_("All"))
    branch = SlugChoiceFilter(label=_("Branch"), queryset=Branch.objects.all())
    sector = SlugChoiceFilter(
        label=_("Sector"), field_name="sectors", queryset=Sector.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), empty_label=_("All"))

    class Meta:
        model = Organization
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        # Offer only what the visitor can find: countries that occur, statuses they may see.
        codes = set(self.queryset.order_by().values_list("country", flat=True).distinct())
        self.filters["country"].extra["choices"] = [
            (code, name) for code, name in countries if code in codes
        ]
        user = getattr(request, "user", None)
        visible = {"registered", "active"}
        if user is not None and user.is_authenticated:
            visible |= {"partner"} if not user.is_staff else set(Organization.Status.values)
        self.filters["status"].extra["choices"] = [
            (value, label) for value, label in Organization.Status.choices if value in visible
        ]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
