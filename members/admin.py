from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from . import collation, mail, notify, places, search, services
from .admin_slugs import SlugFromNameMixin
from .admin_times import TimeZoneChoiceField, ZonedTimesMixin
from .errors import Refused
from .forms import OrganizationForm
from .images import process_image
from .models import (
    Affiliation,
    BoardSeat,
    Branch,
    Federation,
    Invitation,
    MembershipChange,
    Message,
    Office,
    Organization,
    Person,
    Sector,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "preferred_language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(Federation)
class FederationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "email", "timezone"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            return TimeZoneChoiceField(label=db_field.verbose_name, initial=db_field.default)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return not Federation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("logo")
        if upload and hasattr(upload, "content_type"):
            obj.logo.save(upload.name, process_image(upload), save=False)
        super().save_model(request, obj, form, change)


@admin.register(Sector)
class SectorAdmin(SlugFromNameMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_ar", "name_en"]


# Stacked inlines and plain selects: tabular inlines and select2 leave fields without labels.
class BoardSeatFormSet(forms.models.BaseInlineFormSet):
    """Two rows of one submission giving the same organization an open seat: refused here, as
    the rows cannot see each other in the model's own check."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("organization"):
                continue
            if data.get("term_end") is None:
                if data["organization"].pk in seen:
                    raise ValidationError(
                        _("%(organization)s already has a seat on this board for that term.")
                        % {"organization": data["organization"]}
                    )
                seen.add(data["organization"].pk)


class BoardSeatInline(admin.StackedInline):
    model = BoardSeat
    formset = BoardSeatFormSet
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = Organization.objects.members().order_by("slug")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Branch)
class BranchAdmin(SlugFromNameMixin, TabbedTranslationAdmin):
    list_display = ["name", "seat_city", "country_list", "chair", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ar", "name_en", "seat_city_ar", "seat_city_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [BoardSeatInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("board_seats__organization")

    @admin.display(description=_("countries covered"))
    def country_list(self, branch):
        return places.joined(sorted((c.name for c in branch.countries), key=collation.sort_key))

    def save_formset(self, request, form, formset, change):
        if formset.model is not BoardSeat:
            return super().save_formset(request, form, formset, change)
        # Through the service: the board's rules, and an audit entry for each seat changed.
        for seat in formset.save(commit=False):
            services.board_seat_save(by=request.user, seat=seat)
        for seat in formset.deleted_objects:
            seat.delete()

    @admin.display(description=pgettext_lazy("organization chairing a branch", "Chair"))
    def chair(self, branch):
        chairs = [
            seat.organization
            for seat in branch.board_seats.all()
            if seat.role == BoardSeat.Role.CHAIR and seat.term_end is None
        ]
        return chairs[0] if chairs else "—"


class AffiliationInline(admin.StackedInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["user"]


class MembershipChangeInline(ZonedTimesMixin, admin.TabularInline):
    """Read-only: history is written by the status actions, never by hand."""

    model = MembershipChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OrganizationAdminForm(OrganizationForm):
    class Meta(OrganizationForm.Meta):
        fields = "__all__"
        widgets = {"sectors": forms.CheckboxSelectMultiple}


def _status_action(target, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        moved, refused = 0, []
        for organization in queryset:
            try:
                services.organization_change_status(
                    organization=organization, to_status=target, user=request.user
                )
                moved += 1
            except ValidationError as error:
                refused.extend(error.messages)
        if moved:
            modeladmin.message_user(
                request,
                _("%(count)d organization(s) moved to “%(status)s”.")
                % {"count": moved, "status": Organization.Status(target).label},
                messages.SUCCESS,
            )
        for message in refused:
            modeladmin.message_user(request, message, messages.WARNING)

    action.__name__ = f"move_to_{target}"
    return action


class CountryInUseFilter(admin.SimpleListFilter):
    """The countries organizations are in, not all 250, in the page's language's order."""

    title = _("headquarters country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return places.country_choices(
            Organization.objects.countries_in_use(Organization.Status.values)
        )

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


@admin.register(Organization)
class OrganizationAdmin(SlugFromNameMixin, ZonedTimesMixin, TabbedTranslationAdmin):
    form = OrganizationAdminForm
    slug_sources = ("acronym", "name_en", "name_ar")
    list_display = ["name", "acronym", "status", "place", "branch", "logo_preview"]
    list_filter = ["status", "branch", CountryInUseFilter, "sectors"]
    search_fields = ["name_ar", "name_en", "acronym"]
    list_select_related = ["branch"]
    readonly_fields = ["logo_preview", "status_changed_at", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [AffiliationInline, MembershipChangeInline]
    actions = [
        _status_action(Organization.Status.REGISTERED, _("Approve (registered)")),
        _status_action(Organization.Status.ACTIVE, _("Make active member")),
        _status_action(Organization.Status.SUSPENDED, pgettext_lazy("membership", "Suspend")),
        _status_action(Organization.Status.WITHDRAWN, pgettext_lazy("membership", "Withdraw")),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Status moves only through the actions above, which record history.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "status"] if obj else fields

    def get_search_results(self, request, queryset, search_term):
        """Admin search is Arabic-aware too: hamza, ta marbuta, diacritics, "ال"."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search.tokens(search_term):
            results = results | queryset.search(search_term)
        return results, may_have_duplicates

    @admin.display(description=_("headquarters"), ordering="city")
    def place(self, organization):
        return places.place(city=organization.city, country=organization.country)

    @admin.display(description=_("Logo"))
    def logo_preview(self, organization):
        if not organization.logo:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-height:48px;max-width:96px">',
            organization.logo.url,
            organization.name,
        )

    def save_model(self, request, obj, form, change):
        # The form has already re-encoded the logo; Django stores it on save.
        super().save_model(request, obj, form, change)
        if not change:
            services.organization_first_status(organization=obj, user=request.user)


def message_kind_label(kind: str) -> str:
    """A message's kind as the secretariat reads it, not its code."""
    if kind in notify.KINDS:
        return notify.KINDS[kind].label
    if kind.startswith(mail.SECRET_KIND_PREFIX):
        return _("Account (sign-in link or code)")
    return MESSAGE_KINDS.get(kind, kind)


# Kinds sent outside members.notify (which has its own labels).
MESSAGE_KINDS = {"invitation": _("Invitation to an organization's account")}


class MessageKindFilter(admin.SimpleListFilter):
    title = pgettext_lazy("e-mail", "kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = Message.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return sorted(
            ((kind, message_kind_label(kind)) for kind in kinds), key=lambda pair: str(pair[1])
        )

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class MessageLanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, name) for code, name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


