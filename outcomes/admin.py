from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from members.admin_slugs import SlugFromNameMixin
from members.admin_times import ZonedTimesMixin

from . import (
    admin_records,  # noqa: F401  (stored results, proxies, voting rules)
    admin_votes,  # noqa: F401  (motions, ballots)
    services,
)
from .models import Committee, CommitteeMember, ProgressUpdate, Recommendation


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


class UpdateInline(ZonedTimesMixin, TranslationStackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ["created_at", "author", "from_status", "to_status", "progress", "note"]
    readonly_fields = ["created_at", "author", "from_status", "to_status", "progress"]

    def has_add_permission(self, request, obj=None):
        return False  # updates are posted on the committee page, which records who and when


@admin.register(Recommendation)
class RecommendationAdmin(ZonedTimesMixin, TabbedTranslationAdmin):
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
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "role", "organization", "starts_on", "ends_on"]


@admin.register(Committee)
class CommitteeAdmin(SlugFromNameMixin, TabbedTranslationAdmin):
    list_display = ["name", "convening", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ar", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CommitteeMemberInline]
