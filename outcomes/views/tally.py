"""The room tally screen: the convening's tellers record the room's ballots of an open motion in
one submit, see what is already recorded (never a choice while the vote runs) and void a ballot
recorded in error; the secretariat also records reported totals and proxies here."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from events.models import Attendance, Convening
from events.permissions import may_record
from members import once, roles
from members.errors import NotAllowed, Refused
from members.models import Organization

from .. import services
from ..models import Ballot, Motion, Proxy, Tally
from .tally_forms import (
    NOT_UNDERSTOOD,
    ActionForm,
    ProxyForm,
    RoomBallotFormSet,
    TallyForm,
    VoidForm,
)


def _convening(request, slug) -> Convening:
    """The convening, for its tellers and the secretariat; 404 for those who may not see it (so
    its existence does not leak), 403 for the others."""
    convening = get_object_or_404(Convening, slug=slug)
    if may_record(request.user, convening):
        return convening
    if not Convening.objects.visible_to(request.user).filter(pk=convening.pk).exists():
        raise Http404
    raise NotAllowed(
        _("Only the convening's tellers and the secretariat record the room's ballots.")
    )


def _attending(convening):
    """Active members attending the convening: those who may give or hold a proxy."""
    return Organization.objects.filter(
        status__in=Organization.VOTING_STATUSES,
        pk__in=Attendance.objects.filter(convening=convening).values("organization_id"),
    ).by_name()


@dataclass
class Row:
    organization: Organization
    proxy: Proxy | None  # the proxy this organization gave (its ballot is cast by the holder)
    holds: list = field(default_factory=list)  # organizations whose proxy it holds
    ballot: Ballot | None = None
    form: object = None
    void_form: object = None
    error: str = ""


@dataclass
class Section:
    motion: Motion
    rows: list
    formset: object
    errors: list
    voided: list
    tally_forms: list = field(default_factory=list)

    @property
    def recorded(self):
        return sum(1 for row in self.rows if row.ballot is not None)


@login_required
@require_http_methods(["GET", "POST"])
def convening_tally(request, slug):
    convening = _convening(request, slug)
    motions = list(convening.motions.filter(status=Motion.Status.OPEN).order_by("number", "pk"))
    if request.method == "POST":
        return _post(request, convening, motions)
    return _render(request, convening, motions)


def _render(request, convening, motions, *, status=200, bound=None):
    """The screen; `bound` holds a sent form to show again with its errors, keyed by what it
    is for: ("ballots", motion id) → (errors, {organization id: choice}), ("void", ballot id),
    ("tally", motion id, channel) or ("proxy",)."""
    bound = dict(bound or {})
    used = set()
    secretariat = roles.is_secretariat(request.user)
    voters = services.room_voters(motions[0]) if motions else []
    ballots = list(
        Ballot.objects.filter(motion__in=motions)
        .select_related("organization", "recorded_by", "voided_by")
        .order_by("voided_at", "pk")
    )
    live = {(b.motion_id, b.organization_id): b for b in ballots if b.voided_at is None}
    tallies = {}
    if secretariat and motions:
        for tally in Tally.objects.filter(motion__in=motions):
            tallies[tally.motion_id, tally.channel] = tally
    held = {}
    for organization, proxy in voters:
        if proxy is not None:
            held.setdefault(proxy.holder_id, []).append(organization)

    def sent_form(key):
        if key in bound:
            used.add(key)
        return bound.get(key)

    sections = []
    for motion in motions:
        errors, sent = sent_form(("ballots", motion.pk)) or ([], {})
        row_errors = {org: message for org, message in errors if org is not None}
        rows = [
            Row(
                organization,
                proxy,
                held.get(organization.pk, []),
                live.get((motion.pk, organization.pk)),
            )
            for organization, proxy in voters
        ]
        open_rows = [row for row in rows if row.ballot is None]
        formset = RoomBallotFormSet(
            prefix=f"m{motion.pk}",
            initial=[
                {"organization": row.organization.pk, "choice": sent.get(row.organization.pk, "")}
                for row in open_rows
            ],
        )
        for row, form in zip(open_rows, formset.forms, strict=True):
            row.form = form
            row.error = row_errors.get(row.organization.pk, "")
        for row in rows:
            if row.ballot is not None:
                row.void_form = sent_form(("void", row.ballot.pk)) or VoidForm(
                    initial={"ballot": row.ballot.pk}, secret=motion.is_secret
                )
                row.void_form.auto_id = f"id_void{row.ballot.pk}_%s"
        section = Section(
            motion=motion,
            rows=rows,
            formset=formset,
            errors=[message for org, message in errors if org not in row_errors],
            voided=[b for b in ballots if b.motion_id == motion.pk and b.voided_at is not None],
        )
        if secretariat:
            for channel in convening.channels():
                tally = tallies.get((motion.pk, channel.value))
                form = sent_form(("tally", motion.pk, channel.value)) or TallyForm(
                    initial={
                        "channel": channel.value,
                        **(
                            {f: getattr(tally, f) for f in ("eligible", "yes", "no", "abstain")}
                            if tally
                            else {}
                        ),
                    }
                )
                form.auto_id = f"id_t{motion.pk}_{channel.value}_%s"
                section.tally_forms.append((channel, form, tally))
        sections.append(section)

    context = {
        "convening": convening,
        "sections": sections,
        "secretariat": secretariat,
        "choices": Ballot.Choice.choices,
    }
    if secretariat:
        context["proxy_form"] = sent_form(("proxy",)) or ProxyForm(
            organizations=_attending(convening)
        )
        context["proxies"] = Proxy.objects.filter(convening=convening).select_related(
            "giver", "holder", "recorded_by"
        )
    for key in bound.keys() - used:
        # A form sent for something no longer on the screen (the vote closed meanwhile, say):
        # its errors still reach the user.
        for field_errors in bound[key].errors.values():
            for message in field_errors:
                messages.error(request, message)
    return render(request, "outcomes/tally.html", context, status=status)


def _back(convening, anchor=""):
    url = reverse("outcomes:convening_tally", kwargs={"slug": convening.slug})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _save_once(request, write, *, back, saying):
    """Save through members.once (the screen's forms are sent twice by a double tap on a
    tablet) and go `back`; `saying(result)` is the message of the save. Refusals propagate."""
    sent = once.submit_once(request, write, url=lambda _result: back.url)
    if sent.repeated:
        messages.info(request, once.ALREADY_SAVED)
    else:
        messages.success(request, saying(sent.result))
    return redirect(sent.url)


def _post(request, convening, motions):
    action = ActionForm(request.POST)
    if not action.is_valid():
        messages.error(request, NOT_UNDERSTOOD)
        return _back(convening)
    kind = action.cleaned_data["action"]
    if kind in ("tally", "proxy") and not roles.is_secretariat(request.user):
        raise NotAllowed(_("Only the secretariat can do this."))
    if kind == "void":
        return _post_void(request, convening, motions)
    if kind == "proxy":
        return _post_proxy(request, convening, motions)
    motion = next((m for m in motions if m.pk == action.cleaned_data["motion"]), None)
    if motion is None:
        messages.error(request, _("This motion is not open for a vote; nothing was saved."))
        return _back(convening)
    if kind == "tally":
        return _post_tally(request, convening, motions, motion)
    return _post_ballots(request, convening, motions, motion)


def _post_ballots(request, convening, motions, motion):
    formset = RoomBallotFormSet(request.POST, prefix=f"m{motion.pk}")
    valid = formset.is_valid()
    if valid:
        known = set(
            Organization.objects.filter(pk__in=formset.choices).values_list("pk", flat=True)
        )
        if known != set(formset.choices):
            valid = False
            formset.non_form_errors().append(NOT_UNDERSTOOD)
    if not valid:
        return _render(
            request,
            convening,
            motions,
            status=400,
            bound={("ballots", motion.pk): (_formset_errors(formset), _sent_choices(formset))},
        )
    back = _back(convening, f"motion-{motion.pk}")
    try:
        sent = once.submit_once(
            request,
            lambda: services.room_ballots_record(
                user=request.user, motion=motion, choices=formset.choices
            ),
            url=lambda _outcome: back.url,
        )
    except Refused as error:
        messages.error(request, " ".join(error.messages))
        return _back(convening)
    if sent.repeated:  # the same submit twice: its ballots were saved by the first
        messages.info(request, once.ALREADY_SAVED)
        return redirect(sent.url)
    outcome = sent.result
    saved = len(outcome.saved)
    if saved:
        messages.success(
            request,
            ngettext("%(count)d ballot saved.", "%(count)d ballots saved.", saved)
            % {"count": saved},
        )
    if outcome.refused:
        messages.error(
            request,
            ngettext(
                "%(count)d ballot was not saved:",
                "%(count)d ballots were not saved:",
                len(outcome.refused),
            )
            % {"count": len(outcome.refused)},
        )
        for _organization, message in outcome.refused:
            messages.error(request, message)
    return back


def _formset_errors(formset):
    """[(organization id or None, message)]: each row's error on its row, the rest above."""
    errors = [(None, message) for message in formset.non_form_errors()]
    for form in formset.forms:
        messages_ = [m for field_errors in form.errors.values() for m in field_errors]
        if not messages_:
            continue
        organization = (
            form.cleaned_data.get("organization") if hasattr(form, "cleaned_data") else None
        )
        for message in dict.fromkeys(messages_):
            errors.append((organization, message))
    return errors


