"""The events part of the demo: the convenings of the source articles and two planned ones.

`manage.py load_demo` (in the federation app) calls `load()` after the members loader, in the
same transaction, with the organizations and accounts that loader returns. The data is in
`convenings.toml`, read by `data`. Loading again changes nothing: convenings are found by slug,
agenda sessions by position, co-organizers and attendance by organization, and each row is saved
only when a value differs; a session's speakers are people the members loader returns, set only
when they differ. The demo registration goes through the registration service, as a
coordinator's would (which records its delegates as people of the organization, reusing those
already there), and only when the organization is not registered yet and registration is still
open.
"""

import datetime

from django.utils import timezone

from members.models import Affiliation

from .. import services
from ..models import AgendaItem, Attendance, Convening, ConveningPartner, Registration
from . import data

# What a convening field holds when the demo data does not name it.
EMPTY = {
    "date_is_approximate": False,
    "date_not_stated": False,
    "place_not_stated": False,
    "venue_name_ar": "",
    "venue_name_en": "",
    "venue_city_ar": "",
    "venue_city_en": "",
    "venue_country": "",
    "online_platform": "",
    "join_url": "",
    "slogan_ar": "",
    "slogan_en": "",
    "summary_ar": "",
    "summary_en": "",
    "visibility": Convening.Visibility.PUBLIC,
    "capacity_room": None,
    "capacity_online": None,
    "registration_deadline": None,
    "reported_room": None,
    "reported_online": None,
    "reported_at_least": False,
    "reported_in_words_ar": "",
    "reported_in_words_en": "",
}
# Keys of a convening's spec that are not its own fields.
RELATED = ("slug", "organizer", "partners", "session", "attendance")
# Keys of an agenda session's spec that are not its own fields.
SESSION_RELATED = ("speakers",)
# What a session field holds when the data does not name it.
SESSION_EMPTY = {
    "topics_ar": "",
    "topics_en": "",
    "facilitators_ar": "",
    "facilitators_en": "",
    "starts_at": None,
}


# The planned convenings are written in the data as if today were this day; a first load moves
# them by whole days so that they stay "a few weeks ahead" whenever the demo is loaded.
WRITTEN_ON = datetime.date(2026, 11, 22)
TIMED = ("starts_at", "ends_at", "registration_deadline")


def _dated(spec, today):
    """The spec with planned convenings' times moved to today's future, or, when the convening
    is already loaded, with its stored times (so a second load changes nothing)."""
    if spec.get("status") != Convening.Status.PLANNED:
        return spec
    stored = Convening.objects.filter(slug=spec["slug"]).first()
    if stored is not None:
        times = {name: getattr(stored, name) for name in TIMED}
        agenda_times = dict(stored.agenda.values_list("position", "starts_at"))
        agenda = [
            {**session, "starts_at": agenda_times.get(n, session.get("starts_at"))}
            for n, session in enumerate(spec["session"], start=1)
        ]
        return {**spec, **times, "session": agenda}
    shift = datetime.timedelta(days=(today - WRITTEN_ON).days)
    moved = {name: spec[name] + shift for name in TIMED if spec.get(name)}
    agenda = [
        {**session, "starts_at": session["starts_at"] + shift}
        if session.get("starts_at")
        else session
        for session in spec["session"]
    ]
    return {**spec, **moved, "session": agenda}


def load(*, changes, organizations, users, people):
    """Load the demo convenings; `organizations` by slug, `users` by e-mail and `people` by key
    come from the members loader. Return the convenings by slug."""
    admin = users["admin@example.org"]
    convenings = {}
    today = timezone.localdate()
    for spec in (_dated(spec, today) for spec in data.CONVENINGS):
        values = {**EMPTY, **{key: value for key, value in spec.items() if key not in RELATED}}
        values["organizer_branch"] = None
        values["organizer_organization"] = organizations.get(spec.get("organizer"))
        convening = changes.upsert(Convening, {"slug": spec["slug"]}, values, validate=True)
        for position, session in enumerate(spec["session"], start=1):
            _load_session(changes, convening, position, session, people)
        for partner in spec.get("partners", ()):
            changes.upsert(
                ConveningPartner,
                {"convening": convening, "organization": organizations[partner["organization"]]},
                {"role": partner["role"]},
            )
        for came in spec.get("attendance", ()):
            slug, channel = came["organization"], came["channel"]
            if channel not in convening.channels():
                raise ValueError(f"{convening.slug} has no {channel} channel ({slug}).")
            changes.upsert(
                Attendance,
                {"convening": convening, "organization": organizations[slug]},
                {"channel": channel, "registered": False, "recorded_by": admin},
            )
        convenings[spec["slug"]] = convening
    _load_registrations(changes, convenings, users)
    return {"convenings": convenings}


def _load_session(changes, convening, position, session, people):
    lookup = {"convening": convening, "position": position}
    new = not AgendaItem.objects.filter(**lookup).exists()
    values = {**SESSION_EMPTY}
    values.update((key, value) for key, value in session.items() if key not in SESSION_RELATED)
    item = changes.upsert(AgendaItem, lookup, values, validate=True)
    speakers = [people[key] for key in session.get("speakers", ())]
    if set(item.speakers.values_list("pk", flat=True)) != {person.pk for person in speakers}:
        item.speakers.set(speakers)
        if not new:  # a new session is already counted as created
            changes.tally(item, created=False)
    return item


def _load_registrations(changes, convenings, users):
    for spec in data.REGISTRATIONS:
        convening = convenings[spec["convening"]]
        user = users[spec["coordinator"]]
        # The organization the account coordinates in the members demo.
        affiliation = (
            Affiliation.objects.filter(user=user, role=Affiliation.Role.COORDINATOR)
            .select_related("organization")
            .order_by("pk")
            .first()
        )
        organization = affiliation.organization
        if Registration.objects.filter(convening=convening, organization=organization).exists():
            continue
        # Once the deadline has passed, a fresh demo shows the convening without registrations
        # rather than failing: the service would refuse them.
        if not convening.registration_is_open():
            continue
        registration = services.registration_create(
            user=user,
            convening=convening,
            organization=organization,
            channel=spec["channel"],
            delegates=[
                services.DelegateData(name=delegate["name"], role=delegate["role"])
                for delegate in spec["delegate"]
            ],
        )
        changes.tally(registration, created=True)


def summary(convenings):
    """One sentence on what the events demo holds."""
    rows = Convening.objects.filter(pk__in=[c.pk for c in convenings.values()])
    held = rows.filter(status=Convening.Status.HELD).count()
    planned = rows.filter(status=Convening.Status.PLANNED).count()
    members_only = rows.filter(visibility=Convening.Visibility.MEMBERS).count()
    sessions = AgendaItem.objects.filter(convening__in=rows).count()
    registrations = Registration.objects.filter(convening__in=rows).count()
    return (
        f"Demo convenings are in place: {rows.count()} convenings ({held} held, {planned} "
        f"planned, {members_only} for members only), {sessions} agenda sessions, "
        f"{registrations} registration{'' if registrations == 1 else 's'}."
    )
