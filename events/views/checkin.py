from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.errors import Refused
from members.models import Organization

from .. import services
from ..forms import CheckInForm
from ..models import Convening, Delegate, attendance_breakdown


@staff_member_required
@require_http_methods(["GET", "POST"])
def convening_checkin(request, slug):
    """The secretariat's quick check-in: registered organizations, and those who just came."""
    convening = get_object_or_404(Convening, slug=slug)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an organization and a channel."))
        elif request.POST.get("action") == "remove":
            services.attendance_remove(
                convening=convening, organization_id=form.cleaned_data["organization"]
            )
            messages.success(request, _("Attendance removed."))
        else:
            try:
                attendance = services.attendance_record(
                    user=request.user,
                    convening=convening,
                    organization_id=form.cleaned_data["organization"],
                    channel=form.cleaned_data["channel"],
                )
            except Refused as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(organization)s: present (%(channel)s).")
                    % {
                        "organization": attendance.organization,
                        "channel": attendance.get_channel_display(),
                    },
                )
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
