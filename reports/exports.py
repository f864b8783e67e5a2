"""Excel export (openpyxl) of report tables: one sheet per table, numbers as numbers (amounts in 万元,
rates as percentages), so the file holds exactly what the page shows."""

import io
import re

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.money import yuan_to_wan
from core.spreadsheets import append_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value, kind):
    if value is None:
        return None
    if kind == "wan":
        return float(yuan_to_wan(value, 2))
    if kind == "rate":
        return round(value, 4)
    if kind == "int":
        return value
    return str(value)


def workbook(title, period_label, tables):
    book = Workbook()
    book.remove(book.active)
    used = set()
    for table in tables:
        name = re.sub(r"[\\/*?:\[\]]", "", str(table.title))[:28] or table.key
        while name in used:
            name = name[:26] + "_"
        used.add(name)
        sheet = book.create_sheet(name)
        append_row(sheet, [str(title), str(period_label)])[0].font = Font(bold=True)
        for cell in append_row(sheet, [str(column.label) for column in table.columns]):
            cell.font = Font(bold=True)
        for row in table.rows:  # names users typed (enterprises, products) stay text, never a formula
            append_row(sheet, [_cell_value(row.get(column.key), column.kind) for column in table.columns])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 22 if column.kind == "text" else 14
            if column.kind in ("rate", "wan"):
                for cell in sheet[letter][2:]:
                    cell.number_format = "0.0%" if column.kind == "rate" else "#,##0.00"
    return book


def xlsx_response(book, filename):
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
