"""Templates are read by people who will live in them for years: no line runs past 120
characters (a tag that cannot be broken, Django's `{% %}` tags being one line each, is the
only excuse, and there is none today)."""

from pathlib import Path

from django.conf import settings

LIMIT = 120


def test_no_template_line_is_longer_than_the_limit():
    long_lines = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {len(line)} characters"
        for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LIMIT
    ]
    assert not long_lines, "\n".join(long_lines)
