from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import NotificationPreferencesForm, ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    # Two forms on one page, told apart by their submit button's name.
    posted = request.POST if request.method == "POST" else None
    saving_notifications = posted is not None and "save_notifications" in posted
    form = ProfileForm(None if saving_notifications else posted, instance=request.user)
    notifications = NotificationPreferencesForm(
        posted if saving_notifications else None, user=request.user
    )
    if posted is not None:
        if saving_notifications and notifications.is_valid():
            services.notification_preferences_set(user=request.user, muted=notifications.muted())
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("members:profile")
        if not saving_notifications and form.is_valid():
            form.save()
            messages.success(request, _("Your profile is saved."))
            return redirect("members:profile")
    affiliations = request.user.affiliations.select_related("organization")
    return render(
        request,
        "account/profile.html",
        {
            "form": form,
            "notifications": notifications,
            "affiliations": affiliations,
        },
        status=400 if posted is not None else 200,
    )
