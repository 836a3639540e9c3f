"""The project's templates, read without their indentation.

Templates are indented for the people who read them, but a loop repeats its indentation in
every row: the minutes of a convening of 500 organizations carried 98 KB of spaces in 163 KB.
Between HTML elements, a line break followed by spaces renders exactly as the line break
alone, so this loader drops the spaces at the start of each line as it reads a template; the
cached loader above it does that once per process. Left as written: `<pre>` and `<textarea>`
(where every space shows) and `{% blocktranslate %}` without `trimmed` (its text is the
message id, which must match the catalogue's).
"""

import re

from django.template.loaders import filesystem

_KEEP = re.compile(
    r"<pre\b.*?</pre>"
    r"|<textarea\b.*?</textarea>"
    r"|\{%\s*blocktrans(?:late)?\b(?![^%]*\btrimmed\b)[^%]*%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}",
    re.DOTALL,
)
_INDENT = re.compile(r"\n[ \t]+")


def dedent(source: str) -> str:
    """`source` without the spaces and tabs that begin its lines, but in the spans above."""
    parts, end = [], 0
    for kept in _KEEP.finditer(source):
        parts.append(_INDENT.sub("\n", source[end : kept.start()]))
        parts.append(kept.group())
        end = kept.end()
    parts.append(_INDENT.sub("\n", source[end:]))
    return "".join(parts)


class Loader(filesystem.Loader):
    """Django's filesystem loader, for .html templates without their indentation (text
    e-mails and other files are read as they are)."""

    def get_contents(self, origin):
        contents = super().get_contents(origin)
        return dedent(contents) if origin.name.endswith(".html") else contents
