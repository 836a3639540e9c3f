from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import notify, services
from .ids import IdChoiceField, IdMultipleChoiceField
from .images import process_image
from .models import Affiliation, Organization, User
from .services import PROFILE_FIELDS

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class TranslatedLabelsMixin:
    """Label `name_ar` as “Name (Arabic)” instead of modeltranslation's “name [ar]”."""

    def label_translated_fields(self):
        for name, field in self.fields.items():
            base, _sep, lang = name.rpartition("_")
            if lang in LANGUAGE_NAMES and base:
                model_field = self._meta.model._meta.get_field(base)
                field.label = _("%(field)s (%(language)s)") % {
                    "field": model_field.verbose_name.capitalize(),
                    "language": LANGUAGE_NAMES[lang],
                }


class OrganizationForm(TranslatedLabelsMixin, forms.ModelForm):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP; at most 2 MB and 4000×4000 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    # The page shows the fields in these groups, each a <fieldset> with its legend.
    GROUPS = [
        (
            _("Name and description"),
            ["name_ar", "name_en", "acronym", "description_ar", "description_en", "logo"],
        ),
        (
            _("Where it works"),
            [
                "country",
                "city_ar",
                "city_en",
                "countries_of_work",
                "areas_of_work_ar",
                "areas_of_work_en",
                "sectors",
                "branch",
            ],
        ),
        (
            pgettext_lazy("legal registration", "Registration"),
            [
                "founded_year",
                "registration_number",
                "registration_authority_ar",
                "registration_authority_en",
            ],
        ),
        (_("Contact"), ["website", "email", "phone"]),
    ]

    class Meta:
        model = Organization
        fields = [*PROFILE_FIELDS, "sectors"]
        # Writes and input: the branch and sectors sent are ids, read strictly (members.ids).
        field_classes = {"branch": IdChoiceField, "sectors": IdMultipleChoiceField}
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "description_ar": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5, "dir": "ltr"}),
            "countries_of_work": forms.SelectMultiple(attrs={"size": 6}),
            # type="url" would make the page invalid HTML when it re-displays a wrong value.
            "website": forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
            "founded_year": forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_translated_fields()
        for name, field in self.fields.items():
            if name.endswith("_en"):
                field.widget.attrs.setdefault("dir", "ltr")
                field.widget.attrs.setdefault("lang", "en")
            elif name.endswith("_ar"):
                field.widget.attrs.setdefault("dir", "rtl")
                field.widget.attrs.setdefault("lang", "ar")
        for name in ("website", "email", "phone", "acronym", "registration_number"):
            self.fields[name].widget.attrs.setdefault("dir", "ltr")
        self.fields["branch"].queryset = self.fields["branch"].queryset.filter(is_active=True)
        if self.instance.pk and self.instance.logo:
            self.initial["logo"] = self.instance.logo

    def groups(self):
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return process_image(logo)
        return logo  # None (unchanged), False (cleared) or the current file

    def service_data(self):
        data = dict(self.cleaned_data)
        if data.get("logo") is None or isinstance(data.get("logo"), FieldFile):
            data.pop("logo", None)  # untouched: keep the stored logo
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language"]


class NotificationPreferencesForm(forms.Form):
    """One box per kind of e-mail a user may turn off; ticked means "send it to me"."""

    receive = forms.MultipleChoiceField(
        label=_("E-mails I receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("News about your own organization's membership is always sent."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(kind.code, kind.label) for kind in notify.optional_kinds()]
        self.fields["receive"].choices = choices
        muted = set(user.muted_notifications or [])
        self.fields["receive"].initial = [code for code, _label in choices if code not in muted]

    def muted(self):
        received = set(self.cleaned_data["receive"])
        return [code for code, _label in self.fields["receive"].choices if code not in received]


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the person's full name: the account gets its person at once."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As you would like it to appear to colleagues, in this page's language."),
    )
    field_order = ["name", "email", "password1", "password2"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give your full name."))
        return name

    def try_save(self, request):
        # Sign-in, no enumeration: a new account costs one password hash; a known address must
        # cost the same, or the time of the answer would tell that it has an account (allauth
        # then answers the same page and mails the address's owner instead).
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)

    def signup(self, request, user):
        # The adapter has set user.name; the person's name goes in the page's language.
        services.person_for_account(
            user=user,
            name=self.cleaned_data["name"],
            language=get_language() or settings.LANGUAGE_CODE,
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Affiliation.Role.choices,
        initial=Affiliation.Role.MEMBER,
        help_text=_("Coordinators keep the organization's profile and manage its users."),
    )
