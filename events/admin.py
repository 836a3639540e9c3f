from django.contrib import admin, messages
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from members.models import Organization

from . import services
from .forms import ConveningAdminForm, ConveningPhotoForm
from .models import (
    AgendaItem,
    Attendance,
    Convening,
    ConveningDocument,
    ConveningPartner,
    ConveningPhoto,
    Registration,
)


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Convening.objects.annotate(y=ExtractYear("starts_at"))
            .order_by("-y")
            .values_list("y", flat=True)
            .distinct()
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request, queryset):
        value = self.value()
        # Only years a date can hold: ?year=0 or ?year=99999 would make Django's bounds fail.
        if value and value.isdigit() and 1 <= int(value) <= 9999:
            return queryset.filter(starts_at__year=int(value))
        return queryset


class AgendaInline(TranslationStackedInline):
    model = AgendaItem
    extra = 0


class PartnerInline(admin.StackedInline):
    model = ConveningPartner
    extra = 0


class PhotoInline(TranslationStackedInline):
    model = ConveningPhoto
    form = ConveningPhotoForm
    extra = 0


class DocumentInline(TranslationStackedInline):
    model = ConveningDocument
    extra = 0


class AttendanceInline(admin.StackedInline):
    model = Attendance
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = Organization.objects.order_by("slug")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Convening)
class ConveningAdmin(TabbedTranslationAdmin):
    form = ConveningAdminForm
    list_display = ["title", "kind", "format", "status", "starts_at", "visibility"]
    list_filter = ["kind", "format", "status", YearFilter, "visibility"]
    search_fields = ["title_ar", "title_en", "venue_city_ar", "venue_city_en"]
    date_hierarchy = "starts_at"
    inlines = [AgendaInline, PartnerInline, PhotoInline, DocumentInline, AttendanceInline]

    def save_formset(self, request, form, formset, change):
        # Attendance typed in admin records who typed it, like the check-in page does.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Attendance) and instance.recorded_by_id is None:
                instance.recorded_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["organization", "convening", "channel", "registered_by", "created_at"]
    list_filter = ["channel", "convening"]
    list_select_related = ["organization", "convening", "registered_by"]
    search_fields = ["organization__name_ar", "organization__name_en"]
    actions = ["mark_attended"]

    @admin.action(description=_("Mark attended (on the registered channel)"))
    def mark_attended(self, request, queryset):
        count = services.mark_registrations_attended(user=request.user, registrations=queryset)
        self.message_user(
            request,
            _("%(count)d attendance(s) recorded.") % {"count": count},
            messages.SUCCESS,
        )
