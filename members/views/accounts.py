from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import ProfileForm
from ..models import Organization


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("members:profile")
    affiliations = request.user.affiliations.select_related("organization")
    return render(
        request,
        "account/profile.html",
        {
            "form": form,
            "affiliations": affiliations,
            "coordinated": Organization.objects.coordinated_by(request.user),
        },
    )
