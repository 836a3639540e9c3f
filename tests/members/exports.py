"""Reading back what an export sent: CSV rows (after its byte order mark) and XLSX rows (with
openpyxl), and the query count of a whole download, streamed body included."""

import csv
import io

import openpyxl
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from members.export import BOM, XLSX_TYPE


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list:
    assert response.status_code == 200, response.status_code
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response).decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == XLSX_TYPE
    return openpyxl.load_workbook(io.BytesIO(body(response)))


def xlsx_rows(response) -> list:
    sheet = workbook(response).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def queries_of_download(client, url, **params) -> int:
    """Queries to answer `url` and send its whole body (a streamed one reads as it sends)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        body(response)
    assert response.status_code == 200
    return len(queries)
