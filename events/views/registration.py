from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.errors import Refused
from members.models import Organization

from .. import services
from ..forms import DelegateFormSet, RegistrationForm, delegate_initial
from ..models import Convening, Delegate

DELEGATES_PREFIX = "delegates"


def _add_errors(form, formset, error):
    """A refusal about one delegate goes on its row, any other on the form."""
    if not formset.show_refusal(error):
        for message in error.messages:
            form.add_error(None, message)


def _starting_registration(request, organizations, registrations):
    """The registration the form starts from: the one asked for (?organization=), else that of
    the only organization the user coordinates; None for a new registration."""
    wanted = request.GET.get("organization", "")
    if wanted.isdigit() and len(wanted) < 12 and int(wanted) in registrations:
        return registrations[int(wanted)]
    if len(organizations) == 1:
        return registrations.get(organizations[0].pk)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def convening_register(request, slug):
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    organizations = (
        Organization.objects.coordinated_by(request.user)
        .exclude(status__in=services.BARRED)
        .by_name()
    )
    registrations = {
        r.organization_id: r
        for r in convening.registrations.filter(organization__in=organizations)
        .select_related("organization")
        .prefetch_related(Prefetch("delegates", queryset=Delegate.objects.select_related("person")))
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
        except Refused as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The registration of %(organization)s is cancelled.")
                % {"organization": registration.organization},
            )
        return redirect("events:convening_register", slug=slug)

    if request.method == "POST":
        form = RegistrationForm(request.POST, convening=convening, organizations=organizations)
        formset = DelegateFormSet(request.POST, prefix=DELEGATES_PREFIX)
    else:
        start = _starting_registration(request, list(organizations), registrations)
        form = RegistrationForm(
            convening=convening, organizations=organizations, registration=start
        )
        formset = DelegateFormSet(initial=delegate_initial(start), prefix=DELEGATES_PREFIX)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        organization = form.cleaned_data["organization"]
        existing = registrations.get(organization.pk)
        try:
            if existing:
                services.registration_update(
                    user=request.user,
                    registration=existing,
                    channel=form.cleaned_data["channel"],
                    delegates=formset.delegates,
                )
                messages.success(request, _("The registration is updated."))
            else:
                services.registration_create(
                    user=request.user,
                    convening=convening,
                    organization=organization,
                    channel=form.cleaned_data["channel"],
                    delegates=formset.delegates,
                )
                messages.success(
                    request,
                    _("%(organization)s is registered.") % {"organization": organization},
                )
            return redirect(convening)
        except Refused as error:
            _add_errors(form, formset, error)
    return render(
        request,
        "events/convening_register.html",
        {
            "convening": convening,
            "form": form,
            "formset": formset,
            "organizations": organizations,
            "registrations": list(registrations.values()),
            "open": convening.registration_is_open(),
        },
    )
