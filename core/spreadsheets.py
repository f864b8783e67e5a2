"""Every Excel / CSV file the portal writes goes through here, so what someone typed stays text.

Spreadsheet programs run a cell as a formula when its text starts with ``=`` (openpyxl even writes such a
string as a formula), and — in a CSV file, or when the cell is edited — also with ``+ - @``, a tab or a
carriage return, or the full-width ``＝＋－＠`` a Chinese input method types. An enterprise named
``=HYPERLINK("http://evil","点击")`` would otherwise become a live link in the export an administrator opens
(CSV / formula injection).

- xlsx: user text is written as a string cell (data type ``s``), never a formula or an error code, with
  Excel's "quote prefix" style on formula-like text so editing the cell keeps it text. The value itself is
  unchanged. Control characters that the xlsx format cannot hold are removed instead of failing the export.
- CSV: formula-like text gets a leading apostrophe (a CSV file has no cell types).

Wagtail's own admin exports (reports such as 搜索词 — which holds what visitors searched —, redirects and any
``list_export`` of a ModelAdmin or ViewSet) are routed through the same functions by
:func:`guard_wagtail_exports`, called from ``SitePortalConfig.ready``.
"""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_value(value):
    """The value as an xlsx cell can hold it: text without the control characters the format forbids."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def as_text_cell(cell):
    """Make a cell holding a str a string cell (openpyxl types "=…" as a formula and "#N/A" as an error)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            cell.quotePrefix = True
    return cell


def text_cell(sheet, value):
    """A cell for ``sheet.append`` (normal or write-only workbook) that keeps text as text."""
    return as_text_cell(WriteOnlyCell(sheet, xlsx_value(value)))


def append_row(sheet, values):
    """``sheet.append(values)``, every str written as text. Returns the row's cells."""
    cells = [text_cell(sheet, value) for value in values]
    sheet.append(cells)
    return cells


def csv_text(value):
    """A CSV field: formula-like text gets a leading apostrophe, which spreadsheet programs show as text."""
    if looks_like_formula(value):
        return "'" + value
    return value


def guard_wagtail_exports():
    """Wagtail's SpreadsheetExportMixin (admin ``?export=xlsx`` / ``?export=csv``) turns formula cells back
    into strings in xlsx only for ``=``, and writes CSV fields as they are: route its values through the
    functions above. Wagtail has no setting for this, so its two per-value methods are wrapped."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_portal_guarded", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        return csv_text(value) if export_format == self.FORMAT_CSV else xlsx_value(value)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in xlsx_row(self, worksheet, row_dict, date_format=date_format):
            yield as_text_cell(cell)

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin._portal_guarded = True
