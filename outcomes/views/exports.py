"""A convening's vote results, and the follow-up report, as CSV or XLSX.

Results are the stored ones (MotionResult), exactly as the convening's page shows them: closed
motions only, one line per channel and one for all; for a secret ballot whose channel had too few
voters, the total line alone (results.Result.shown_channels). The report is the follow-up
report's list (the tracker's visibility and filters, in the report's order) without its print
limit, with each recommendation's latest update."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.models import Channel, Convening
from members import clock, export
from members.listing import filtered

from ..filters import RecommendationFilter
from ..models import Motion, MotionResult, Recommendation
from ..results import stored_many
from .report import latest_update


def results_header() -> list:
    return [
        _("Motion"),
        export.label(Motion, "title"),
        _("Kind"),
        export.label(MotionResult, "ballot_kind"),
        export.label(MotionResult, "majority_rule"),
        export.label(MotionResult, "quorum"),
        _("Channel"),
        _("Eligible"),
        _("Yes"),
        _("No"),
        _("Abstain"),
        _("Voted"),
        export.label(MotionResult, "quorum_met"),
        _("Result"),
        export.label(MotionResult, "closed_at"),
        export.label(MotionResult, "source"),
    ]


def results_rows(convening, motions):
    """Rows for the closed motions among `motions` (two queries for their stored results)."""
    yes, no = _("Yes"), _("No")
    channels = {value: str(label) for value, label in Channel.choices}
    kinds = {value: str(label) for value, label in Motion.Kind.choices}
    ballots = {value: str(label) for value, label in Motion.BallotKind.choices}
    sources = {value: str(label) for value, label in MotionResult.Source.choices}
    results = stored_many(motions)
    for motion in motions:
        result = results.get(motion.pk)
        if result is None:
            continue  # not closed: the page shows no result either
        stored = result.stored
        # A result as the sources report it has no rule, so no quorum to meet; and a convening
        # whose date the sources do not give closed its votes at a placeholder time.
        stated = stored.majority_rule != Motion.Rule.NOT_STATED
        closed = None
        if not convening.date_not_stated:
            closed = timezone.localtime(stored.closed_at, convening.tz).replace(tzinfo=None)
        lines = [(channels[c], counts) for c, counts in result.shown_channels.items()]
        lines.append((_("In all"), result.total))
        for channel, counts in lines:
            yield [
                motion.number,
                motion.title,
                kinds.get(motion.kind, motion.kind),
                ballots.get(stored.ballot_kind, stored.ballot_kind),
                result.rule,
                result.quorum if stated else None,
                channel,
                counts.eligible,
                counts.yes,
                counts.no,
                counts.abstain,
                counts.voted,
                (yes if result.quorum_met else no) if stated else "",
                _("Adopted") if result.adopted else _("Rejected"),
                closed,
                sources.get(stored.source, stored.source),
            ]


@require_safe
def results_export(request, slug, fmt):
    # Not visible: 404, as the convening's page answers.
    convening = get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)
    motions = list(convening.motions.filter(status=Motion.Status.CLOSED).order_by("number", "pk"))
    return export.table_response(
        fmt,
        results_header(),
        results_rows(convening, motions),
        name=f"{convening.slug}-results",
        sheet=_("Vote results"),
    )


def report_header() -> list:
    return [
        _("Convening"),
        _("Convening date"),
        _("Number"),
        _("Recommendation"),
        _("Sector"),
        _("Follow-up committee"),
        _("Organization in charge"),
        _("No owner"),
        _("Due date"),
        _("Status"),
        _("Progress (%)"),
        _("Overdue"),
        _("Latest update"),
        _("Latest update by"),
        _("Latest update: note"),
    ]


def report_rows(recommendations):
    yes, no = _("Yes"), _("No")
    unnamed = _("(name not given)")
    statuses = {value: str(label) for value, label in Recommendation.Status.choices}
    today = clock.federation_today()
    zone = clock.federation_zone()
    for chunk in export.chunks(recommendations):
        for recommendation in chunk:
            overdue = (
                recommendation.is_open
                and recommendation.due_date is not None
                and recommendation.due_date < today
            )
            latest = recommendation.latest_updates[0] if recommendation.latest_updates else None
            yield [
                recommendation.convening.title,
                None
                if recommendation.convening.date_not_stated
                else recommendation.convening.local_start.date(),
                recommendation.number,
                recommendation.text,
                recommendation.sector or "",
                recommendation.committee or "",
                recommendation.responsible or "",
                yes if recommendation.is_open and not recommendation.has_owner else no,
                recommendation.due_date,
                statuses.get(recommendation.status, recommendation.status),
                recommendation.progress,
                yes if overdue else no,
                timezone.localtime(latest.created_at, zone).date() if latest else None,
                ((latest.author.name or unnamed) if latest.author else "") if latest else "",
                latest.note if latest else "",
            ]


@require_safe
def report_export(request, fmt):
    """The follow-up report's recommendations: the tracker's visibility and filters, so its
    counts are the page's; malformed filters are refused (400), not ignored."""
    _filterset, recommendations, invalid = filtered(
        request, RecommendationFilter, Recommendation.objects.visible_to(request.user)
    )
    if invalid:
        return export.filters_refused()
    recommendations = (
        recommendations.for_listing()
        .with_owner_flag()
        .prefetch_related(latest_update())
        .order_by("convening__starts_at", "convening__pk", "number", "pk")
    )
    return export.table_response(
        fmt,
        report_header(),
        report_rows(recommendations),
        name="follow-up-report",
        sheet=_("Follow-up report"),
    )
