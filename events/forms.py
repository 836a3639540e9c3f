import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.errors import Refused
from members.ids import IdChoiceField, IdField
from members.images import process_image
from members.models import Organization

from . import services
from .models import Channel, Convening, ConveningPhoto


class RegistrationForm(forms.Form):
    organization = IdChoiceField(label=_("Organization"), queryset=Organization.objects)
    channel = forms.ChoiceField(label=_("How your delegates take part"), widget=forms.RadioSelect)

    def __init__(self, *args, convening, organizations, registration=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["channel"].choices = [(c.value, c.label) for c in convening.channels()]
        if registration is not None:
            # Already registered: start from what was sent, to change it.
            self.fields["organization"].initial = registration.organization_id
            self.fields["channel"].initial = registration.channel
        else:
            choices = list(organizations)
            if len(choices) == 1:
                self.fields["organization"].initial = choices[0]


class RegistrationCancelForm(forms.Form):
    """Cancel one of the registrations the user may cancel (those of the organizations they
    coordinate); the confirmation page posts `confirm`."""

    registration = forms.TypedChoiceField(coerce=int)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = {registration.pk: registration for registration in registrations}
        self.fields["registration"].choices = [(pk, pk) for pk in self.registrations]

    def chosen(self):
        return self.registrations[self.cleaned_data["registration"]]


class DelegateForm(forms.Form):
    """One delegate row; a row left empty is skipped, so a delegate is removed by emptying it."""

    name = forms.CharField(label=_("Name"), max_length=services.NAME_MAX, required=False)
    role = forms.CharField(
        label=_("Role"),
        max_length=services.ROLE_MAX,
        required=False,
        help_text=_("Optional, e.g. “executive director”."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=services.EMAIL_MAX,
        required=False,
        help_text=_("Optional."),
    )

    def clean(self):
        cleaned = super().clean()
        name = " ".join(cleaned.get("name", "").split())
        if not name and (cleaned.get("role") or cleaned.get("email")):
            self.add_error("name", _("Give the delegate's name, or empty the whole row."))
        return cleaned

    def delegate(self):
        """The row as the service takes it; None for an empty or invalid row."""
        data = getattr(self, "cleaned_data", None) or {}
        name = " ".join(data.get("name", "").split())
        if not name:
            return None
        return services.DelegateData(
            name=name, role=data.get("role", ""), email=data.get("email", "")
        )


class BaseDelegateFormSet(forms.BaseFormSet):
    """The delegate rows; the service's own check says what is wrong, on the row concerned."""

    rows = ()
    delegates = None

    def clean(self):
        if any(self.errors):
            return
        self.rows = [form for form in self.forms if form.delegate() is not None]
        try:
            self.delegates = services.clean_delegates([form.delegate() for form in self.rows])
        except Refused as error:
            if not self.show_refusal(error):
                raise

    def show_refusal(self, error):
        """Put a service's refusal about one delegate on its row; False if it is not about a
        row (the caller shows it for the whole form)."""
        params = getattr(error, "params", None) or {}
        row = params.get("row")
        if not hasattr(error, "message") or not isinstance(row, int):
            return False
        if not 0 <= row < len(self.rows):
            return False
        # The service counts the delegates given; the page numbers its rows, empty ones too.
        number = {index + 1: self.forms.index(form) + 1 for index, form in enumerate(self.rows)}
        params = {
            **params,
            "number": number[row + 1],
            **(
                {"first": number.get(params["first"], params["first"])} if "first" in params else {}
            ),
        }
        self.rows[row].add_error(
            None, ValidationError(error.message, code=error.code, params=params)
        )
        return True


DelegateFormSet = forms.formset_factory(
    DelegateForm,
    formset=BaseDelegateFormSet,
    extra=3,
    max_num=services.MAX_DELEGATES,
    # More rows than this in a POST is not a form from this page: refused, never processed.
    absolute_max=services.MAX_DELEGATES + 10,
)


def delegate_initial(registration):
    """The formset's rows for an existing registration (prefetch "delegates__person")."""
    if registration is None:
        return []
    return [
        {"name": str(delegate.person), "role": delegate.role, "email": delegate.person.email}
        for delegate in registration.delegates.all()
    ]


class CheckInForm(forms.Form):
    organization = IdField(label=_("Organization"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)


class VenueTimeFormMixin:
    """Date-times are typed and shown in the convening's own time zone, not the server's."""

    venue_time_fields = ("starts_at", "ends_at", "registration_deadline")

    def _venue_zone(self):
        name = self.data.get(self.add_prefix("timezone")) if self.is_bound else None
        name = name or self.instance.timezone or "UTC"
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def show_in_venue_time(self):
        zone = self._venue_zone()
        for name in self.venue_time_fields:
            value = getattr(self.instance, name, None)
            if isinstance(value, datetime.datetime):
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def read_in_venue_time(self, cleaned):
        zone, current = self._venue_zone(), timezone.get_current_timezone()
        for name in self.venue_time_fields:
            value = cleaned.get(name)
            if isinstance(value, datetime.datetime):
                wall = timezone.make_naive(value, current)
                cleaned[name] = wall.replace(tzinfo=zone)
        return cleaned


class ConveningAdminForm(VenueTimeFormMixin, forms.ModelForm):
    class Meta:
        model = Convening
        fields = "__all__"  # noqa: DJ007  (admin forms: the ModelAdmin picks the fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.show_in_venue_time()

    def clean(self):
        return self.read_in_venue_time(super().clean())

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if cover and hasattr(cover, "content_type"):
            return process_image(cover, thumbnail=(1600, 1600))
        return cover

    def clean_invited(self):
        # The service's rule, checked before the convening is saved (ConveningAdmin saves the
        # list itself through services.convening_invitations_set).
        invited = self.cleaned_data.get("invited")
        if invited:
            services.check_may_be_invited(invited)
        return invited


class ConveningPhotoForm(forms.ModelForm):
    class Meta:
        model = ConveningPhoto
        fields = "__all__"  # noqa: DJ007  (admin forms: the ModelAdmin picks the fields)

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            return process_image(image, thumbnail=(1600, 1600))
        return image
