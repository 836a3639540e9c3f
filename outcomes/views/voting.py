from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.models import Attendance, Channel, Convening
from members.models import Organization

from .. import services
from ..models import Ballot, Motion


def _int(value):
    return int(value) if str(value).isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def convening_vote(request, slug):
    """Remote voting for coordinators of organizations attending online; the secretariat also
    records ballots from the room here."""
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    motions = list(convening.motions.filter(status=Motion.Status.OPEN))
    attending = Attendance.objects.filter(convening=convening, organization__status="active")
    if request.user.is_staff:
        voters = Organization.objects.filter(pk__in=attending.values("organization_id"))
    else:
        voters = Organization.objects.coordinated_by(request.user).filter(
            pk__in=attending.filter(channel=Channel.ONLINE).values("organization_id")
        )
    voters = list(voters.by_name())
    channel_of = dict(attending.values_list("organization_id", "channel"))

    if request.method == "POST":
        motion = next((m for m in motions if m.pk == _int(request.POST.get("motion"))), None)
        organization = next(
            (o for o in voters if o.pk == _int(request.POST.get("organization"))), None
        )
        if motion is None or organization is None:
            messages.error(request, _("This vote is not open to you."))
        else:
            try:
                services.ballot_cast(
                    user=request.user,
                    motion=motion,
                    organization=organization,
                    choice=request.POST.get("choice", ""),
                    channel=channel_of.get(organization.pk, ""),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The ballot of %(organization)s on motion %(number)s is recorded.")
                    % {"organization": organization, "number": motion.number},
                )
        return redirect("outcomes:convening_vote", slug=slug)

    voted = set(
        Ballot.objects.filter(motion__in=motions, organization__in=voters).values_list(
            "motion_id", "organization_id"
        )
    )
    rows = [
        (motion, [(o, (motion.pk, o.pk) in voted, channel_of.get(o.pk)) for o in voters])
        for motion in motions
    ]
    return render(
        request,
        "outcomes/convening_vote.html",
        {"convening": convening, "rows": rows, "voters": voters, "choices": Ballot.Choice.choices},
    )
