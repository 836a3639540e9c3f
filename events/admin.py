from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.forms.models import BaseInlineFormSet
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from members import roles
from members.admin_times import TimeZoneChoiceField, ZonedTimesMixin
from members.ids import is_integer_text
from members.models import Person, User

from . import services
from .forms import ConveningAdminForm, ConveningPhotoForm
from .models import (
    AgendaItem,
    Attendance,
    Convening,
    ConveningDocument,
    ConveningPartner,
    ConveningPhoto,
    Delegate,
    Registration,
)
from .permissions import ACT_AS_TELLER


def _person_admin_searchable():
    """Whether the person admin (members) can serve autocomplete; members' admin is loaded
    before this one, as members comes first in INSTALLED_APPS."""
    person_admin = admin.site._registry.get(Person)
    return bool(person_admin and person_admin.search_fields)


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
        # Only years a date can hold, in ASCII digits: ?year=0 or ?year=99999 would make
        # Django's bounds fail, and ?year=² was a server error ("²".isdigit() is true).
        if value and is_integer_text(value) and 1 <= int(value) <= 9999:
            return queryset.filter(starts_at__year=int(value))
        return queryset


class AgendaInline(TranslationStackedInline):
    model = AgendaItem
    extra = 0
    # Speakers are people; guests who are not recorded as people go in the free text.
    if _person_admin_searchable():
        autocomplete_fields = ["speakers"]
    else:
        filter_horizontal = ["speakers"]


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


class AttendanceInline(ZonedTimesMixin, admin.TabularInline):
    """Saved through the attendance service (ConveningAdmin.save_formset): the audit log and the
    channel check are the check-in page's."""

    model = Attendance
    extra = 0
    fields = ["organization", "channel", "registered", "recorded_by", "recorded_at"]
    readonly_fields = ["registered", "recorded_by", "recorded_at"]
    autocomplete_fields = ["organization"]
    venue_zone_path = "convening"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("convening", "organization", "recorded_by")
        )


def possible_tellers():
    """Active users holding the teller role (the "teller" group) or acting for the
    secretariat; superusers hold both."""
    eligible = roles.holders(ACT_AS_TELLER).values("pk")
    return User.objects.filter(
        Q(pk__in=eligible) | Q(pk__in=roles.secretariat_users().values("pk"))
    ).order_by("email")


def page_link(name, slug, label):
    """A link to a portal page of the convening; the label alone while there is no such page
    (one being built, say)."""
    try:
        url = reverse(name, args=[slug])
    except NoReverseMatch:
        return format_html("{} <small>({})</small>", label, _("not available"))
    return format_html('<a href="{}">{}</a>', url, label)