@admin.register(Message)
class MessageAdmin(ZonedTimesMixin, admin.ModelAdmin):
    """The outbox: what was sent, what failed and why; failures can be sent again."""

    list_display = ["created_at", "kind_shown", "to_address", "subject", "status", "attempts"]
    list_filter = ["status", MessageKindFilter, MessageLanguageFilter]
    search_fields = ["to_address", "subject", "key"]
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") or obj is None

    @admin.display(description=pgettext_lazy("e-mail", "kind"), ordering="kind")
    def kind_shown(self, message):
        return message_kind_label(message.kind)

    @admin.display(description=_("language"), ordering="language")
    def language_shown(self, message):
        return dict(settings.LANGUAGES).get(message.language, message.language)

    def get_readonly_fields(self, request, obj=None):
        # The codes as labels: the kind and the language, not "status_change" and "ar".
        return [
            {"kind": "kind_shown", "language": "language_shown"}.get(name, name)
            for name in super().get_readonly_fields(request, obj)
        ]

    def get_fields(self, request, obj=None):
        fields = [
            {"kind": "kind_shown", "language": "language_shown"}.get(name, name)
            for name in super().get_fields(request, obj)
        ]
        if obj is not None and mail.holds_secret(obj):
            # A sign-in link or code (allauth's mails): whoever reads it can take the account.
            return [name for name in fields if name not in ("body_text", "body_html")]
        return fields

    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = mail.send_again(queryset)
        self.message_user(
            request, _("%(count)d e-mail(s) queued again.") % {"count": count}, messages.SUCCESS
        )


# People, offices, invitations ---------------------------------------------------------------


