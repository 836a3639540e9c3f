"""Declaring what an organization does where: its coordinators and the secretariat add, change
and end its activities; every change is in the audit log."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from .. import audit, clock, roles
from ..errors import Refused
from ..models import Activity, Organization, Place, Sector, User

# What activity_update may change (the organization is fixed once declared).
FIELDS = (
    "sector",
    "country",
    "place",
    "start",
    "end",
    "reached",
    "description_ar",
    "description_en",
)


# The form field each refusal with a code belongs to (the portal's and the admin's forms).
FIELD_OF_REFUSAL = {
    "unknown_sector": "sector",
    "unknown_place": "place",
    "place_outside_country": "place",
    "start_required": "start",
    "end_before_start": "end",
    "reached_invalid": "reached",
}


def _check_may_declare(by, organization) -> None:
    roles.check_may_act_for(
        by,
        organization,
        _(
            "Only a coordinator of %(organization)s or the general secretariat can declare "
            "its activities."
        )
        % {"organization": organization},
    )


def _sector(value) -> Sector:
    if isinstance(value, Sector):
        return value
    sector = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        sector = Sector.objects.filter(pk=int(value)).first()
    elif isinstance(value, str) and value:
        sector = Sector.objects.filter(slug=value).first()
    if sector is None:
        raise Refused(_("This sector is not one of the federation's sectors."), "unknown_sector")
    return sector


def _place(value) -> Place:
    if isinstance(value, Place):
        return value
    place = Place.objects.filter(pk=value).first() if isinstance(value, str) and value else None
    if place is None:
        raise Refused(_("This place is not in the list of places."), "unknown_place")
    return place


def _checked(values: dict) -> dict:
    """The values with sector and place read, and the rules of an activity applied."""
    values = dict(values)
    values["sector"] = _sector(values.get("sector"))
    values["place"] = _place(values.get("place"))
    country = str(getattr(values.get("country"), "code", values.get("country")) or "")
    values["country"] = country
    if values["place"].country.code != country:
        raise Refused(
            _("%(place)s is not in the chosen country.") % {"place": values["place"]},
            "place_outside_country",
        )
    start, end = values.get("start"), values.get("end")
    if not isinstance(start, datetime.date):
        raise Refused(_("Give the day the activity started."), "start_required")
    if end is not None and end < start:
        raise Refused(_("An activity cannot end before it starts."), "end_before_start")
    reached = values.get("reached")
    if reached is not None and (not isinstance(reached, int) or reached < 0):
        raise Refused(_("Beneficiaries reached is a whole number, or empty."), "reached_invalid")
    for language in ("ar", "en"):
        text = (values.get(f"description_{language}") or "").strip()
        if len(text) > Activity._meta.get_field("description").max_length:
            raise Refused(_("The short description is too long."), "description_too_long")
        values[f"description_{language}"] = text
    return values


def _default(field):
    return {"end": None, "reached": None}.get(field, "")


@transaction.atomic
def activity_create(*, by: User, organization: Organization, **fields) -> Activity:
    """Declare an activity of `organization`: sector (a Sector, its id or slug), country (a code),
    place (a Place or its code), start, end (None while it goes on), reached, description_ar/en."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"activity_create() got unexpected fields {sorted(unknown)}")
    _check_may_declare(by, organization)
    values = _checked({field: fields.get(field, _default(field)) for field in FIELDS})
    activity = Activity(
        organization=organization,
        declared_by=by if by is not None and by.is_authenticated else None,
        **values,
    )
    activity.save()
    audit.record(
        actor=by,
        action="activity.create",
        obj=activity,
        changes={field: (None, values[field]) for field in FIELDS},
    )
    return activity


@transaction.atomic
def activity_update(*, by: User, activity: Activity, **fields) -> Activity:
    """Change the fields given; the rules are checked on the activity as it would become."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"activity_update() got unexpected fields {sorted(unknown)}")
    activity = Activity.objects.select_for_update().select_related("place").get(pk=activity.pk)
    _check_may_declare(by, activity.organization)
    before = {field: getattr(activity, field) for field in FIELDS}
    before["country"] = str(activity.country.code or "")
    for language in ("ar", "en"):
        before[f"description_{language}"] = before[f"description_{language}"] or ""
    values = _checked({**before, **fields})
    changes = {
        field: (before[field], values[field]) for field in FIELDS if before[field] != values[field]
    }
    if not changes:
        return activity
    for field in changes:
        setattr(activity, field, values[field])
    activity.save()
    audit.record(actor=by, action="activity.update", obj=activity, changes=changes)
    return activity


def activity_end(*, by: User, activity: Activity, on: datetime.date | None = None) -> Activity:
    """End a going-on activity on `on` (today on the federation's clock by default)."""
    day = on or clock.federation_today()
    if activity.end is not None and activity.end <= day:
        raise Refused(_("This activity has already ended."), "already_ended")
    return activity_update(by=by, activity=activity, end=max(day, activity.start))


def activity_check(**values) -> dict:
    """The rules of an activity on `values` (the admin's form asks before saving): the values
    with sector and place read, or `Refused`."""
    return _checked({field: values.get(field, _default(field)) for field in FIELDS})
