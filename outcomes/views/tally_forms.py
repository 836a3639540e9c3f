"""Forms of the room tally screen. They only check that the POST is well formed; the voting
rules themselves (who may vote, once, while the motion is open) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Channel
from members.ids import IdChoiceField, IdField

from ..models import Ballot

NOT_UNDERSTOOD = _(
    "This form was not understood; nothing was saved. Reload the page and try again."
)
CHOICE_MESSAGE = _("Choose yes, no or abstain.")
COUNT_MESSAGE = _("Give a whole number, 0 or more.")
MAX_COUNT = 100_000


class ActionForm(forms.Form):
    """Which of the screen's forms was sent, and for which motion."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("ballots", "void", "tally", "proxy")])
    motion = IdField(required=False)


class RoomBallotForm(forms.Form):
    """One organization's row: its id (hidden) and the choice the teller heard, if any yet."""

    organization = IdField(error_messages={"required": NOT_UNDERSTOOD, "invalid": NOT_UNDERSTOOD})
    choice = forms.ChoiceField(
        label=_("Choice"),
        choices=[("", _("Not yet")), *Ballot.Choice.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOICE_MESSAGE},
    )


class BaseRoomBallotFormSet(forms.BaseFormSet):
    """The room's rows of one motion; `choices` maps an organization's id to its choice."""

    default_error_messages = {
        "missing_management_form": NOT_UNDERSTOOD,
        "too_many_forms": NOT_UNDERSTOOD,
        "too_few_forms": NOT_UNDERSTOOD,
    }
    choices: dict

    def clean(self):
        self.choices = {}
        if any(self.errors):
            return
        ids = [form.cleaned_data["organization"] for form in self.forms]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(NOT_UNDERSTOOD, code="twice")
        self.choices = {
            form.cleaned_data["organization"]: form.cleaned_data["choice"]
            for form in self.forms
            if form.cleaned_data["choice"]
        }
        if not self.choices:
            raise forms.ValidationError(
                _("Choose yes, no or abstain for at least one organization."), code="empty"
            )


RoomBallotFormSet = forms.formset_factory(
    RoomBallotForm,
    formset=BaseRoomBallotFormSet,
    extra=0,
    max_num=1000,
    absolute_max=1000,
    validate_max=True,
)


class VoidForm(forms.Form):
    ballot = IdField(error_messages={"required": NOT_UNDERSTOOD, "invalid": NOT_UNDERSTOOD})
    reason = forms.CharField(
        label=_("Why is this ballot void?"),
        max_length=300,
        error_messages={"required": _("Say why the ballot is voided.")},
    )
    secret_choice = forms.ChoiceField(
        label=_("The choice that was recorded"),
        choices=[("", _("Choose")), *Ballot.Choice.choices],
        required=False,
        help_text=_("A secret ballot keeps only counters: name the choice to take off."),
        error_messages={"invalid_choice": CHOICE_MESSAGE},
    )

    def __init__(self, *args, secret=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not secret:
            del self.fields["secret_choice"]


def _count(label):
    # Text with a numeric keyboard, not type=number: a number input refuses Arabic digits (٤٠),
    # which the field reads as 40.
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "required": COUNT_MESSAGE,
            "invalid": COUNT_MESSAGE,
            "min_value": COUNT_MESSAGE,
            "max_value": COUNT_MESSAGE,
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5, "autocomplete": "off"}),
    )


class TallyForm(forms.Form):
    """Totals reported for one channel (when only totals are known)."""

    channel = forms.ChoiceField(
        choices=Channel.choices,
        widget=forms.HiddenInput,
        error_messages={"required": NOT_UNDERSTOOD, "invalid_choice": NOT_UNDERSTOOD},
    )
    eligible = _count(_("Eligible organizations"))
    yes = _count(_("Yes"))
    no = _count(_("No"))
    abstain = _count(_("Abstain"))


class ProxyForm(forms.Form):
    giver = IdChoiceField(
        label=_("Organization giving its vote"),
        queryset=None,
        empty_label=_("Choose an organization"),
        error_messages={"invalid_choice": _("Choose an organization attending the convening.")},
    )
    holder = IdChoiceField(
        label=_("Organization holding the proxy"),
        queryset=None,
        empty_label=_("Choose an organization"),
        error_messages={"invalid_choice": _("Choose an organization attending the convening.")},
    )
    letter = forms.FileField(
        label=_("Proxy letter (PDF)"),
        help_text=_("The signed letter, as a PDF of at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    LETTER_CODES = ("not_pdf", "too_large")

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = organizations
        self.fields["holder"].queryset = organizations

    def add_refusal(self, error):
        field = "letter" if getattr(error, "code", None) in self.LETTER_CODES else None
        for message in error.messages:
            self.add_error(field, message)
