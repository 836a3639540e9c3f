"""Exports that spreadsheet programs open as they should, in the language of the page, with
memory flat whatever the number of rows. Every export of the portal goes through here.

CSV is UTF-8 with a byte order mark (so Excel shows Arabic), streamed one line at a time, and a
cell that starts like a formula (= + - @, tab, carriage return) is prefixed with an apostrophe so
that no spreadsheet runs what a user wrote.

XLSX is written by openpyxl in write-only mode: each row goes to a temporary file as it comes
(nothing is kept per row), the workbook is zipped into another temporary file, and that file is
sent. Text that starts like a formula is stored as text (never a formula) with Excel's quote
prefix, so it reads as written. An Arabic export's sheet reads right to left.

The views hand over a header, an iterator of rows (read through a server-side cursor, in
chunks) and a file name; values are text, numbers, dates and datetimes (an aware one is written
in the federation's zone: spreadsheets know no time zones).
"""

import csv
import datetime
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import clock

# A spreadsheet program reads a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limits: a cell holds at most this many characters, a sheet's name at most 31.
CELL_MAX = 32_767
SHEET_NAME_MAX = 31
# Control characters XML 1.0 cannot hold (openpyxl refuses them); a user could paste one.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _naive(value: datetime.datetime) -> datetime.datetime:
    """A moment as the federation's clock shows it (spreadsheets know no time zones); the
    views give the venue's local time where it matters."""
    if timezone.is_aware(value):
        return timezone.localtime(value, clock.federation_zone()).replace(tzinfo=None)
    return value


def text(value) -> str:
    """A value as the text of a CSV cell (dates in ISO order, which every program reads)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _naive(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def cell(value) -> str:
    """A value as a safe CSV cell: text, never a formula."""
    value = text(value)
    return "'" + value if value.startswith(FORMULA_START) else value


class _Line:
    """csv.writer writes into this and gets back what it wrote: one line at a time."""

    def write(self, value):
        return value


def _in_language(rows: Iterable, language: str | None, batch: int = 500) -> Iterator:
    """The rows, made in `language`: a streamed body is read after the view has returned, when
    the request's language may no longer be the active one. Made `batch` at a time, so that
    switching the language costs nothing per row and a batch is all that is held."""
    iterator = iter(rows)
    while True:
        with translation.override(language):
            made = list(itertools.islice(iterator, batch))
        yield from made
        if len(made) < batch:
            return


def csv_response(header: list, rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download; `rows` is consumed lazily (pass a queryset's iterator)."""
    writer = csv.writer(_Line())
    language = translation.get_language()

    def lines():
        yield BOM + writer.writerow([cell(value) for value in header])
        for row in _in_language(rows, language):
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_name(title: str) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip() or "Sheet"
    return name[:SHEET_NAME_MAX]


def _xlsx_value(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        return _naive(value)
    if value is None or isinstance(value, bool | int | float | datetime.date):
        return value  # numbers stay numbers; dates are written as dates
    value = ILLEGAL.sub("", str(value))[:CELL_MAX]
    if value.startswith(FORMULA_START):
        safe = WriteOnlyCell(sheet, value=value)
        safe.data_type = "s"  # openpyxl would store "=…" as a formula
        safe.quotePrefix = True
        return safe
    return value


def xlsx_response(header: list, rows: Iterable[list], filename: str, *, sheet: str) -> FileResponse:
    """An .xlsx download of one sheet, `header` in bold and frozen, written row by row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_sheet_name(sheet))
    worksheet.sheet_view.rightToLeft = translation.get_language_bidi()
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for value in header:
        title = WriteOnlyCell(worksheet, value=ILLEGAL.sub("", str(value)))
        title.font = bold
        heading.append(title)
    worksheet.append(heading)
    for row in rows:
        worksheet.append([_xlsx_value(worksheet, value) for value in row])
    # Deleted by the system when closed: FileResponse closes it once sent (so no `with`).
    spooled = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(spooled)
    spooled.seek(0)
    return FileResponse(spooled, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def table_response(fmt: str, header: list, rows: Iterable[list], *, name: str, sheet: str):
    """The export in `fmt` ("csv" or "xlsx"), named `name`.csv or `name`.xlsx."""
    if fmt == "xlsx":
        return xlsx_response(header, rows, f"{name}.xlsx", sheet=sheet)
    return csv_response(header, rows, f"{name}.csv")


def label(model, field: str) -> str:
    """A column named as the model's field is (already translated): "Acronym", "Ballot"."""
    return capfirst(model._meta.get_field(field).verbose_name)


def filters_refused() -> HttpResponseBadRequest:
    """The answer to an export whose filters do not validate: the page shows their errors, an
    export (a file) says so in plain text."""
    return HttpResponseBadRequest(
        _("Some filters could not be used. Correct them and search again."),
        content_type="text/plain; charset=utf-8",
    )


def chunks(queryset, size: int = 2000) -> Iterator[list]:
    """The rows of `queryset` in lists of `size`, read through a server-side cursor, so that each
    list can be completed with a few queries (sectors, delegates) before it is written."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
