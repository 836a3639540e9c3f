"""Forms of the activities and presence pages. The rules of an activity are the service's
(members.services.activities); these forms only read the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import clock, places, places_data
from .models import Activity, Branch, Place, Sector


def country_choices(blank=None):
    """The countries the places dataset covers, by name in the page's language."""
    choices = places.country_choices(places_data.countries())
    return ([("", blank)] if blank else []) + choices


def place_choices():
    """Places grouped by country (an <optgroup> each), by name in the page's language."""
    grouped = {}
    for place in Place.objects.all():
        grouped.setdefault(place.country.code, []).append((place.code, str(place)))
    return [("", "—")] + [
        (name, sorted(grouped[code], key=lambda c: c[1]))
        for code, name in country_choices()
        if code in grouped
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActivityForm(forms.Form):
    sector = forms.ModelChoiceField(
        Sector.objects.all(), label=_("Sector"), to_field_name="slug", empty_label="—"
    )
    country = forms.ChoiceField(label=_("Country"))
    place = forms.ChoiceField(
        label=pgettext_lazy("activity", "Place"),
        help_text=_("The governorate, state or province, in the country above."),
    )
    start = forms.DateField(label=pgettext_lazy("period", "From"), widget=DateInput())
    end = forms.DateField(
        label=pgettext_lazy("period", "Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the activity goes on."),
    )
    reached = forms.IntegerField(
        label=_("Beneficiaries reached"),
        required=False,
        min_value=0,
        help_text=_("Leave empty if unknown."),
    )
    description_ar = forms.CharField(
        label=_("Short description (Arabic)"), required=False, max_length=300
    )
    description_en = forms.CharField(
        label=_("Short description (English)"), required=False, max_length=300
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices(blank="—")
        self.fields["place"].choices = place_choices()
        self.fields["description_ar"].widget.attrs.update(lang="ar", dir="rtl")
        self.fields["description_en"].widget.attrs.update(lang="en", dir="ltr")

    @staticmethod
    def initial_for(activity: Activity) -> dict:
        return {
            "sector": activity.sector.slug,
            "country": activity.country.code,
            "place": activity.place_id,
            "start": activity.start,
            "end": activity.end,
            "reached": activity.reached,
            "description_ar": activity.description_ar,
            "description_en": activity.description_en,
        }


class PresenceFilterForm(forms.Form):
    """The presence page's filters, named as the query string says them (from=, to=…); every
    field may be left out: the period is then today."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    branch = forms.ModelChoiceField(
        Branch.objects.all(),
        label=_("Branch"),
        required=False,
        to_field_name="slug",
        empty_label=_("All branches"),
    )
    sector = forms.ModelChoiceField(
        Sector.objects.all(),
        label=_("Sector"),
        required=False,
        to_field_name="slug",
        empty_label=_("All sectors"),
    )
    field_order = ["from", "to", "country", "branch", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are not Python names, so these two are added here.
        self.fields["from"] = forms.DateField(
            label=pgettext_lazy("period", "From"), required=False, widget=DateInput()
        )
        self.fields["to"] = forms.DateField(
            label=pgettext_lazy("period", "Until"), required=False, widget=DateInput()
        )
        self.order_fields(self.field_order)
        self.fields["country"].choices = country_choices(blank=_("All countries"))

    def clean(self):
        data = super().clean()
        today = clock.federation_today()
        start = data.get("from") or data.get("to") or today
        end = data.get("to") or max(start, today)
        if end < start:
            self.add_error("to", _("The period cannot end before it starts."))
        data["from"], data["to"] = start, end
        return data
