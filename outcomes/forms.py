from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Ballot, Recommendation

PROGRESS_MESSAGE = _("Progress is a whole number from 0 to 100.")


class ProgressUpdateForm(forms.Form):
    """One step in a recommendation's follow-up; the rules themselves live in the service."""

    status = forms.ChoiceField(label=_("Status"), choices=Recommendation.Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": PROGRESS_MESSAGE,
            "min_value": PROGRESS_MESSAGE,
            "max_value": PROGRESS_MESSAGE,
        },
        # Text, not type=number: an Arabic keyboard types ٤٠, which a number input refuses and
        # the field reads as 40; a re-displayed "abc" would also make the page invalid HTML.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        help_text=_("What happened since the last update (at most 2000 characters)."),
        error_messages={"required": _("Write what happened.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("A PDF document (at most 10 MB) or a PNG, JPEG or WebP image."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp"}),
    )

    # Refusals of the evidence file (outcomes.services.clean_evidence) belong to its field.
    EVIDENCE_CODES = ("evidence", "not_pdf", "too_large", "too_many_pixels", "format")

    def add_refusal(self, error):
        """Show a service's refusal on the field it is about, or above the form."""
        field = "attachment" if getattr(error, "code", None) in self.EVIDENCE_CODES else None
        for message in error.messages:
            self.add_error(field, message)


class BallotForm(forms.Form):
    """One ballot on the online vote page: which open motion, for which organization, and the
    choice. The motions and organizations the user may vote for are given by the view; the
    fields accept only their ids, compared as text, so a malformed or enormous number is
    refused before anything is converted or looked up in the database."""

    motion = forms.TypedChoiceField(
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This motion is not open for voting."),
            "invalid_choice": _("This motion is not open for voting."),
        },
    )
    organization = forms.TypedChoiceField(
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("You cannot cast a ballot for this organization."),
            "invalid_choice": _("You cannot cast a ballot for this organization."),
        },
    )
    choice = forms.ChoiceField(
        label=_("Your choice"),
        choices=Ballot.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes, no or abstain."),
            "invalid_choice": _("Choose yes, no or abstain."),
        },
    )

    def __init__(self, *args, motions=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.motions = {motion.pk: motion for motion in motions}
        self.organizations = {organization.pk: organization for organization in organizations}
        self.fields["motion"].choices = [(pk, pk) for pk in self.motions]
        self.fields["organization"].choices = [(pk, pk) for pk in self.organizations]

    def clean(self):
        cleaned = super().clean()
        # The ids became the records the view offered.
        if "motion" in cleaned:
            cleaned["motion"] = self.motions[cleaned["motion"]]
        if "organization" in cleaned:
            cleaned["organization"] = self.organizations[cleaned["organization"]]
        return cleaned
