from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from members.errors import NotAllowed, Refused
from members.models import Organization

from .. import services
from ..forms import CheckInForm
from ..models import Convening, Delegate, attendance_breakdown
from ..permissions import may_record


class CheckInActionForm(CheckInForm):
    """Record an organization as present (on a channel), or remove its attendance."""

    action = forms.ChoiceField(
        choices=[("record", gettext_lazy("Record")), ("remove", gettext_lazy("Remove"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Removing needs no channel.
        self.fields["channel"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") != "remove" and not cleaned.get("channel"):
            self.add_error("channel", _("Choose a channel."))
        return cleaned


def _convening(request, slug) -> Convening:
    """The convening, for its tellers and the secretariat; 404 for those who may not see it (so
    its existence does not leak), 403 for the others."""
    convening = get_object_or_404(Convening, slug=slug)
    if may_record(request.user, convening):
        return convening
    if not Convening.objects.visible_to(request.user).filter(pk=convening.pk).exists():
        raise Http404
    raise NotAllowed(_("Only the convening's tellers and the secretariat record attendance."))


@login_required
@require_http_methods(["GET", "POST"])
def convening_checkin(request, slug):
    """The quick check-in of the convening's tellers and the secretariat: registered
    organizations, and those who just came."""
    convening = _convening(request, slug)
    if request.method == "POST":
        form = CheckInActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an organization and a channel."))
            return redirect("events:convening_checkin", slug=slug)
        try:
            if form.cleaned_data["action"] == "remove":
                services.attendance_remove(
                    user=request.user,
                    convening=convening,
                    organization_id=form.cleaned_data["organization"],
                )
                messages.success(request, _("Attendance removed."))
            else:
                attendance = services.attendance_record(
                    user=request.user,
                    convening=convening,
                    organization_id=form.cleaned_data["organization"],
                    channel=form.cleaned_data["channel"],
                )
                messages.success(
                    request,
                    _("%(organization)s: present (%(channel)s).")
                    % {
                        "organization": attendance.organization,
                        "channel": attendance.get_channel_display(),
                    },
                )
                warning = services.attendance_warning(attendance.organization)
                if warning:
                    messages.warning(request, warning)
        except Refused as error:
            messages.error(request, " ".join(error.messages))
        return redirect("events:convening_checkin", slug=slug)

    attended = {a.organization_id: a for a in convening.attendances.select_related("organization")}
    registrations = (
        convening.registrations.select_related("organization")
        .prefetch_related(Prefetch("delegates", queryset=Delegate.objects.select_related("person")))
        .order_by("organization__slug")
    )
    walk_ins = [a for a in attended.values() if not a.registered]
    others = (
        Organization.objects.exclude(pk__in=attended.keys())
        .exclude(pk__in=registrations.values("organization_id"))
        .by_name()
    )
    return render(
        request,
        "events/convening_checkin.html",
        {
            "convening": convening,
            "rows": [(r, attended.get(r.organization_id)) for r in registrations],
            "walk_ins": walk_ins,
            "others": others,
            "breakdown": attendance_breakdown(convening),
        },
    )
