from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Recommendation

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
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        help_text=_("What happened since the last update (at most 2000 characters)."),
        error_messages={"required": _("Write what happened.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def prefix_for(recommendation_pk):
        # One form per recommendation on the committee page: the prefix keeps ids unique.
        return f"update-{recommendation_pk}"

    def error_text(self):
        """All errors as one line, each named by its field, for a message after a redirect."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else None
            for error in errors:
                parts.append(f"{label}: {error}" if label else str(error))
        return " ".join(parts)
