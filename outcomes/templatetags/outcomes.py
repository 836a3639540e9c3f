"""A convening's outcomes and the open-vote banner, shown on the convening page (events never
imports outcomes: its template loads these tags)."""

from django import template
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import NoReverseMatch, reverse

from members import roles

from .. import selectors
from ..models import Ballot, Minutes, Motion, ProgressUpdate
from ..results import stored_many
from ..services import voting_organizations
from ..services.minutes import has_taken_place

register = template.Library()

# A correction is announced once it is put to the vote, not while it is a draft or after it was
# withdrawn.
ANNOUNCED = (Motion.Status.OPEN, Motion.Status.CLOSED)


def _optional_url(name, slug):
    try:
        return reverse(name, kwargs={"slug": slug})
    except NoReverseMatch:
        return None


def _minutes_state():
    """The state of the convening's minutes, as an annotation of its motions: the page reads
    it with the motions, and asks apart only when there is no motion."""
    return Subquery(
        Minutes.objects.filter(convening_id=OuterRef("convening_id")).values("state")[:1]
    )


def _minutes_links(user, convening, motions):
    """Links to the minutes for those who may read them (published: whoever sees the
    convening; otherwise the secretariat, once the convening has taken place)."""
    if not has_taken_place(convening):
        return None
    secretariat = roles.is_secretariat(user)
    if motions:
        state = motions[0].minutes_state
    else:
        state = Minutes.objects.filter(convening=convening).values_list("state", flat=True).first()
    if not secretariat and state != Minutes.State.PUBLISHED:
        return None
    slug = {"slug": convening.slug}
    return {
        "page": reverse("outcomes:minutes", kwargs=slug),
        "pdf": reverse("outcomes:minutes_pdf", kwargs=slug),
        "docx": reverse("outcomes:minutes_docx", kwargs=slug),
        "edit": reverse("outcomes:minutes_edit", kwargs=slug) if secretariat else None,
        "state": Minutes.State(state).label if state else Minutes.State.DRAFT.label,
        "published": state == Minutes.State.PUBLISHED,
    }


@register.inclusion_tag("outcomes/tags/convening_outcomes.html", takes_context=True)
def convening_outcomes(context, convening):
    """Motions with their stored results (and roll calls) and recommendations with their
    progress, in a constant number of queries whatever their count. The caller has checked the
    convening is visible."""
    user = context["request"].user
    motions = convening.motions.select_related("corrects__convening").annotate(
        corrected=Exists(Motion.objects.filter(corrects=OuterRef("pk"), status__in=ANNOUNCED)),
        minutes_state=_minutes_state(),
    )
    if not roles.is_secretariat(user):
        motions = motions.exclude(status=Motion.Status.DRAFT)
    motions = list(motions)
    # Corrections are rare: one query, only when a motion here has been corrected.
    corrected = [m.pk for m in motions if m.corrected]
    corrections = {}
    if corrected:
        for correction in (
            Motion.objects.filter(corrects__in=corrected, status__in=ANNOUNCED)
            .select_related("convening")
            .order_by("convening__starts_at", "number")
        ):
            corrections.setdefault(correction.corrects_id, []).append(correction)
    for motion in motions:
        motion.correction_list = corrections.get(motion.pk, [])
    results = stored_many(motions)
    calls = selectors.roll_calls(motions)
    open_any = any(m.status == Motion.Status.OPEN for m in motions)
    recommendations = (
        convening.recommendations.for_listing()
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-created_at", "-pk"))
        )
        .order_by("number")
    )
    return {
        "convening": convening,
        "minutes": _minutes_links(user, convening, motions),
        "motions": [(m, results.get(m.pk), calls.get(m.pk, [])) for m in motions],
        "vote_url": reverse("outcomes:convening_vote", kwargs={"slug": convening.slug}),
        "live_url": _optional_url("outcomes:convening_live", convening.slug) if open_any else None,
        # The stored results as a file, once there is one (never an open vote's count).
        "results_csv": _optional_url("outcomes:convening_results_csv", convening.slug)
        if results
        else None,
        "results_xlsx": _optional_url("outcomes:convening_results_xlsx", convening.slug),
        "recommendations": recommendations,
    }


@register.inclusion_tag("outcomes/tags/open_vote_banner.html", takes_context=True)
def open_vote_banner(context, convening):
    """The banner "a vote is open — cast your organization's ballot", for coordinators whose
    organization (or one whose proxy it holds) attends online and has not voted on an open
    motion. Nothing for anyone else; at most four queries."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    motions = list(convening.motions.filter(status=Motion.Status.OPEN).order_by("number", "pk"))
    if not motions:
        return {"show": False}
    # Whose ballots a user casts depends on the convening only, not on the motion.
    organizations = [o.pk for o, _proxy in voting_organizations(user, motions[0])]
    if not organizations:
        return {"show": False}
    cast = Ballot.objects.filter(
        motion__in=motions, organization_id__in=organizations, voided_at=None
    ).count()
    return {
        "show": cast < len(motions) * len(organizations),
        "url": reverse("outcomes:convening_vote", kwargs={"slug": convening.slug}),
    }
