"""Arabic-aware search normalisation, shared by the stored search column and the query.

Both sides go through `normalize`, so hamza forms, ta marbuta, alef maqsura, diacritics,
tatweel and a leading "ال" never change what is found. The stored column is matched with
LIKE '%term%', which PostgreSQL answers from a pg_trgm GIN index (see the migration) and SQLite
answers by a scan: the same answers on both.
"""

import re
import unicodedata

# Tashkeel (fathatan … sukun, and the Quranic marks), superscript alef, tatweel.
_STRIP = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_WORD = re.compile(r"\w+")
_ARTICLE = "ال"


def _strip_article(word):
    # Only when something word-like remains: "الى" stays, "المنظمات" becomes "منظمات".
    if word.startswith(_ARTICLE) and len(word) > len(_ARTICLE) + 1:
        return word[len(_ARTICLE) :]
    return word


def tokens(text):
    """The normalised words of `text`."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = _STRIP.sub("", text).translate(_LETTERS)
    return [_strip_article(word) for word in _WORD.findall(text)]


def normalize(text):
    return " ".join(tokens(text))


def document(*parts):
    """The stored search column: words of every part, each word preceded by a space."""
    words = []
    for part in parts:
        words.extend(tokens(part))
    return " " + " ".join(words) + " " if words else ""
