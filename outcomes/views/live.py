"""The live panel of a convening, for a projector: the open motion's turnout per channel and
whether quorum is reached (never a choice while the vote runs), else the latest closed
motion's stored result and, for a named ballot, its roll call.

The page and its JSON are built from one payload, the same for everyone who may see the
convening, so it is cached for a moment per convening and language: a room full of phones
polling every few seconds costs a handful of queries every LIVE_CACHE_SECONDS.
"""

import contextlib

from django.core.cache import cache
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from events.models import Channel, Convening
from members import pagecache

from .. import results
from ..models import Motion

LIVE_CACHE_SECONDS = 2
REFRESH_SECONDS = 5


def cache_key(convening, language=None) -> str:
    return f"outcomes:live:{convening.pk}:{language or get_language()}"


def live_payload(convening) -> dict:
    """What the panel shows, in the active language; cached for LIVE_CACHE_SECONDS. It holds
    only what anyone who may see the convening may see. PAGE_CACHE=off builds it every time;
    a cache outage builds it too."""
    if not pagecache.enabled():
        return _build(convening)
    key = cache_key(convening)
    try:
        payload = cache.get(key)
    except Exception:
        payload = None
    if payload is None:
        payload = _build(convening)
        with contextlib.suppress(Exception):  # the next request builds it again
            cache.set(key, payload, LIVE_CACHE_SECONDS)
    return payload


def _convening(request, slug):
    return get_object_or_404(Convening.objects.visible_to(request.user), slug=slug)


@require_GET
def convening_live(request, slug):
    convening = _convening(request, slug)
    return render(
        request,
        "outcomes/live.html",
        {"convening": convening, "live": live_payload(convening), "refresh": REFRESH_SECONDS},
    )


@require_GET
@never_cache
def convening_live_json(request, slug):
    convening = _convening(request, slug)
    return JsonResponse(live_payload(convening), json_dumps_params={"ensure_ascii": False})


# The payload ---------------------------------------------------------------------------------


def _local(moment, convening, fmt):
    return date_format(timezone.localtime(moment, convening.tz), fmt)


def _heading(motion):
    return f"{motion.number}. {motion.title}"


def _meta(rule_label, quorum, secret):
    parts = [str(rule_label)]
    if quorum:
        parts.append(_("Quorum %(quorum)s%%") % {"quorum": quorum})
    parts.append(_("Secret ballot") if secret else _("Named ballot"))
    return " · ".join(parts)


def _share(voted, eligible):
    return {
        "voted": voted,
        "eligible": eligible,
        "percent": min(100, round(100 * voted / eligible)) if eligible else 0,
        # "24 / 25" in English, «24 من 25» in Arabic: a slash between two numbers does not read
        # in a right-to-left line's direction.
        "text": pgettext("turnout", "%(voted)s / %(eligible)s")
        % {"voted": voted, "eligible": eligible},
    }


def _open_motion(motion, turnout):
    if not motion.quorum:
        quorum_text = _("No quorum is required.")
    elif turnout.quorum_reached:
        quorum_text = _("Quorum reached (%(quorum)s%% needed).") % {"quorum": motion.quorum}
    else:
        quorum_text = _("Quorum not reached yet (%(quorum)s%% needed).") % {"quorum": motion.quorum}
    return {
        "id": motion.pk,
        "heading": _heading(motion),
        "meta": _meta(motion.get_majority_rule_display(), motion.quorum, motion.is_secret),
        "channels": [
            {"channel": channel, "label": str(Channel(channel).label), **_share(voted, eligible)}
            for channel, (voted, eligible) in turnout.channels.items()
        ],
        "total": {"label": _("In all"), **_share(turnout.voted, turnout.eligible)},
        "quorum": motion.quorum,
        "quorum_reached": turnout.quorum_reached,
        "quorum_text": quorum_text,
        "summary": ngettext(
            "Motion %(number)s: %(voted)s of %(eligible)s organization has voted.",
            "Motion %(number)s: %(voted)s of %(eligible)s organizations have voted.",
            turnout.eligible,
        )
        % {"number": motion.number, "voted": turnout.voted, "eligible": turnout.eligible}
        + " "
        + quorum_text,
    }


