"""An organization's activities (who does what where): its coordinators and the secretariat
declare, change and end them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import once, roles
from ..errors import Refused
from ..forms_activities import ActivityForm
from ..models import Activity, Organization
from ..services import activities as services


def _organization(request, slug):
    """Not visible: 404. Visible but not theirs: 403, saying who may declare activities."""
    organization = get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)
    roles.check_may_act_for(
        request.user,
        organization,
        _(
            "Only a coordinator of %(organization)s or the general secretariat can declare "
            "its activities."
        )
        % {"organization": organization},
    )
    return organization


def _list_url(organization):
    return reverse("members:organization_activities", kwargs={"slug": organization.slug})


def _save(request, form, save):
    """Call the service with the form's values; a refusal goes on its field."""
    try:
        save(**form.cleaned_data)
    except Refused as error:
        form.add_error(services.FIELD_OF_REFUSAL.get(error.code), error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def organization_activities(request, slug):
    organization = _organization(request, slug)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = once.submit_once(
                request,
                lambda: services.activity_create(
                    by=request.user, organization=organization, **form.cleaned_data
                ),
                url=lambda _created: _list_url(organization),
            )
        except Refused as error:
            form.add_error(services.FIELD_OF_REFUSAL.get(error.code), error)
        else:
            if sent.repeated:
                messages.info(request, once.ALREADY_SAVED)
            else:
                messages.success(request, _("The activity was added."))
            return redirect(sent.url)
    activities = organization.activities.select_related("sector", "place").order_by("-start", "pk")
    return render(
        request,
        "members/organization_activities.html",
        {"organization": organization, "activities": activities, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, slug, pk):
    organization = _organization(request, slug)
    activity = get_object_or_404(
        Activity.objects.select_related("sector", "place"), pk=pk, organization=organization
    )
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_for(activity))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            request,
            form,
            lambda **values: services.activity_update(by=request.user, activity=activity, **values),
        )
    ):
        messages.success(request, _("The activity was saved."))
        return redirect(_list_url(organization))
    return render(
        request,
        "members/activity_form.html",
        {"organization": organization, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def activity_end(request, slug, pk):
    organization = _organization(request, slug)
    activity = get_object_or_404(Activity, pk=pk, organization=organization)
    try:
        services.activity_end(by=request.user, activity=activity)
    except Refused as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The activity was ended today."))
    return redirect(_list_url(organization))
