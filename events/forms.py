import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.images import process_image
from members.models import Organization

from .models import Channel, Convening, ConveningPhoto


class RegistrationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects)
    channel = forms.ChoiceField(label=_("How your delegates take part"), widget=forms.RadioSelect)
    delegates = forms.CharField(
        label=_("Delegates"),
        help_text=_("One name per line."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, convening, organizations, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        choices = list(organizations)
        if len(choices) == 1:
            self.fields["organization"].initial = choices[0]
            # Already registered: start from what was sent, to change it.
            for registration in registrations:
                if registration.organization_id == choices[0].pk:
                    self.fields["channel"].initial = registration.channel
                    self.fields["delegates"].initial = registration.delegates
        self.fields["channel"].choices = [(c.value, c.label) for c in convening.channels()]


class CheckInForm(forms.Form):
    organization = forms.IntegerField(label=_("Organization"), min_value=1)
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


class ConveningPhotoForm(forms.ModelForm):
    class Meta:
        model = ConveningPhoto
        fields = "__all__"  # noqa: DJ007  (admin forms: the ModelAdmin picks the fields)

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            return process_image(image, thumbnail=(1600, 1600))
        return image
