"""The online vote page: coordinators of organizations attending online cast their own ballot
and those they hold by proxy. Ballots in the room are recorded by the tellers elsewhere; staff
status gives no power here."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.models import Convening
from events.permissions import may_record
from members import once
from members.errors import Refused
from members.models import Organization

from .. import services
from ..forms import BallotForm
from ..models import Ballot, Motion, Proxy


def optional_url(name, slug):
    """A page of the vote built alongside this one, when its URL exists."""
    try:
        return reverse(name, kwargs={"slug": slug})
    except NoReverseMatch:
        return None


@dataclass
class Voter:
    """One ballot the user casts on one motion: already cast (never saying how), or a form."""

    motion: Motion
    organization: Organization
    proxy: Proxy | None
    cast_at: object = None
    voided_reason: str = ""
    form: BallotForm | None = None

    @property
    def anchor(self):
        return f"ballot-{self.motion.pk}-{self.organization.pk}"


def _open_motions(convening):
    return list(convening.motions.filter(status=Motion.Status.OPEN).order_by("number", "pk"))


def _voters(user, motions):
    # Whose ballots a user casts depends on the convening's attendance and proxies only, so
    # one look serves every open motion of the convening.
    return services.voting_organizations(user, motions[0]) if motions else []


@login_required
@require_http_methods(["GET", "POST"])
def convening_vote(request, slug):
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    motions = _open_motions(convening)
    voters = _voters(request.user, motions)
    organizations = [organization for organization, _proxy in voters]

    if request.method == "POST":
        form = BallotForm(request.POST, motions=motions, organizations=organizations)
        if not form.is_valid():
            # One message, about the first thing wrong: the motion, the organization, the choice.
            messages.error(request, next(iter(form.errors.values()))[0])
        else:
            _cast(request, form.cleaned_data, dict(voters), page=request.path)
        return redirect("outcomes:convening_vote", slug=slug)

    # What was cast, and what was voided, for the user's organizations: never a choice.
    recorded = Ballot.objects.filter(motion__in=motions, organization__in=organizations).values(
        "motion_id", "organization_id", "cast_at", "voided_at", "void_reason"
    )
    live, voided = {}, {}
    for row in recorded.order_by("cast_at", "pk"):
        key = (row["motion_id"], row["organization_id"])
        if row["voided_at"] is None:
            live[key] = row["cast_at"]
        else:
            voided[key] = row["void_reason"]
    rows = []
    for motion in motions:
        ballots = []
        for organization, proxy in voters:
            key = (motion.pk, organization.pk)
            voter = Voter(motion=motion, organization=organization, proxy=proxy)
            if key in live:
                voter.cast_at = live[key]
            else:
                voter.voided_reason = voided.get(key, "")
                voter.form = BallotForm(
                    initial={"motion": motion.pk, "organization": organization.pk},
                    auto_id=f"ballot-{motion.pk}-{organization.pk}-%s",
                    motions=motions,
                    organizations=organizations,
                )
            ballots.append(voter)
        rows.append((motion, ballots))
    pending = [voter for _motion, ballots in rows for voter in ballots if voter.form]
    context = {
        "convening": convening,
        "rows": rows,
        "voters": voters,
        "pending": pending,
        "live_url": optional_url("outcomes:convening_live", slug) if motions else None,
        # Tellers and the secretariat record the room's ballots on the tally screen.
        "tally_url": (
            optional_url("outcomes:convening_tally", slug)
            if motions and may_record(request.user, convening)
            else None
        ),
    }
    return render(request, "outcomes/convening_vote.html", context)


def _cast(request, data, proxies, *, page):
    motion, organization = data["motion"], data["organization"]
    try:
        sent = once.submit_once(
            request,
            lambda: services.ballot_cast(
                user=request.user, motion=motion, organization=organization, choice=data["choice"]
            ),
            url=lambda _ballot: page,
        )
    except Refused as error:
        for message in error.messages:
            messages.error(request, message)
        return
    if sent.repeated:  # the same ballot form sent twice: the first counted, and only it
        messages.info(request, once.ALREADY_SAVED)
        return
    proxy = proxies.get(organization)
    if proxy is not None:
        text = _(
            "The ballot of <bdi>%(organization)s</bdi> on motion %(number)s is recorded, cast by "
            "proxy by <bdi>%(holder)s</bdi>."
        )
    else:
        text = _("The ballot of <bdi>%(organization)s</bdi> on motion %(number)s is recorded.")
    # The sentence is ours (the catalogue); the names are escaped before they go in.
    values = {
        "organization": escape(organization.name),
        "number": motion.number,
        "holder": escape(proxy.holder.name) if proxy else "",
    }
    messages.success(request, mark_safe(text % values))