def _sent_choices(formset):
    """The choices sent, to show them again (only well-formed ones)."""
    sent = {}
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("organization") and data.get("choice"):
            sent[data["organization"]] = data["choice"]
    return sent


def _post_void(request, convening, motions):
    form = VoidForm(request.POST, secret=True)
    ballot = None
    if form.is_valid() or "ballot" in form.cleaned_data:
        ballot = (
            Ballot.objects.filter(pk=form.cleaned_data["ballot"], motion__convening=convening)
            .select_related("motion", "organization")
            .first()
        )
    if ballot is None:
        messages.error(request, NOT_UNDERSTOOD)
        return _back(convening)
    form = VoidForm(request.POST, secret=ballot.motion.is_secret)
    if form.is_valid():
        try:
            return _save_once(
                request,
                lambda: services.ballot_void(
                    user=request.user,
                    ballot=ballot,
                    reason=form.cleaned_data["reason"],
                    secret_choice=form.cleaned_data.get("secret_choice") or None,
                ),
                back=_back(convening, f"motion-{ballot.motion_id}"),
                saying=lambda _ballot: (
                    _("The ballot of %(organization)s is void; it may be recorded again.")
                    % {"organization": ballot.organization}
                ),
            )
        except Refused as error:
            for message in error.messages:
                form.add_error(None, message)
    return _render(request, convening, motions, status=400, bound={("void", ballot.pk): form})