def _counts(label, counts, total=False):
    return {
        "label": str(label),
        "yes": counts.yes,
        "no": counts.no,
        "abstain": counts.abstain,
        "total": total,
        **_share(counts.voted, counts.eligible),
    }


def _result(motion, result, convening):
    stored = result.stored
    shown = result.shown_channels
    verdict = _("Adopted") if result.adopted else _("Rejected")
    payload = {
        "id": motion.pk,
        "heading": _heading(motion),
        "meta": _meta(stored.get_majority_rule_display(), stored.quorum, result.is_secret),
        "adopted": result.adopted,
        "verdict": verdict,
        "verdict_note": "" if result.quorum_met else _("quorum not met"),
        "closed_text": _("Closed at %(time)s")
        % {"time": _local(stored.closed_at, convening, "SHORT_DATETIME_FORMAT")},
        "caption": _("Result of motion %(number)s by channel") % {"number": motion.number},
        "headers": [_("Channel"), _("Yes"), _("No"), _("Abstain"), _("Voted / eligible")],
        "rows": [
            *(
                _counts(Channel(channel).label, shown[channel])
                for channel in Channel.values
                if channel in shown
            ),
            _counts(_("In all"), result.total, total=True),
        ],
        "secret_note": (
            _(
                "Secret ballot: a channel where fewer than %(min)s organizations voted is "
                "shown only inside the total."
            )
            % {"min": results.SECRECY_MIN}
            if result.channels and not shown
            else ""
        ),
        "roll_call_heading": _("Roll call"),
        "roll_call": [],
        "summary": _(
            "Motion %(number)s closed: %(verdict)s. Yes %(yes)s, no %(no)s, abstain %(abstain)s."
        )
        % {
            "number": motion.number,
            "verdict": verdict,
            "yes": result.total.yes,
            "no": result.total.no,
            "abstain": result.total.abstain,
        },
    }
    for ballot in results.roll_call(motion):
        payload["roll_call"].append(
            {
                "organization": ballot.organization.name,
                "choice": ballot.choice,
                "choice_label": ballot.get_choice_display(),
                "note": " · ".join(
                    [str(Channel(ballot.channel).label)]
                    + (
                        [_("by proxy, cast by %(holder)s") % {"holder": ballot.proxy.holder.name}]
                        if ballot.proxy_id
                        else []
                    )
                ),
            }
        )
    return payload


def _build(convening) -> dict:
    now = timezone.now()
    payload = {
        "state": "idle",
        "updated_text": _("Updated at %(time)s") % {"time": _local(now, convening, "H:i:s")},
        "heading_open": _("Voting open"),
        "heading_result": _("Latest result"),
        "motions": [],
        "result": None,
        "empty_text": _("No motion is open, and no vote has closed yet at this convening."),
        "summary": "",
    }
    open_motions = list(
        convening.motions.filter(status=Motion.Status.OPEN).order_by("number", "pk")
    )
    if open_motions:
        turnouts = results.turnout_many(open_motions)
        payload["state"] = "open"
        payload["motions"] = [_open_motion(m, turnouts[m.pk]) for m in open_motions]
        payload["summary"] = " ".join(m["summary"] for m in payload["motions"])
        return payload
    latest = (
        convening.motions.filter(status=Motion.Status.CLOSED)
        .order_by(F("closed_at").desc(nulls_last=True), "-number", "-pk")
        .first()
    )
    result = results.stored(latest) if latest is not None else None
    if result is not None:
        payload["state"] = "result"
        payload["result"] = _result(latest, result, convening)
        payload["summary"] = payload["result"]["summary"]
    else:
        payload["summary"] = payload["empty_text"]
    return payload
