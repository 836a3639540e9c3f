"""Places as they read in the page's language: the smallest first, with the language's comma.

«غازي عنتاب، تركيا» in Arabic and "Gaziantep, Turkey" in English: city before country, and
the Arabic comma (the "list separator" message) where the page is Arabic.
"""

from django.utils.translation import pgettext


def separator() -> str:
    return pgettext("list separator", ", ")


def joined(parts) -> str:
    """The non-empty parts, joined with the language's comma."""
    return separator().join(str(part) for part in parts if part)


def place(*, venue: str = "", city: str = "", country=None) -> str:
    """Venue, city, country (a django_countries Country, a name or None), smallest first."""
    country_name = getattr(country, "name", country) if country else ""
    return joined([venue, city, country_name])
