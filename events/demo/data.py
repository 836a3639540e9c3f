"""The events demo data, read from `convenings.toml` beside this module: the convenings of the
source articles (each naming its article in `source`, a file of the seeds folder) and two
planned convenings invented for the demo, then the demo registrations. One record shape per
kind: a convening with its `partners`, `session`s and `attendance`, a registration with its
`delegate`s.

Dates, places and counts are the articles' where they give them. Where an article gives no date
or place, the convening says "not stated" (`date_not_stated`, `place_not_stated`) and the stored
date only places it in lists; where it gives words rather than a figure ("dozens"), they are
kept in `reported_in_words`. Organizations are named by their slug in the members demo, people
by their key there; an empty organizer means the federation itself organizes.
"""

import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent

with open(HERE / "convenings.toml", "rb") as _file:
    _data = tomllib.load(_file)

CONVENINGS = [
    {key: value for key, value in record.items() if key != "source"}
    for record in _data["convening"]
]
# Made through the registration service, as the account's coordinator would; the organization
# is the one the account coordinates.
REGISTRATIONS = _data["registration"]
