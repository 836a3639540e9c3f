"""The outcomes demo data, read from the TOML files beside this module, one record shape per
kind: `motions.toml` (a past vote with its `tally` per channel), `committees.toml` (committees
and their `seat`s) and `recommendations.toml` (with their progress `update`s, oldest first).
A record taken from a source article names it in `source`, a file of the seeds folder.

Recommendation texts are the articles' words in Arabic, with an English translation. Statuses,
progress, due dates and progress updates are invented for the demo. A due date is either a date
(`due`) or a number of days from the day the demo is first loaded (`due_in_days`), so that the
tracker always has something overdue and something due within the week; once loaded, such a
date stays as it was stored. Convenings, organizations and sectors are named by their slug,
accounts by their e-mail and the people the articles name by their key in the members demo.
"""

import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _read(name, kind):
    with open(HERE / name, "rb") as file:
        records = tomllib.load(file)[kind]
    return [{key: value for key, value in record.items() if key != "source"} for record in records]


MOTIONS = _read("motions.toml", "motion")
COMMITTEES = _read("committees.toml", "committee")
SEATS = _read("committees.toml", "seat")
RECOMMENDATIONS = _read("recommendations.toml", "recommendation")
