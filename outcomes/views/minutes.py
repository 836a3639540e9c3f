"""A convening's minutes: the page (made to be printed), the PDF and the .docx, and the
secretariat's page to write the discussion, approve and publish them.

Who sees them: draft or approved minutes, the secretariat only; published minutes, whoever may
see the convening. Anyone else gets 404, as if there were no minutes (nothing leaks), and so
does everyone for a convening that has not taken place."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.models import Convening
from members import once, pagecache, roles
from members.errors import NotAllowed, Refused
from members.ids import IdChoiceField

from ..minutes import minutes_record
from ..minutes_document import minutes_blocks
from ..models import Minutes, Motion, MotionResult
from ..services import minutes as services


def _readable_convening(request, slug) -> Convening:
    """The convening whose minutes the visitor may read, or 404."""
    convening = get_object_or_404(
        Convening.objects.visible_to(request.user).for_listing(), slug=slug
    )
    if not services.has_taken_place(convening):
        raise Http404
    if not roles.is_secretariat(request.user) and not (
        Minutes.objects.filter(convening=convening, state=Minutes.State.PUBLISHED).exists()
    ):
        raise Http404
    return convening


def _filename(convening, extension):
    return f"minutes-{convening.slug}-{get_language()}.{extension}"


@require_safe
@pagecache.public_page("members", "events", "outcomes")
def minutes_page(request, slug):
    """SQL cost: constant in the number of organizations, sessions, motions, ballots and
    recommendations (see outcomes.minutes)."""
    convening = _readable_convening(request, slug)
    record = minutes_record(convening)
    return render(
        request,
        "outcomes/minutes.html",
        {
            "convening": convening,
            "record": record,
            "blocks": minutes_blocks(record),
            "secretariat": roles.is_secretariat(request.user),
        },
    )


def _logo(federation):
    if not federation.logo:
        return None
    try:
        with federation.logo.open("rb") as file:
            return file.read()
    except OSError:  # a logo missing from storage: the minutes go without it
        return None


@require_safe
def minutes_pdf(request, slug):
    from ..minutes_pdf import minutes_pdf as draw  # fpdf2 loads only for this page

    convening = _readable_convening(request, slug)
    record = minutes_record(convening)
    content = draw(
        minutes_blocks(record),
        federation_name=str(record.federation.name),
        logo=_logo(record.federation),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(convening, "pdf")}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_safe
def minutes_docx(request, slug):
    from ..minutes_docx import minutes_docx as write

    convening = _readable_convening(request, slug)
    record = minutes_record(convening)
    content = write(minutes_blocks(record), federation_name=str(record.federation.name))
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(convening, "docx")}"'
    return response


# -- the secretariat's page --------------------------------------------------------------------


class DiscussionForm(forms.Form):
    text_ar = forms.CharField(
        label=gettext_lazy("Discussion (Arabic)"),
        required=False,
        widget=forms.Textarea,
        max_length=20_000,
    )
    text_en = forms.CharField(
        label=gettext_lazy("Discussion (English)"),
        required=False,
        widget=forms.Textarea,
        max_length=20_000,
    )


class ApproveForm(forms.Form):
    motion = IdChoiceField(
        label=gettext_lazy("Approved by motion"),
        queryset=Motion.objects.none(),
        required=False,
        empty_label=gettext_lazy("— by the secretariat, today —"),
    )

    def __init__(self, *args, convening, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["motion"]
        field.queryset = approving_motions(convening)
        field.label_from_instance = lambda m: f"{m.convening.title} — {m.number}. {m.title}"


def approving_motions(convening):
    """Adopted motions of later convenings: those that may approve these minutes."""
    adopted = MotionResult.objects.filter(adopted=True).values("motion_id")
    return (
        Motion.objects.filter(
            status=Motion.Status.CLOSED,
            convening__starts_at__gt=convening.starts_at,
            pk__in=adopted,
        )
        .select_related("convening")
        .order_by("convening__starts_at", "number")
    )


def _editable_convening(request, slug) -> Convening:
    convening = get_object_or_404(Convening.objects.for_listing(), slug=slug)
    if roles.is_secretariat(request.user):
        return convening
    if not Convening.objects.visible_to(request.user).filter(pk=convening.pk).exists():
        raise Http404
    raise NotAllowed(_("Only the secretariat can write, approve or publish minutes."))


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, slug):
    convening = _editable_convening(request, slug)
    taken_place = services.has_taken_place(convening)
    minutes = Minutes.objects.filter(convening=convening).first()
    sessions = list(convening.agenda.all())
    discussions = {d.agenda_item_id: d for d in minutes.discussions.all()} if minutes else {}
    sent = None
    if request.method == "POST":
        sent = _post(request, convening, minutes, sessions)
        if not isinstance(sent, dict):
            return sent
    sent = sent or {}
    rows = []
    for item in sessions:
        discussion = discussions.get(item.pk)
        form = sent.get(("discussion", item.pk)) or DiscussionForm(
            prefix=f"s{item.pk}",
            initial={
                "text_ar": discussion.text_ar if discussion else "",
                "text_en": discussion.text_en if discussion else "",
            },
        )
        rows.append((item, form))
    context = {
        "convening": convening,
        "minutes": minutes,
        "taken_place": taken_place,
        "rows": rows,
        "approve_form": sent.get("approve") or ApproveForm(convening=convening),
        "editable": taken_place and (minutes is None or minutes.state == Minutes.State.DRAFT),
    }
    return render(request, "outcomes/minutes_edit.html", context, status=400 if sent else 200)


def _back(convening):
    return redirect(reverse("outcomes:minutes_edit", kwargs={"slug": convening.slug}))


def _post(request, convening, minutes, sessions):
    """Save the discussion, approve or publish; a redirect when it worked, else the sent forms
    (with their errors) to show again."""
    action = request.POST.get("action")
    try:
        if action == "save":
            forms_by_item = {
                item.pk: DiscussionForm(request.POST, prefix=f"s{item.pk}") for item in sessions
            }
            if not all(form.is_valid() for form in forms_by_item.values()):
                return {("discussion", pk): form for pk, form in forms_by_item.items()}

            def write():
                current = services.minutes_start(user=request.user, convening=convening)
                for item in sessions:
                    data = forms_by_item[item.pk].cleaned_data
                    services.minutes_discussion_save(
                        user=request.user,
                        minutes=current,
                        agenda_item=item,
                        text_ar=data["text_ar"],
                        text_en=data["text_en"],
                    )
                return current

            saying = _("The discussion is saved.")
        elif action == "approve":
            form = ApproveForm(request.POST, convening=convening)
            if not form.is_valid():
                return {"approve": form}

            def write():
                current = minutes or services.minutes_start(user=request.user, convening=convening)
                return services.minutes_approve(
                    user=request.user, minutes=current, motion=form.cleaned_data["motion"]
                )

            saying = _("The minutes are approved.")
        elif action == "publish":
            if minutes is None:
                raise Refused(_("Minutes are approved before they are published."))

            def write():
                return services.minutes_publish(user=request.user, minutes=minutes)

            saying = _("The minutes are published.")
        else:
            messages.error(request, once.NOT_UNDERSTOOD)
            return _back(convening)
        sent = once.submit_once(request, write, url=lambda _result: request.get_full_path())
    except NotAllowed:
        raise
    except Refused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return _back(convening)
    messages.info(request, once.ALREADY_SAVED if sent.repeated else saying)
    return redirect(sent.url)
