"""Excel (.xlsx) files: the export of a listing's Table and the import templates."""

import datetime
import io
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import append_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(headers, rows, sheet_title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for cell in append_row(sheet, [str(header) for header in headers]):
        cell.font = Font(bold=True)
    for row in rows:
        for cell in append_row(sheet, row):  # user text as text, never a formula
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, (Decimal, float)):
                cell.number_format = "0.00"
    for column, header in zip(sheet.columns, headers, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = max(10, min(40, len(str(header)) * 2 + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(table, title):
    """The listing's table as a download named after the page and today's date."""
    content = workbook_bytes(table.headers, [cells for _url, cells in table.rows], str(title))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return file_response(content, f"{title}-{stamp}.xlsx")


def read_workbook_table(content):
    """[headers, *rows] of the first sheet, as values (for checking an export)."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]

