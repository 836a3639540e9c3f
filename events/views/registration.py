from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.models import Organization

from .. import services
from ..forms import RegistrationForm
from ..models import Convening

# Organizations in these states may not register for convenings.
BARRED = ("applicant", "suspended", "withdrawn")


def _add_errors(form, error):
    for message in error.messages:
        form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def convening_register(request, slug):
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    organizations = (
        Organization.objects.coordinated_by(request.user).exclude(status__in=BARRED).by_name()
    )
    registrations = {
        r.organization_id: r
        for r in convening.registrations.filter(organization__in=organizations).select_related(
            "organization"
        )
    }
    action = request.POST.get("action")
    if request.method == "POST" and action == "cancel":
        # Only the registrations of this user's organizations can be cancelled here.
        by_pk = {str(r.pk): r for r in registrations.values()}
        registration = by_pk.get(request.POST.get("registration", ""))
        if registration is None:
            messages.error(request, _("You cannot cancel that registration."))
            return redirect("events:convening_register", slug=slug)
        if request.POST.get("confirm") != "yes":
            return render(
                request,
                "events/registration_cancel.html",
                {"convening": convening, "registration": registration},
            )
        try:
            services.registration_cancel(user=request.user, registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The registration of %(organization)s is cancelled.")
                % {"organization": registration.organization},
            )
        return redirect("events:convening_register", slug=slug)

    form = RegistrationForm(
        request.POST or None,
        convening=convening,
        organizations=organizations,
        registrations=registrations.values(),
    )
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        existing = registrations.get(organization.pk)
        try:
            if existing:
                services.registration_update(
                    user=request.user,
                    registration=existing,
                    channel=form.cleaned_data["channel"],
                    delegates=form.cleaned_data["delegates"],
                )
                messages.success(request, _("The registration is updated."))
            else:
                services.registration_create(
                    user=request.user,
                    convening=convening,
                    organization=organization,
                    channel=form.cleaned_data["channel"],
                    delegates=form.cleaned_data["delegates"],
                )
                messages.success(
                    request,
                    _("%(organization)s is registered.") % {"organization": organization},
                )
            return redirect(convening)
        except ValidationError as error:
            _add_errors(form, error)
    return render(
        request,
        "events/convening_register.html",
        {
            "convening": convening,
            "form": form,
            "organizations": organizations,
            "registrations": list(registrations.values()),
            "open": convening.registration_is_open(),
        },
    )
