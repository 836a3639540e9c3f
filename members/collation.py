"""Sorting names as a reader of the page's language expects, without a collation library.

django_countries sorts by an ASCII-folded name unless pyuca is installed, so Arabic names
(which fold to nothing) kept the English order. `sort_key` orders Arabic by its alphabet
(Unicode's Arabic block is in the hijā'ī order): hamza seats, diacritics and tatweel do not
count, ta marbuta sorts as ha and alef maqsura as ya; Latin text sorts without accents or case.
`LocalizedCountries` gives the country choice lists that order in both languages.
"""

import re
import unicodedata

from django.utils.translation import get_language
from django_countries import Countries

_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # tashkeel, tatweel
_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "ٱ": "ا"})


def sort_key(text) -> tuple[str, str]:
    """A key sorting `text` in alphabetical order, in Arabic as in Latin script."""
    text = str(text or "")
    # NFKD splits hamza and madda from their seats (أ → ا + hamza above), accents from Latin
    # letters; the combining marks are then dropped.
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    folded = _MARKS.sub("", folded).translate(_LETTERS).casefold()
    return (folded, text)


class LocalizedCountries(Countries):
    """Countries in the active language's alphabetical order (cached per language)."""

    def __iter__(self):
        language = get_language()
        cache = self.__dict__.setdefault("_sorted_by_language", {})
        if language not in cache:
            cache[language] = sorted(super().__iter__(), key=lambda country: sort_key(country.name))
        yield from cache[language]


countries = LocalizedCountries()
