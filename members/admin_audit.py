"""The audit log in the admin: read-only for everyone, in the federation's time zone."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import clock
from .models import AuditEntry


class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read by the secretariat (view permission) and superusers; no one adds,
    changes or deletes an entry here (the model and, on PostgreSQL, a trigger refuse it too).

    An app above this one may hide some changes while they must stay unseen (a named ballot's
    choice while its vote runs): `hide_changes_of(model, fields, hidden, label)` names the
    fields and a function that, given record ids, returns those whose fields are hidden now.
    """

    list_display = ["when", "who", "action", "record", "changes_display"]
    list_filter = ["action", ("object_type", admin.RelatedOnlyFieldListFilter), "at"]
    list_select_related = ["actor", "object_type"]
    search_fields = ["object_repr", "object_id", "actor__email", "actor__name"]
    date_hierarchy = "at"
    actions = None
    fields = ["when", "who", "action", "object_type", "record", "changes_display", "note"]
    readonly_fields = fields
    # "app_label.model" -> (fields, hidden(ids) -> set of ids, label)
    hiders: dict = {}

    @classmethod
    def hide_changes_of(cls, model, fields, hidden, label):
        cls.hiders[model._meta.label_lower] = (frozenset(fields), hidden, label)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        # ?changes__choice__1=yes would find hidden values (a running vote's choices) by
        # filtering on them; the list filters what it shows, never what it hides.
        if lookup.split("__")[0] in ("changes", "note"):
            return False
        return super().lookup_allowed(lookup, value, request)

    # Dates are read, filtered and drilled down on the federation's clock.
    def changelist_view(self, request, extra_context=None):
        with timezone.override(clock.federation_zone()):
            return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        with timezone.override(clock.federation_zone()):
            return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        with timezone.override(clock.federation_zone()):
            return super().history_view(request, object_id, extra_context)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        self._mark_hidden(changelist.result_list)  # evaluates the page once; the page reuses it
        return changelist

    def get_object(self, request, object_id, from_field=None):
        entry = super().get_object(request, object_id, from_field)
        if entry is not None:
            self._mark_hidden([entry])
        return entry

    def _mark_hidden(self, entries):
        """One query per kind of record with hidden fields on the page, whatever its length."""
        by_label = {}
        for entry in entries:
            label = f"{entry.object_type.app_label}.{entry.object_type.model}"
            if label in self.hiders:
                by_label.setdefault(label, []).append(entry)
        for label, group in by_label.items():
            fields, hidden, _label = self.hiders[label]
            now_hidden = {str(pk) for pk in hidden([entry.object_id for entry in group])}
            for entry in group:
                entry.hidden_fields = fields if entry.object_id in now_hidden else frozenset()

    @admin.display(description=_("when"), ordering="at")
    def when(self, entry):
        zone = clock.federation_zone()
        return format_html(
            '<time datetime="{}">{} <small>({})</small></time>',
            entry.at.isoformat(),
            timezone.localtime(entry.at, zone).strftime("%Y-%m-%d %H:%M:%S"),
            zone.key,
        )

    @admin.display(description=_("who"), ordering="actor__email")
    def who(self, entry):
        if entry.actor is None:
            return _("the system")  # a task, the demo, a migration
        return format_html("<bdi>{}</bdi> &lt;{}&gt;", entry.actor.name or "", entry.actor.email)

    @admin.display(description=_("record"), ordering="object_repr")
    def record(self, entry):
        model = entry.object_type.model_class()
        if model is not None and model in self.admin_site._registry:
            try:
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                    args=[entry.object_id],
                    current_app=self.admin_site.name,
                )
            except NoReverseMatch:
                url = ""
            if url:
                return format_html('<a href="{}"><bdi>{}</bdi></a>', url, entry.object_repr)
        return format_html("<bdi>{}</bdi>", entry.object_repr)

    @admin.display(description=_("changes"))
    def changes_display(self, entry):
        if not entry.changes:
            return "—"
        model = entry.object_type.model_class()
        hidden = getattr(entry, "hidden_fields", frozenset())
        label = self.hiders.get(f"{entry.object_type.app_label}.{entry.object_type.model}")
        lines = []
        for name, pair in entry.changes.items():
            before, after = (
                pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            )
            field = _model_field(model, name)
            before, after = _readable(field, before), _readable(field, after)
            if name in hidden:
                before, after = (label[2] if value != "—" else value for value in (before, after))
            lines.append((field.verbose_name if field else name, before, after))
        return format_html(
            '<ul class="audit-changes">{}</ul>',
            format_html_join("", "<li>{}: <bdi>{}</bdi> → <bdi>{}</bdi></li>", lines),
        )


def _model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _readable(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return choices.get(value, value)


admin.site.register(AuditEntry, AuditEntryAdmin)
