"""The kept dataset of places: first-level divisions (ISO 3166-2 codes) with Arabic and English
names, in members/data/places.json. Loaded into Place after every migrate and every flush (which
empties the table in tests), like the roles: the file is the one definition, so a name corrected
there reaches the table; rows are only added or renamed, never deleted (activities point at
them). No network is needed: `make run` and `load_demo` find the places already there.
"""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "places.json"


@cache
def dataset() -> dict:
    """{country code: [{"code", "name_ar", "name_en"}, …]} as the file has it."""
    return json.loads(DATA.read_text(encoding="utf-8"))["places"]


def countries() -> list[str]:
    """The countries whose divisions the dataset holds."""
    return sorted(dataset())


def ensure_places(**kwargs) -> None:
    """Add the dataset's places that are missing and rename those whose names changed
    (idempotent; three queries when nothing changed)."""
    from .models import Place

    existing = {place.code: place for place in Place.objects.all()}
    missing, renamed = [], []
    for country, rows in dataset().items():
        for row in rows:
            place = existing.get(row["code"])
            if place is None:
                missing.append(
                    Place(
                        code=row["code"],
                        country=country,
                        name=row["name_en"],
                        name_ar=row["name_ar"],
                        name_en=row["name_en"],
                    )
                )
            elif (place.name_ar, place.name_en) != (row["name_ar"], row["name_en"]):
                place.name_ar, place.name_en = row["name_ar"], row["name_en"]
                renamed.append(place)
    if missing:
        Place.objects.bulk_create(missing)
    if renamed:
        Place.objects.bulk_update(renamed, ["name_ar", "name_en"])
