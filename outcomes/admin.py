from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from . import services
from .models import (
    Ballot,
    Committee,
    CommitteeMember,
    Motion,
    ProgressUpdate,
    Recommendation,
    Tally,
)
from .results import stored


class TallyForm(forms.ModelForm):
    class Meta:
        model = Tally
        fields = ["channel", "eligible", "yes", "no", "abstain"]

    def clean(self):
        cleaned = super().clean()
        motion = getattr(self.instance, "motion", None) or self.parent_motion
        values = [cleaned.get(k) for k in ("eligible", "yes", "no", "abstain")]
        if motion is not None and motion.pk and cleaned.get("channel") and None not in values:
            services.check_tally(motion, cleaned["channel"], *values)
        return cleaned


class TallyInline(admin.TabularInline):
    model = Tally
    form = TallyForm
    extra = 0
    max_num = 2

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.parent_motion = obj  # the tally rule needs the convening's attendance
        return formset


def _motion_action(service, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        for motion in queryset:
            try:
                service(user=request.user, motion=motion)
            except ValidationError as error:
                modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                modeladmin.message_user(request, str(motion), messages.SUCCESS)

    action.__name__ = service.__name__
    return action


@admin.register(Motion)
class MotionAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "convening", "kind", "ballot_kind", "status"]
    list_filter = ["status", "kind", "ballot_kind", "convening"]
    list_select_related = ["convening"]
    search_fields = ["title_ar", "title_en"]
    inlines = [TallyInline]
    readonly_fields = ["status", "opened_at", "closed_at", "result"]
    actions = [
        _motion_action(services.motion_open, _("Open the vote")),
        _motion_action(services.motion_close, _("Close the vote")),
        _motion_action(services.motion_withdraw, _("Withdraw")),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Motion.Status.DRAFT:
            # Frozen once opened (Motion.clean refuses changes as well).
            fields += [
                "convening",
                "number",
                "title_ar",
                "title_en",
                "text_ar",
                "text_en",
                "kind",
                "majority_rule",
                "quorum",
                "ballot_kind",
            ]
        return fields

    @admin.display(description=_("Result"))
    def result(self, motion):
        if not motion.pk or not motion.results_visible:
            return _("Shown when the vote is closed.")
        return render_to_string("outcomes/admin_result.html", {"result": stored(motion)})


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """Read-only. For a secret motion the choice is empty here by construction."""

    list_display = ["organization", "motion", "channel", "choice", "cast_at"]
    list_filter = ["motion", "channel"]
    list_select_related = ["organization", "motion"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = queryset.overdue()
        if self.value() == "yes":
            return overdue
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


class UpdateInline(TranslationStackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ["created_at", "author", "from_status", "to_status", "progress", "note"]
    readonly_fields = ["created_at", "author", "from_status", "to_status", "progress"]

    def has_add_permission(self, request, obj=None):
        return False  # updates are posted on the committee page, which records who and when


@admin.register(Recommendation)
class RecommendationAdmin(TabbedTranslationAdmin):
    list_display = [
        "number",
        "short_text",
        "convening",
        "committee",
        "due_date",
        "status",
        "progress",
    ]
    list_filter = ["status", "committee", OverdueFilter, "convening"]
    list_select_related = ["convening", "committee"]
    search_fields = ["text_ar", "text_en"]
    inlines = [UpdateInline]

    @admin.display(description=_("text"))
    def short_text(self, recommendation):
        return recommendation.text[:80]

    def save_model(self, request, obj, form, change):
        # Through the service: a status change is kept in the history and the owners are told,
        # as when it changes on the portal; a new owner is told the item is theirs.
        try:
            services.recommendation_save(user=request.user, recommendation=obj)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)


class CommitteeMemberInline(admin.StackedInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["person"]
    fields = ["person", "role", "organization", "starts_on", "ends_on"]


@admin.register(Committee)
class CommitteeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "convening", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ar", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CommitteeMemberInline]