class OfficeAdminForm(forms.ModelForm):
    """Offices saved from the admin keep the services' rules, with their messages."""

    acting_user = None  # set per request by the admin (with_acting_user)
    checked_by_formset = False  # an inline's forms are checked together, by the formset

    def _get_validation_exclusions(self):
        # The service checks every rule the constraints on these fields back (term order, one
        # body, one holder), with messages that say what is wrong; the constraints stay as
        # the database's backstop.
        return {*super()._get_validation_exclusions(), "kind", "ends_on"}

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.checked_by_formset:
            return
        try:
            services.office_check(by=self.acting_user, office=self.instance)
        except Refused as error:
            self.add_error(None, error)


def _overlap(office, other):
    return (office.ends_on is None or office.ends_on >= other.starts_on) and (
        other.ends_on is None or other.ends_on >= office.starts_on
    )


class OfficeInlineFormSet(forms.models.BaseInlineFormSet):
    """A person's offices, checked together: ending a term and recording the successor in one
    submission is one hand-over, which the stored rows alone would refuse."""

    def clean(self):
        super().clean()
        forms_ = [
            form
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and not form.errors
        ]
        edited = [form.instance.pk for form in forms_ if form.instance.pk]
        for form in forms_:
            office = form.instance
            try:
                services.office_check(
                    by=form.acting_user,
                    office=office,
                    require_person=office.person_id is not None,
                    ignoring=edited,
                )
            except Refused as error:
                form.add_error(None, error)
        offices = [form.instance for form in forms_ if not form.errors]
        for position, office in enumerate(offices):
            for other in offices[position + 1 :]:
                same = (office.kind, office.organization_id, office.branch_id) == (
                    other.kind,
                    other.organization_id,
                    other.branch_id,
                )
                if same and _overlap(office, other) and office.kind in Office.SINGLE_HOLDER:
                    raise ValidationError(
                        _(
                            "This office has one holder at a time, and someone already holds "
                            "it for that term."
                        )
                    )


def with_acting_user(form_class, user):
    return type(form_class.__name__, (form_class,), {"acting_user": user})


class OfficeInline(TranslationStackedInline):
    model = Office
    form = OfficeAdminForm
    formset = OfficeInlineFormSet
    fk_name = "person"
    extra = 0
    can_delete = False  # a term that ends is ended, not deleted: the rows are the history
    fields = ["kind", "title", "organization", "branch", "starts_on", "ends_on"]
    autocomplete_fields = ["organization"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_acting_user(formset.form, request.user)
        formset.form.checked_by_formset = True
        return formset


@admin.register(Person)
class PersonAdmin(TabbedTranslationAdmin):
    list_display = ["name", "organization", "user", "email", "contact_public"]
    list_filter = ["contact_public", "organization"]
    list_select_related = ["organization", "user"]
    search_fields = ["name_ar", "name_en", "email", "user__email"]
    autocomplete_fields = ["user", "organization"]
    inlines = [OfficeInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Office:
            return super().save_formset(request, form, formset, change)
        # Through the service, so the admin keeps the same rules as every other door. Edited
        # terms come first (an ended term makes room for its successor), then new ones.
        for office in formset.save(commit=False):
            services.office_save(by=request.user, office=office)
        formset.save_m2m()


@admin.register(Office)
class OfficeAdmin(TabbedTranslationAdmin):
    form = OfficeAdminForm
    list_display = ["person", "kind", "title", "body", "starts_on", "ends_on"]
    list_filter = ["kind", ("ends_on", admin.EmptyFieldListFilter)]
    list_select_related = ["person", "organization", "branch"]
    search_fields = ["person__name_ar", "person__name_en", "title_ar", "title_en"]
    autocomplete_fields = ["person", "organization"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("body"))
    def body(self, office):
        return office.body or _("The federation")

    def get_form(self, request, obj=None, **kwargs):
        return with_acting_user(super().get_form(request, obj, **kwargs), request.user)

    def save_model(self, request, obj, form, change):
        services.office_save(by=request.user, office=obj)


@admin.register(Invitation)
class InvitationAdmin(ZonedTimesMixin, admin.ModelAdmin):
    """Read-only: invitations are made and withdrawn on the organization's users page."""

    list_display = [
        "email",
        "organization",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "organization"]
    list_select_related = ["organization", "invited_by"]
    search_fields = ["email", "organization__name_ar", "organization__name_en"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "token_hash"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") or obj is None

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_activities  # noqa: E402, F401  (registers the activities and places)
from .admin_audit import AuditEntryAdmin  # noqa: E402, F401  (registers the audit log's admin)
