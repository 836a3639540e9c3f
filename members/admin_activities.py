"""Activities in the admin. An activity is saved through the activity services, so
the admin keeps the same rules, messages and history as the portal; it is ended, never deleted
(the presence page and the export read the past too). Places are not in the admin: the kept
dataset (members/data/places.json) is their one definition."""

from django import forms
from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .errors import Refused
from .models import Activity
from .services import activities as services


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "organization",
            "sector",
            "country",
            "place",
            "start",
            "end",
            "reached",
            "description",
        ]

    def _get_validation_exclusions(self):
        # The service's rules say what is wrong with the period and the place; the constraints
        # stay as the database's backstop.
        return {*super()._get_validation_exclusions(), "end", "place", "country"}

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        values = {field: getattr(self.instance, field) for field in services.FIELDS}
        values["country"] = str(self.instance.country.code or "")
        try:
            services.activity_check(**values)
        except Refused as error:
            self.add_error(services.FIELD_OF_REFUSAL.get(error.code), error)


@admin.register(Activity)
class ActivityAdmin(TabbedTranslationAdmin):
    form = ActivityAdminForm
    list_display = ("organization", "sector", "place", "start", "end", "reached")
    list_filter = ("sector", "country", "end")
    list_select_related = ("organization", "sector", "place")
    search_fields = ("organization__name_ar", "organization__name_en", "place__name_ar")
    raw_id_fields = ("organization",)
    date_hierarchy = "start"

    def save_model(self, request, obj, form, change):
        values = {field: getattr(obj, field) for field in services.FIELDS}
        values["country"] = str(obj.country.code or "")
        if change:
            services.activity_update(by=request.user, activity=obj, **values)
        else:
            created = services.activity_create(
                by=request.user, organization=obj.organization, **values
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False
