"""One recommendation: its text, owner, due date, status, progress and history, and the form
through which those who answer for it post progress."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import once, pagecache
from members.errors import NotAllowed, Refused

from .. import services
from ..forms import ProgressUpdateForm
from ..models import CommitteeMember, ProgressUpdate, Recommendation


def _recommendation(request, convening, number):
    """The recommendation if this user may see it (its convening's visibility, or because they
    answer for it); 404 otherwise, so that existence does not leak."""
    seats = CommitteeMember.objects.current().select_related("person")
    return get_object_or_404(
        Recommendation.objects.visible_to(request.user)
        .for_listing()
        .select_related("motion")
        .with_owner_flag()
        .prefetch_related(
            Prefetch("committee__members", queryset=seats, to_attr="current_seats"),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author").order_by(
                    "-created_at", "-pk"
                ),
                to_attr="history",
            ),
        ),
        convening__slug=convening,
        number=number,
    )


@require_http_methods(["GET", "POST"])
@pagecache.public_page("members", "events", "outcomes")
def recommendation_detail(request, convening, number):
    recommendation = _recommendation(request, convening, number)
    can_post = services.can_report(request.user, recommendation)
    form = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_post:
            raise NotAllowed(
                _(
                    "Only the follow-up committee's members, the coordinators of the "
                    "organization in charge and the secretariat can post updates."
                )
            )
        form = ProgressUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                sent = once.submit_once(
                    request,
                    lambda: services.progress_update_post(
                        user=request.user,
                        recommendation=recommendation,
                        note=form.cleaned_data["note"],
                        status=form.cleaned_data["status"],
                        progress=form.cleaned_data["progress"],
                        attachment=form.cleaned_data["attachment"],
                    ),
                    url=lambda _update: recommendation.get_absolute_url(),
                )
            except Refused as error:
                form.add_refusal(error)
            else:
                if sent.repeated:
                    messages.info(request, once.ALREADY_SAVED)
                else:
                    messages.success(request, _("The update is saved."))
                return redirect(sent.url)
    elif can_post:
        form = ProgressUpdateForm(
            initial={"status": recommendation.status, "progress": recommendation.progress}
        )
    return render(
        request,
        "outcomes/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "history": recommendation.history,
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )
