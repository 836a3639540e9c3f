import functools

import django_filters
from django import forms
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import memo, pagecache, places, roles
from .models import Branch, Organization, Sector


class ListedChoices(forms.models.ModelChoiceIterator):
    """The options of a short list (branches, sectors) in one plain query, remembered while
    the list does not change (members.memo): Django's iterator reads them through a
    server-side cursor on every form, three round trips on PostgreSQL for ten rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in listed_rows(self.queryset):
            yield self.choice(obj)


@functools.cache
def _app_of_table() -> dict:
    return {
        model._meta.db_table: model._meta.app_label
        for model in django_apps.get_models(include_auto_created=True)
    }


def listed_rows(queryset) -> list:
    """The rows of a short list's queryset, remembered (members.memo) until a write to any
    table the query reads: "organizations that organized a convening" changes with events."""
    query = queryset.query
    # The SQL is the key; a form reads its choices a dozen times, so compile it once.
    key = query.__dict__.get("_listed_key")
    if key is None:
        key = query.__dict__["_listed_key"] = ("choices", str(query))
    tables = _app_of_table()
    apps = {tables.get(join.table_name) for join in query.alias_map.values()}
    parts = tuple(sorted(apps & set(pagecache.PARTS))) or (queryset.model._meta.app_label,)
    return memo.remembered(key, parts, lambda: list(queryset))


class SlugChoiceField(forms.ModelChoiceField):
    """Checks the value is a slug before asking the database, so odd bytes in a query string
    (a NUL, say, which PostgreSQL refuses) end as a form error, never a server error."""

    iterator = ListedChoices

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            validate_slug(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None
        # Among the remembered options rather than by another query; the database decides
        # what they do not hold (they may lag a write to another app's table).
        key = self.to_field_name or "pk"
        for obj in listed_rows(self.queryset):
            if str(getattr(obj, key)) == value:
                return obj
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, **kwargs)


class MatchFilter(django_filters.CharFilter):
    """A related record named by its slug or by words of its name, in a text box: offering
    every record as an option does not scale (a tracker at 5,000 convenings weighed 560 KB
    of options). Links carry the slug; a person types part of the name. `match(value)`
    returns the Q of the records' paths; by default slug or any of `name_fields`."""

    def __init__(self, *args, path, name_fields=(), match=None, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        self.path, self.name_fields, self.match = path, name_fields, match

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        if self.match is not None:
            return qs.filter(self.match(value))
        condition = Q(**{f"{self.path}__slug": value})
        for field in self.name_fields:
            condition |= Q(**{f"{self.path}__{field}__icontains": value})
        return qs.filter(condition)


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
        # Offer only what the visitor can find: the statuses they may see, and the countries
        # of organizations in those statuses (their own applicant organization aside).
        user = getattr(request, "user", None)
        visible = set(Organization.MEMBER_STATUSES)
        if roles.is_secretariat(user):
            visible = set(Organization.Status.values)
        elif user is not None and user.is_authenticated:
            visible.add(Organization.Status.PARTNER)
        codes = Organization.objects.countries_in_use(sorted(visible))
        self.filters["country"].extra["choices"] = places.country_choices(codes)
        self.filters["status"].extra["choices"] = [
            (value, label) for value, label in Organization.Status.choices if value in visible
        ]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
