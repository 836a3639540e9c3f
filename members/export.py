"""Exports that spreadsheet programs open as they should, streamed so that a worker's memory
stays flat whatever the number of rows.

CSV is UTF-8 with a byte order mark (so Excel shows Arabic), and a cell that starts like a
formula (= + - @, tab, carriage return) is prefixed with an apostrophe so that no spreadsheet
runs what a user wrote.
"""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

# A spreadsheet program reads a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell(value) -> str:
    """A value as a safe cell: text, never a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Line:
    """csv.writer writes into this and gets back what it wrote: one line at a time."""

    def write(self, value):
        return value


def csv_response(header: list, rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download; `rows` is consumed lazily (pass a queryset's iterator)."""
    writer = csv.writer(_Line())

    def lines():
        yield BOM + writer.writerow([cell(value) for value in header])
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
