"""The stored record of votes in the admin, read-only for everyone (superusers included):
results stored at closing, proxies recorded with their letter; and the voting rules of each
kind of convening, set by the secretariat with every change in the audit log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members import audit
from members.admin_times import ZonedTimesMixin

from .models import MotionResult, MotionResultChannel, Proxy, VotingRules
from .results import stored

HIDDEN_UNTIL_CLOSED = _("hidden until the vote closes")
ONLY_IN_TOTAL = _("shown only inside the total (secret ballot)")


class ViewOnlyMixin:
    """The record as it was written: nobody adds, changes or deletes it here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Stored results and proxies --------------------------------------------------------------------


class ResultChannelInline(ViewOnlyMixin, admin.TabularInline):
    model = MotionResultChannel
    extra = 0
    fields = ["channel", "eligible", "yes", "no", "abstain"]
    readonly_fields = fields


@admin.register(MotionResult)
class MotionResultAdmin(ZonedTimesMixin, ViewOnlyMixin, admin.ModelAdmin):
    """Stored once at closing; the per-channel lines of a secret ballot with a small channel
    are not shown (only the total), as on the portal."""

    list_display = [
        "motion",
        "convening",
        "adopted",
        "eligible",
        "yes",
        "no",
        "abstain",
        "closed_at",
    ]
    list_filter = ["adopted", "source", "motion__convening"]
    list_select_related = ["motion__convening", "closed_by"]
    venue_zone_path = "motion.convening"
    search_fields = ["motion__title_ar", "motion__title_en"]
    fields = [
        "motion",
        "source",
        "majority_rule",
        "quorum",
        "ballot_kind",
        "eligible",
        "yes",
        "no",
        "abstain",
        "quorum_met",
        "majority_met",
        "adopted",
        "closed_at",
        "closed_by",
        "per_channel",
    ]
    readonly_fields = fields

    def get_inlines(self, request, obj):
        return [ResultChannelInline] if obj is not None and self._channels_shown(obj) else []

    def _channels_shown(self, result):
        read = stored(result.motion)
        return bool(read and read.shown_channels)

    @admin.display(description=_("convening"), ordering="motion__convening")
    def convening(self, result):
        return result.motion.convening

    @admin.display(description=_("Per channel"))
    def per_channel(self, result):
        if self._channels_shown(result):
            return _("Below.")
        return ONLY_IN_TOTAL


@admin.register(Proxy)
class ProxyAdmin(ZonedTimesMixin, ViewOnlyMixin, admin.ModelAdmin):
    venue_zone_path = "convening"

    list_display = ["convening", "giver", "holder", "letter", "recorded_by", "recorded_at"]
    list_filter = ["convening"]
    list_select_related = ["convening", "giver", "holder", "recorded_by"]
    search_fields = [
        "giver__name_ar",
        "giver__name_en",
        "holder__name_ar",
        "holder__name_en",
    ]
    fields = ["convening", "giver", "holder", "letter", "recorded_by", "recorded_at"]
    readonly_fields = fields


# Voting rules per kind of convening -------------------------------------------------------------


@admin.register(VotingRules)
class VotingRulesAdmin(admin.ModelAdmin):
    """Set by the secretariat; every change is in the audit log. A kind without a row votes
    with a simple majority and no quorum and adopts no bylaw amendment; rows are changed,
    never deleted, so that history stays readable."""

    list_display = ["kind", "may_vote", "may_amend_bylaws", "majority_rule", "quorum"]
    fields = ["kind", "may_vote", "may_amend_bylaws", "majority_rule", "quorum"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        before = VotingRules.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        changes = {
            field: (getattr(before, field) if before else None, getattr(obj, field))
            for field in self.fields
            if before is None or getattr(before, field) != getattr(obj, field)
        }
        if changes:
            audit.record(
                actor=request.user,
                action="voting_rules.change" if change else "voting_rules.create",
                obj=obj,
                changes=changes,
            )