def admin_list_link(model_name, label, **query):
    """A link to an admin list, filtered."""
    url = reverse(f"admin:{model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(query), label)


def minutes_link(convening):
    # The minutes page (outcomes) may not be routed in every deployment yet: its plain path.
    try:
        url = reverse("outcomes:minutes", args=[convening.slug])
    except NoReverseMatch:
        url = f"/{get_language()}/convenings/{convening.slug}/minutes/"
    return format_html('<a href="{}">{}</a>', url, _("Minutes"))


@admin.register(Convening)
class ConveningAdmin(ZonedTimesMixin, TabbedTranslationAdmin):
    form = ConveningAdminForm
    venue_zone_path = ""  # the convening itself
    list_display = ["title", "kind", "format", "status", "starts_at", "visibility"]
    list_filter = ["kind", "format", "status", YearFilter, "visibility"]
    search_fields = ["title_ar", "title_en", "venue_city_ar", "venue_city_en"]
    date_hierarchy = "starts_at"
    inlines = [AgendaInline, PartnerInline, PhotoInline, DocumentInline, AttendanceInline]
    filter_horizontal = ["tellers"]
    autocomplete_fields = ["invited"]
    readonly_fields = ["session_pages", "records"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            return TimeZoneChoiceField(
                label=db_field.verbose_name, help_text=db_field.help_text, initial=db_field.default
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tellers":
            # Only those who can act as tellers: the teller role, or the secretariat.
            kwargs["queryset"] = possible_tellers()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("Pages for the session"))
    def session_pages(self, convening):
        if not convening.pk:
            return _("Available once the convening is saved.")
        links = [
            page_link("events:convening_checkin", convening.slug, _("Check-in")),
            page_link("outcomes:convening_tally", convening.slug, _("Tally screen")),
            page_link("outcomes:convening_live", convening.slug, _("Live panel")),
        ]
        return format_html_join(" · ", "{}", ((link,) for link in links))

    @admin.display(description=_("Records of the convening"))
    def records(self, convening):
        if not convening.pk:
            return _("Available once the convening is saved.")
        links = [
            admin_list_link(
                "events_registration", _("Registrations"), convening__id__exact=convening.pk
            ),
            admin_list_link("outcomes_motion", _("Motions"), convening__id__exact=convening.pk),
            minutes_link(convening),
        ]
        return format_html_join(" · ", "{}", ((link,) for link in links))

    def save_related(self, request, form, formsets, change):
        # The invitation list through its service (the audit log, the coordinators told),
        # not through the form's many-to-many save.
        invited = form.cleaned_data.pop("invited", None)
        super().save_related(request, form, formsets, change)
        convening = form.instance
        # Only a changed list goes to the service, which lets the secretariat alone change
        # it: another editor of the convening's other fields is not refused for it.
        if invited is not None and {o.pk for o in invited} != set(
            convening.invited.values_list("pk", flat=True)
        ):
            services.convening_invitations_set(
                user=request.user, convening=convening, organizations=invited
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attendance:
            return super().save_formset(request, form, formset, change)
        # Through the attendance service, as on the check-in page: the same checks, the same
        # audit entries, and the same warning for an organization that is not a member.
        convening = form.instance
        changed = formset.save(commit=False)  # sets deleted_objects too; saves nothing
        for removed in formset.deleted_objects:
            services.attendance_remove(
                user=request.user, convening=convening, organization_id=removed.organization_id
            )
        for attendance in changed:
            if attendance.pk:  # a row edited to another organization: the first one left
                before = Attendance.objects.filter(pk=attendance.pk).values("organization_id")
                before_id = before.first()["organization_id"]
                if before_id != attendance.organization_id:
                    services.attendance_remove(
                        user=request.user, convening=convening, organization_id=before_id
                    )
            recorded = services.attendance_record(
                user=request.user,
                convening=convening,
                organization_id=attendance.organization_id,
                channel=attendance.channel,
            )
            warning = services.attendance_warning(recorded.organization)
            if warning:
                self.message_user(request, warning, messages.WARNING)


class DelegateFormSet(BaseInlineFormSet):
    """The service's delegate rules, where the admin edits the rows directly: at least one and
    at most services.MAX_DELEGATES delegates, each a person of the registered organization."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("person")
        ]
        if not kept:
            raise ValidationError(_("Name at least one delegate."), code="no_delegates")
        if len(kept) > services.MAX_DELEGATES:
            raise ValidationError(
                _("An organization can send at most %(max)s delegates."),
                code="too_many_delegates",
                params={"max": services.MAX_DELEGATES},
            )
        for form in kept:
            person = form.cleaned_data["person"]
            if person.organization_id != self.instance.organization_id:
                form.add_error(
                    "person",
                    _("A delegate must be a person of %(organization)s.")
                    % {"organization": self.instance.organization},
                )


class DelegateInline(admin.TabularInline):
    model = Delegate
    formset = DelegateFormSet
    extra = 0
    min_num = 1
    max_num = services.MAX_DELEGATES
    fields = ["person", "role", "position"]
    if _person_admin_searchable():
        autocomplete_fields = ["person"]
    else:
        raw_id_fields = ["person"]


@admin.register(Registration)
class RegistrationAdmin(ZonedTimesMixin, admin.ModelAdmin):
    """Registrations are made by coordinators through the portal, where the rules are kept
    (coordinator, deadline, capacity, one per organization); here the secretariat reads them,
    corrects delegates and marks attendance."""

    list_display = ["organization", "convening", "channel", "registered_by", "created_at"]
    list_filter = ["channel", "convening"]
    list_select_related = ["organization", "convening", "registered_by"]
    search_fields = ["organization__name_ar", "organization__name_en"]
    readonly_fields = ["convening", "organization", "channel", "registered_by", "created_at"]
    fields = readonly_fields
    inlines = [DelegateInline]
    actions = ["mark_attended"]
    venue_zone_path = "convening"

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark attended (on the registered channel)"))
    def mark_attended(self, request, queryset):
        count = services.mark_registrations_attended(user=request.user, registrations=queryset)
        self.message_user(
            request,
            _("%(count)d attendance(s) recorded.") % {"count": count},
            messages.SUCCESS,
        )
