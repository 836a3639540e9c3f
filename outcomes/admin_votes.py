"""Votes in the admin: motions are made and moved through the services; ballots and tallies
are read here and never changed, by anyone, superusers included (ballots are voided by the
tellers, totals recorded on the tally screen). A named choice is never shown before its vote
closes, and a secret ballot's small channel only inside the total. Stored results, proxies and
voting rules are in admin_records."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin

from events.admin import page_link
from members import audit, roles
from members.admin_audit import AuditEntryAdmin
from members.admin_times import ZonedTimesMixin
from members.errors import Refused
from members.ids import IdChoiceField

from . import services
from .admin_records import HIDDEN_UNTIL_CLOSED, ONLY_IN_TOTAL, ViewOnlyMixin
from .models import Ballot, Motion, Tally
from .results import SECRECY_MIN, stored
from .services.motions import MOTION_FIELDS

# Motions ---------------------------------------------------------------------------------------


class CorrectedMotionField(IdChoiceField):
    def label_from_instance(self, motion):
        return f"{motion.convening} — {motion}"


class MotionForm(forms.ModelForm):
    """The services' rules, checked on the form so the admin shows them next to the fields."""

    class Meta:
        model = Motion
        fields = "__all__"  # noqa: DJ007  (admin forms: the ModelAdmin picks the fields)

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        convening = cleaned.get("convening") or (
            instance.convening if instance.convening_id else None
        )
        if convening is None:
            return cleaned
        if instance.status == Motion.Status.DRAFT and cleaned.get("kind"):
            try:
                services.check_voting_rules(Motion(convening=convening, kind=cleaned["kind"]))
            except Refused as error:
                self.add_error("kind", error)
        if "corrects" in cleaned:
            try:
                services.check_correction(convening, cleaned["corrects"])
            except Refused as error:
                self.add_error("corrects", error)
        return cleaned


class MotionAddForm(MotionForm):
    """A new motion: left empty, the majority rule and quorum are its convening kind's."""

    number = forms.IntegerField(
        label=capfirst(_("number")),
        required=False,
        min_value=1,
        max_value=32767,
        help_text=_("Empty: the next number at the convening."),
    )
    majority_rule = forms.ChoiceField(
        label=capfirst(_("majority rule")),
        required=False,
        choices=[("", _("The kind's default")), *Motion.Rule.choices],
    )
    quorum = forms.IntegerField(
        label=capfirst(_("quorum (%)")),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Empty: the kind's default."),
    )


class TallyInline(ViewOnlyMixin, admin.TabularInline):
    """Totals are recorded on the tally screen; here they are read, once the vote is closed."""

    model = Tally
    extra = 0
    fields = ["channel", "eligible", "shown_yes", "shown_no", "shown_abstain"]
    readonly_fields = fields

    def _shown(self, tally, field):
        motion = tally.motion
        if motion.status != Motion.Status.CLOSED:
            return HIDDEN_UNTIL_CLOSED
        if motion.is_secret:
            if not hasattr(motion, "small_channel"):
                motion.small_channel = any(
                    other.yes + other.no + other.abstain < SECRECY_MIN
                    for other in motion.tallies.all()
                )
            if motion.small_channel:
                return ONLY_IN_TOTAL
        return getattr(tally, field)

    @admin.display(description=_("yes"))
    def shown_yes(self, tally):
        return self._shown(tally, "yes")

    @admin.display(description=_("no"))
    def shown_no(self, tally):
        return self._shown(tally, "no")

    @admin.display(description=_("abstain"))
    def shown_abstain(self, tally):
        return self._shown(tally, "abstain")


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


# Frozen once the motion has opened (Motion.clean refuses changes as well).
FROZEN = [
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
    "corrects",
]


