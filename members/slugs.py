"""Slugs that read well from a name in either language.

Slugs stay ASCII (the URLs' `<slug:…>` converters, links pasted into e-mails and chat): an
English name is slugified as usual, and an Arabic-only name is transliterated letter by letter
first, so «جمعية الخير» gives "jmaya-alkhyr" rather than an empty slug or "organization-7".
"""

import re
import unicodedata

from django.utils.text import slugify

# A plain letter-for-letter romanisation: readable, stable, and free of diacritics.
_ARABIC = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "aa",
    "ٱ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "w",
    "ؤ": "o",
    "ي": "y",
    "ى": "a",
    "ئ": "e",
    "ء": "",
    "پ": "p",
    "چ": "ch",
    "ڤ": "v",
    "گ": "g",
    "ک": "k",
    "ی": "y",
    "،": " ",
    "؛": " ",
    "؟": " ",
}
_ARABIC.update({chr(0x0660 + n): str(n) for n in range(10)})  # Arabic-Indic digits
_ARABIC.update({chr(0x06F0 + n): str(n) for n in range(10)})  # Eastern Arabic-Indic digits
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # tashkeel, tatweel
_TABLE = str.maketrans(_ARABIC)


def transliterate(text: str) -> str:
    """Arabic letters in Latin ones; anything else as it was."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return _MARKS.sub("", text).translate(_TABLE)


def slug_text(text: str, *, max_length: int = 70) -> str:
    """The slug of `text`, from either script; "" when nothing readable is left."""
    return slugify(transliterate(text))[:max_length].strip("-")
