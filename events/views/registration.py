from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import once
from members.errors import Refused
from members.ids import parse_id
from members.models import Organization

from .. import services
from ..forms import DelegateFormSet, RegistrationCancelForm, RegistrationForm, delegate_initial
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
    wanted = parse_id(request.GET.get("organization", ""))
    if wanted in registrations:
        return registrations[wanted]
    if len(organizations) == 1:
        return registrations.get(organizations[0].pk)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def convening_register(request, slug):
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    organizations = Organization.objects.coordinated_by(request.user).may_register().by_name()
    registrations = {
        r.organization_id: r
        for r in convening.registrations.filter(organization__in=organizations)
        .select_related("organization")
        .prefetch_related(Prefetch("delegates", queryset=Delegate.objects.select_related("person")))
    }
    if request.method == "POST" and request.POST.get("action") == "cancel":
        # Only the registrations of this user's organizations can be cancelled here.
        cancel = RegistrationCancelForm(request.POST, registrations=registrations.values())
        if not cancel.is_valid():
            messages.error(request, _("You cannot cancel that registration."))
            return redirect("events:convening_register", slug=slug)
        registration = cancel.chosen()
        if not cancel.cleaned_data["confirm"]:
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

        def save():
            if existing:
                return services.registration_update(
                    user=request.user,
                    registration=existing,
                    channel=form.cleaned_data["channel"],
                    delegates=formset.delegates,
                )
            return services.registration_create(
                user=request.user,
                convening=convening,
                organization=organization,
                channel=form.cleaned_data["channel"],
                delegates=formset.delegates,
            )

        try:
            sent = once.submit_once(request, save, url=lambda _saved: convening.get_absolute_url())
        except Refused as error:
            _add_errors(form, formset, error)
        else:
            if sent.repeated:
                messages.info(request, once.ALREADY_SAVED)
            elif existing:
                messages.success(request, _("The registration is updated."))
            else:
                messages.success(
                    request,
                    _("%(organization)s is registered.") % {"organization": organization},
                )
            return redirect(sent.url)
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
