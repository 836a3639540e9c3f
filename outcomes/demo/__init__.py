"""The outcomes part of the demo: the Istanbul vote, follow-up committees, recommendations.

`manage.py load_demo` (in the federation app) calls `load()` after the events loader, in the
same transaction, with what the lower layers' loaders return. The data is in TOML files, read by
`data`. Loading again changes nothing: motions and recommendations are found by convening and
number, tallies by motion and channel, committees by slug, open seats by committee and person,
progress updates by recommendation and date, and each row is saved only when a value differs.
Tallies are checked against the convening's attendance as the secretariat's would be. A due date
given in days from today is set when the recommendation is first created and kept afterwards, so
a later load, on whatever day, moves nothing.
"""

import datetime

from django.utils import timezone

from .. import services
from ..models import Committee, CommitteeMember, Motion, ProgressUpdate, Recommendation
from . import data

# What a recommendation field holds when the demo data does not name it.
EMPTY = {"sector": None, "motion": None, "committee": None, "responsible": None, "due_date": None}


def load(*, changes, convenings, organizations, sectors, users, people):
    """Load the demo outcomes; `convenings` come from the events loader, `organizations`,
    `sectors` (by slug), `users` (by e-mail) and `people` (the accounts' by e-mail, the others
    by key) from the members loader. Return the motions, committees and recommendations."""
    motions = {
        (spec["convening"], spec["number"]): _load_motion(
            changes, spec, convenings, users["admin@example.org"]
        )
        for spec in data.MOTIONS
    }
    committees = {
        spec["slug"]: changes.upsert(
            Committee,
            {"slug": spec["slug"]},
            {
                **{key: value for key, value in spec.items() if key not in ("slug", "convening")},
                "convening": convenings[spec["convening"]],
                "is_active": True,
            },
            validate=True,
        )
        for spec in data.COMMITTEES
    }
    for seat in data.SEATS:
        committee, person = committees[seat["committee"]], people[seat["holder"]]
        role = seat["role"]
        # No service writes seats yet: the model's own checks (full_clean) guard them.
        changes.upsert(
            CommitteeMember,
            {"committee": committee, "person": person, "ends_on": None},
            {
                "role": role,
                "organization": person.organization,
                "starts_on": committee.convening.local_start.date(),
            },
            validate=True,
        )
    today = timezone.localdate()
    recommendations = [
        _load_recommendation(
            changes, spec, today, convenings, motions, committees, organizations, sectors, users
        )
        for spec in data.RECOMMENDATIONS
    ]
    return {
        "motions": list(motions.values()),
        "committees": committees,
        "recommendations": recommendations,
    }


def _load_motion(changes, spec, convenings, secretariat):
    """A past vote known by its totals goes through the services as the secretariat would
    record it: the draft motion, its tallies, then closed as of its date with its result
    stored. A motion already closed is left as it is (its record never changes)."""
    convening = convenings[spec["convening"]]
    skip = ("convening", "tally", "status", "opened_at", "closed_at")
    values = {"reported_result": "", **{key: v for key, v in spec.items() if key not in skip}}
    number = values.pop("number")
    stored = Motion.objects.filter(convening=convening, number=number).first()
    if stored is not None and stored.status != Motion.Status.DRAFT:
        return stored
    motion = changes.upsert(
        Motion, {"convening": convening, "number": number}, values, validate=True
    )
    for counts in spec["tally"]:
        tally = services.tally_record(
            user=secretariat,
            motion=motion,
            channel=counts["channel"],
            eligible=counts["eligible"],
            yes=counts["yes"],
            no=counts["no"],
            abstain=counts["abstain"],
        )
        changes.tally(tally, True)
    services.motion_record_past(
        user=secretariat, motion=motion, opened_at=spec["opened_at"], closed_at=spec["closed_at"]
    )
    return motion


def _due_date(spec, convening, today):
    """The spec's due date; one given in days from today is computed only for a new row."""
    if "due_in_days" not in spec:
        return spec.get("due")
    stored = Recommendation.objects.filter(convening=convening, number=spec["number"]).first()
    if stored is not None:
        return stored.due_date
    due = today + datetime.timedelta(days=spec["due_in_days"])
    # Never before the convening, which the model would refuse.
    return max(due, convening.local_start.date())


def _load_recommendation(
    changes, spec, today, convenings, motions, committees, organizations, sectors, users
):
    convening = convenings[spec["convening"]]
    values = {
        **EMPTY,
        "text_ar": spec["text_ar"],
        "text_en": spec["text_en"],
        "status": spec["status"],
        "progress": spec["progress"],
        "due_date": _due_date(spec, convening, today),
    }
    if spec.get("sector"):
        values["sector"] = sectors[spec["sector"]]
    if spec.get("motion"):
        values["motion"] = motions[(spec["convening"], spec["motion"])]
    if spec.get("committee"):
        values["committee"] = committees[spec["committee"]]
    if spec.get("responsible"):
        values["responsible"] = organizations[spec["responsible"]]
    recommendation = changes.upsert(
        Recommendation, {"convening": convening, "number": spec["number"]}, values, validate=True
    )
    from_status = Recommendation.Status.NOT_STARTED
    for update in spec.get("update", ()):
        changes.upsert(
            ProgressUpdate,
            {"recommendation": recommendation, "created_at": update["created_at"]},
            {
                "author": users[update["author"]],
                "note_ar": update["note_ar"],
                "note_en": update["note_en"],
                "from_status": from_status,
                "to_status": update["to_status"],
                "progress": update["progress"],
            },
            validate=True,
        )
        from_status = update["to_status"]
    return recommendation


def summary(outcomes):
    """One sentence on what the outcomes demo holds."""
    rows = Recommendation.objects.filter(pk__in=[r.pk for r in outcomes["recommendations"]])
    committees = Committee.objects.filter(pk__in=[c.pk for c in outcomes["committees"].values()])
    seats = CommitteeMember.objects.filter(committee__in=committees).count()
    done = rows.filter(status=Recommendation.Status.DONE).count()
    still_open = rows.open().count()
    overdue = rows.overdue().count()
    updates = ProgressUpdate.objects.filter(recommendation__in=rows).count()
    motions = len(outcomes["motions"])
    return (
        f"Demo outcomes are in place: {motions} motion{'' if motions == 1 else 's'} put to a "
        f"vote, {committees.count()} follow-up committees ({seats} seats), "
        f"{rows.count()} recommendations ({done} done, {still_open} open, {overdue} overdue), "
        f"{updates} progress updates."
    )
