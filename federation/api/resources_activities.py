"""The activities resource: who does what where, the rows of the presence page's export, for
the organizations the directory shows the reader (Activity.objects.visible_to)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Activity

from .filters import SlugFilter
from .registry import (
    INTEGER,
    STRING,
    Field,
    Resource,
    date_field,
    field,
    nullable,
    register,
    related,
    translated,
)


class ActivityFilter(django_filters.FilterSet):
    """By country, sector and place, and "going on between from and to"."""

    country = django_filters.CharFilter(
        label=_("Country"), field_name="country", max_length=2, min_length=2
    )
    sector = SlugFilter(label=_("Sector"), field_name="sector__slug")
    place = django_filters.CharFilter(label=_("Place code"), field_name="place_id", max_length=6)
    going_on_from = django_filters.DateFilter(
        label=_("Not ended before (YYYY-MM-DD)"), method="_from"
    )
    going_on_to = django_filters.DateFilter(
        label=_("Started on or before (YYYY-MM-DD)"), field_name="start", lookup_expr="lte"
    )

    class Meta:
        model = Activity
        fields = []

    def _from(self, queryset, name, value):
        return queryset.filter(Q(end__isnull=True) | Q(end__gte=value))


def _place(row, request):
    return {"code": row.place_id, "name_ar": row.place.name_ar, "name_en": row.place.name_en}


register(
    Resource(
        name="activities",
        item="activity",
        title=_("Activities"),
        description=_(
            "Who does what where: each activity an organization declared, with its sector, "
            "place (ISO 3166-2 first-level division) and period, for the organizations the "
            "directory shows the reader."
        ),
        rows=lambda user: Activity.objects.visible_to(user).select_related(
            "organization", "sector", "place"
        ),
        key="id",
        filterset=ActivityFilter,
        fields=[
            field("id", INTEGER),
            related("organization"),
            Field("organization_acronym", STRING, lambda row, r: row.organization.acronym),
            Field("sector", STRING, lambda row, r: row.sector.slug, _("The sector's slug.")),
            Field("country", STRING, lambda row, r: row.country.code, _("ISO 3166-1 alpha-2.")),
            Field(
                "place",
                {
                    "type": "object",
                    "properties": {"code": STRING, "name_ar": STRING, "name_en": STRING},
                    "required": ["code", "name_ar", "name_en"],
                    "additionalProperties": False,
                },
                _place,
                _("ISO 3166-2 code and names."),
            ),
            date_field("start", null=False),
            date_field("end"),
            field("reached", nullable(INTEGER), description=_("Beneficiaries reached.")),
            *translated("description"),
        ],
        notes=_("The same rows as the presence page's CSV export, which adds HXL hashtags."),
    )
)