@admin.register(Motion)
class MotionAdmin(ZonedTimesMixin, TabbedTranslationAdmin):
    form = MotionForm
    venue_zone_path = "convening"
    list_display = ["__str__", "convening", "kind", "ballot_kind", "status"]
    list_filter = ["status", "kind", "ballot_kind", "convening"]
    list_select_related = ["convening"]
    search_fields = ["title_ar", "title_en"]
    inlines = [TallyInline]
    # Not "result": that name is the stored result's reverse relation, which the admin would
    # show instead of the method.
    readonly_fields = ["status", "opened_at", "closed_at", "vote_result", "tally_screen"]
    actions = [
        _motion_action(services.motion_open, _("Open the vote")),
        _motion_action(services.motion_close, _("Close the vote")),
        _motion_action(services.motion_withdraw, pgettext_lazy("motion", "Withdraw")),
    ]

    def has_add_permission(self, request):
        # motion_create is the secretariat's; a staff account holding only the model
        # permission would be refused on saving.
        return super().has_add_permission(request) and roles.is_secretariat(request.user)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Ballots and results are protected, and nobody may delete them either: the page
            # names the protected records, which say why, rather than a missing permission.
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = MotionAddForm
        return super().get_form(request, obj, **kwargs)

    def get_exclude(self, request, obj=None):
        if obj is None:
            return ["status", "opened_at", "closed_at"]
        return super().get_exclude(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = list(super().get_readonly_fields(request, obj))
        if obj.status != Motion.Status.DRAFT:
            fields += FROZEN
        return fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new motion has no totals yet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "corrects" and formfield is not None:
            # A correction names a motion on the record; it does not make or delete one.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = False
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "corrects":
            kwargs["queryset"] = (
                Motion.objects.filter(status=Motion.Status.CLOSED)
                .select_related("convening")
                .order_by("-convening__starts_at", "number")
            )
            kwargs["form_class"] = CorrectedMotionField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            # Through the service: the kind's defaults, its voting rules, the audit entry.
            created = services.motion_create(
                user=request.user,
                convening=form.cleaned_data["convening"],
                data={f: form.cleaned_data[f] for f in MOTION_FIELDS if f in form.cleaned_data},
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        with transaction.atomic():
            before = Motion.objects.select_for_update().get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            changes = {
                field: (getattr(before, field), getattr(obj, field))
                for field in form.changed_data
                if field in FROZEN and getattr(before, field) != getattr(obj, field)
            }
            if changes:
                audit.record(actor=request.user, action="motion.change", obj=obj, changes=changes)

    @admin.display(description=_("Result"))
    def vote_result(self, motion):
        if not motion.pk or not motion.results_visible:
            return _("Shown when the vote is closed.")
        return render_to_string("outcomes/admin_result.html", {"result": stored(motion)})

    @admin.display(description=_("Tally screen"))
    def tally_screen(self, motion):
        if not motion.pk:
            return "—"
        return page_link(
            "outcomes:convening_tally",
            motion.convening.slug,
            _("Record room ballots and totals on the tally screen"),
        )


# Ballots ---------------------------------------------------------------------------------------


def shown_choice(ballot):
    """A ballot's choice as the admin may show it: never before its vote closes, never for a
    secret ballot (whose row holds none)."""
    if ballot.motion.is_secret:
        return _("secret")
    if ballot.motion.status != Motion.Status.CLOSED:
        return HIDDEN_UNTIL_CLOSED
    return ballot.get_choice_display()


class VoidFilter(admin.SimpleListFilter):
    title = _("void")
    parameter_name = "void"

    def lookups(self, request, model_admin):
        return [("no", _("Counted")), ("yes", _("Voided"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(voided_at=None)
        if self.value() == "no":
            return queryset.filter(voided_at=None)
        return queryset


@admin.register(Ballot)
class BallotAdmin(ZonedTimesMixin, ViewOnlyMixin, admin.ModelAdmin):
    venue_zone_path = "motion.convening"

    """Who voted, through which channel and who recorded it is the record; how a named ballot
    voted shows only once the vote has closed. Voided ballots stay, with who and why."""

    list_display = [
        "organization",
        "motion",
        "channel",
        "choice_shown",
        "proxy",
        "cast_at",
        "recorded_by",
        "void_status",
        "voided_by",
        "void_reason",
    ]
    list_filter = ["channel", VoidFilter, "motion"]
    list_select_related = [
        "organization",
        "motion__convening",
        "recorded_by",
        "voided_by",
        "proxy__giver",
        "proxy__holder",
    ]
    search_fields = ["organization__name_ar", "organization__name_en"]
    fields = [
        "motion",
        "organization",
        "channel",
        "choice_shown",
        "proxy",
        "recorded_by",
        "cast_at",
        "void_status",
        "voided_by",
        "void_reason",
    ]
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # ?choice=yes would count a running vote's named choices through the list.
        if lookup.split("__")[0] == "choice":
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("choice"))
    def choice_shown(self, ballot):
        return shown_choice(ballot)

    @admin.display(description=_("void"), ordering="voided_at")
    def void_status(self, ballot):
        if ballot.voided_at is None:
            return "—"
        return format_html(
            "{} <small>{}</small>",
            _("Void"),
            timezone.localtime(ballot.voided_at).strftime("%Y-%m-%d %H:%M"),
        )


def _ballots_with_hidden_choice(ids):
    """Of these ballots, those whose choice the audit log must not show yet."""
    ids = [int(pk) for pk in ids if str(pk).isdigit()]
    return (
        Ballot.objects.filter(pk__in=ids)
        .exclude(motion__status=Motion.Status.CLOSED)
        .values_list("pk", flat=True)
    )


AuditEntryAdmin.hide_changes_of(
    Ballot, ["choice"], hidden=_ballots_with_hidden_choice, label=HIDDEN_UNTIL_CLOSED
)