def _post_tally(request, convening, motions, motion):
    form = TallyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            return _save_once(
                request,
                lambda: services.tally_record(
                    user=request.user,
                    motion=motion,
                    channel=data["channel"],
                    eligible=data["eligible"],
                    yes=data["yes"],
                    no=data["no"],
                    abstain=data["abstain"],
                ),
                back=_back(convening, f"motion-{motion.pk}"),
                saying=lambda _tally: _("The reported totals are saved."),
            )
        except Refused as error:
            for message in error.messages:
                form.add_error(None, message)
    channel = form.cleaned_data.get("channel")
    return _render(
        request, convening, motions, status=400, bound={("tally", motion.pk, channel): form}
    )


def _post_proxy(request, convening, motions):
    form = ProxyForm(request.POST, request.FILES, organizations=_attending(convening))
    if form.is_valid():
        try:
            return _save_once(
                request,
                lambda: services.proxy_record(
                    user=request.user,
                    convening=convening,
                    giver=form.cleaned_data["giver"],
                    holder=form.cleaned_data["holder"],
                    letter=form.cleaned_data["letter"],
                ),
                back=_back(convening, "proxies"),
                saying=lambda proxy: (
                    _("%(holder)s now holds the proxy of %(giver)s.")
                    % {"holder": proxy.holder, "giver": proxy.giver}
                ),
            )
        except Refused as error:
            form.add_refusal(error)
    return _render(request, convening, motions, status=400, bound={("proxy",): form})
