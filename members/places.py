"""Places as they read in the page's language: the smallest first, with the language's comma.

«غازي عنتاب، تركيا» in Arabic and "Gaziantep, Turkey" in English: city before country, and
the Arabic comma (the "list separator" message) where the page is Arabic.
"""

import functools

from django.utils.translation import get_language, pgettext
from django_countries import countries

from . import collation


def separator() -> str:
    return pgettext("list separator", ", ")


def joined(parts) -> str:
    """The non-empty parts, joined with the language's comma."""
    return separator().join(str(part) for part in parts if part)


def place(*, venue: str = "", city: str = "", country=None) -> str:
    """Venue, city, country (a django_countries Country, a name or None), smallest first."""
    name = getattr(country, "name", country) if country else ""
    return joined([venue, city, name])


def country_name(code: str) -> str:
    """A country's name in the page's language. django_countries translates its whole list
    to answer one name; the names are fixed for a release, so each is looked up once."""
    return _country_name(get_language(), code)


@functools.cache
def _country_name(language, code):
    # `language` is only the key: the name comes from the language active at the first call.
    return str(countries.name(code))


def country_choices(codes) -> list[tuple[str, str]]:
    """(code, name) of the countries `codes` (blanks left out), named in the page's language
    and in its alphabetical order (members.collation): every list of countries a visitor
    picks from. Sorted once per language and set of countries."""
    return _country_choices(get_language(), tuple(sorted({code for code in codes if code})))


@functools.lru_cache(maxsize=64)
def _country_choices(language, codes):
    return sorted(
        ((code, country_name(code)) for code in codes),
        key=lambda choice: collation.sort_key(choice[1]),
    )
