"""The demo's activities (who does what where), from activities.toml, declared through the
activity services by the demo's administrator. Loading again changes nothing: an activity is
found by organization, sector, place and start."""

import tomllib
from pathlib import Path

from ..models import Activity, Place
from ..services import activities as services

HERE = Path(__file__).resolve().parent


def records() -> tuple[dict, list]:
    with open(HERE / "activities.toml", "rb") as file:
        data = tomllib.load(file)
    return data, data["activity"]


def load(*, changes, organizations: dict, users: dict) -> list[Activity]:
    data, specs = records()
    admin = users["admin@example.org"]
    places = Place.objects.in_bulk([spec["place"] for spec in specs])
    loaded = []
    for spec in specs:
        organization = organizations[spec["organization"]]
        place = places[spec["place"]]
        note = "fictional" if spec.get("fictional") else "not_stated"
        wanted = {
            "end": spec.get("end"),
            "reached": spec.get("reached"),
            "description_ar": data[f"{note}_ar"],
            "description_en": data[f"{note}_en"],
        }
        activity = Activity.objects.filter(
            organization=organization,
            sector__slug=spec["sector"],
            place=place,
            start=spec["start"],
        ).first()
        if activity is None:
            activity = services.activity_create(
                by=admin,
                organization=organization,
                sector=spec["sector"],
                country=place.country.code,
                place=place,
                start=spec["start"],
                **wanted,
            )
            changes.tally(activity, True)
        elif any(getattr(activity, field) != value for field, value in wanted.items()):
            activity = services.activity_update(by=admin, activity=activity, **wanted)
            changes.tally(activity, False)
        loaded.append(activity)
    return loaded


def summary(activities) -> str:
    places = {activity.place_id for activity in activities}
    return f"Presence: {len(activities)} activities in {len(places)} places."
