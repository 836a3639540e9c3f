"""The members demo data, read from the TOML files beside this module: `federation.toml` (the
federation, sectors, branches, boards, accounts), `organizations.toml` and `people.toml`, one
record shape per kind. A record taken from a source article names it in `source` (a file of
the seeds folder); the loaders ignore that key.

Real unions, organizations and partners appear as the articles describe them; facts an article
does not give (a headquarters city, say) are left out rather than invented. The fictional
organizations that fill the directory say so in their description, in both languages.
"""

import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read(name):
    """One TOML file of this folder, as dicts and lists."""
    with open(HERE / name, "rb") as file:
        return tomllib.load(file)


def without_source(record):
    return {key: value for key, value in record.items() if key != "source"}


_federation = read("federation.toml")
_organizations = read("organizations.toml")
_people = read("people.toml")

PASSWORD = _federation["password"]
FEDERATION = without_source(_federation["federation"])
# Positions follow the file's order.
SECTORS = _federation["sector"]
BRANCHES = _federation["branch"]
BOARD_TERM_START = _federation["board_term_start"]
# The chairs of the current boards form the general secretariat.
BOARDS = _federation["board"]
# The role "admin" is a superuser; every account has its person, named in the account's
# language (and in the other one when `name_other` is given), of the account's organization.
ACCOUNTS = _federation["account"]


def _organization(record):
    """The record as the loader wants it: a fictional one's description starts by saying so."""
    record = without_source(record)
    if record.pop("fictional", False):
        for language in ("ar", "en"):
            note = _organizations[f"fictional_note_{language}"]
            record[f"description_{language}"] = f"{note} {record[f'description_{language}']}"
    return record


ORGANIZATIONS = [_organization(record) for record in _organizations["organization"]]
# The people the articles name with the office they held that day (from that day, no end).
OFFICERS = [without_source(record) for record in _people["officer"]]
# People the articles name without an office of the members layer.
PEOPLE = [without_source(record) for record in _people.get("person", [])]
