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

Every Excel file the portal reads (list, project, blacklist and external credit record imports; the last also
takes CSV) goes through :func:`read_sheet`:
the file is refused as a whole when it is too big, not an .xlsx workbook (judged by its content), lacks a
required column or has too many rows; each importer then validates every row and writes all or nothing.

Wagtail's own admin exports (reports such as 搜索词 — which holds what visitors searched —, redirects and any
``list_export`` of a ModelAdmin or ViewSet) are routed through the same functions by
:func:`guard_wagtail_exports`, called from ``SitePortalConfig.ready``.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
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


# ---------------------------------------------------------------- reading an uploaded workbook


def max_bytes():
    """The largest upload an import reads (ENTERPRISE_LIST_IMPORT_MAX_BYTES, the first importer's setting)."""
    return getattr(settings, "ENTERPRISE_LIST_IMPORT_MAX_BYTES", 2 * 1024 * 1024)


def max_rows():
    return getattr(settings, "ENTERPRISE_LIST_IMPORT_MAX_ROWS", 2000)


class ImportRefused(Exception):
    """The file as a whole cannot be imported (size, format, columns, row count)."""


@dataclass
class ImportResult:
    records: list = field(default_factory=list)  # validated values, one dict per data row
    errors: list = field(default_factory=list)  # [(line, [reason, ...])]

    @property
    def ok(self):
        return not self.errors


# ---------------------------------------------------------------- reading the file


def _header_key(value):
    text = str(value or "").replace("*", "").replace("(", "（").replace(")", "）")
    return "".join(text.split())


def _check_container(data):
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRefused(_("这是旧版Excel（.xls）文件，请在Excel中另存为“Excel工作簿（.xlsx）”后再导入。"))
    not_excel = ImportRefused(_("文件不是Excel工作簿（.xlsx），请使用下载的模板填写后上传。"))
    if data[:4] != b"PK\x03\x04":
        raise not_excel
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise not_excel from None
    if "xl/workbook.xml" not in names:
        raise not_excel
    if unpacked > 20 * max_bytes():  # a small zip that unpacks to gigabytes
        raise ImportRefused(_("文件解压后过大，无法导入。"))


def _damaged():
    return ImportRefused(_("无法读取该Excel文件，文件可能已损坏。"))


def _sheet_rows(sheet):
    """The sheet's rows as values. A read-only workbook is parsed as it is read, so damage after the first
    rows (a cut-off sheet, invalid XML, a bad date) shows up here, not when the file is opened."""
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
            raise _damaged() from None
        yield values


def _csv_rows(data):
    """The rows of a CSV file: UTF-8 (with or without BOM) or GB18030, which is what Excel on a Chinese
    system writes when it saves as CSV."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused(_("无法识别CSV文件的编码，请另存为 UTF-8 编码的CSV或Excel工作簿（.xlsx）。"))
    if "\x00" in text:
        raise ImportRefused(_("文件不是CSV文本文件，请使用下载的模板填写后上传。"))
    try:
        return [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise ImportRefused(_("无法读取该CSV文件，请检查引号和分隔符。")) from None


def read_sheet(uploaded, columns, *, csv_allowed=False):
    """[(line, {attribute: raw value})] of the first sheet's non-blank data rows, or ImportRefused. With
    ``csv_allowed``, a file named ``*.csv`` is read as CSV text under the same rules."""
    from openpyxl import load_workbook

    limit = max_bytes()
    if uploaded.size > limit:
        raise ImportRefused(
            _("文件过大（%(size).1f MB），单个文件不能超过 %(limit).1f MB。")
            % {"size": uploaded.size / 1048576, "limit": limit / 1048576}
        )
    data = uploaded.read(limit + 1)
    workbook = None
    if csv_allowed and (uploaded.name or "").lower().endswith(".csv"):
        lines = iter(_csv_rows(data))
    else:
        _check_container(data)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            lines = _sheet_rows(workbook.worksheets[0])
        except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
            raise _damaged() from None
    header = next(lines, None) or ()
    positions = {_header_key(value): index for index, value in enumerate(header)}
    missing = [name for name, _attr, required in columns if required and _header_key(name) not in positions]
    if missing:
        raise ImportRefused(_("表头缺少必填列：%(columns)s。请使用下载的模板。") % {"columns": "、".join(missing)})
    records, rows_limit = [], max_rows()
    for line, values in enumerate(lines, start=2):
        if not any(value not in (None, "") and str(value).strip() for value in values):
            continue
        if len(records) >= rows_limit:
            raise ImportRefused(_("数据行数超过上限：一次最多导入 %(limit)d 行，请分批导入。") % {"limit": rows_limit})
        record = {}
        for name, attr, _required in columns:
            index = positions.get(_header_key(name))
            record[attr] = values[index] if index is not None and index < len(values) else None
        records.append((line, record))
    if workbook is not None:
        workbook.close()
    return records


def cell_text(value):
    """A cell as trimmed text (an Excel whole number such as 13805910001.0 without its ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# the ways a date is typed into a sheet's text cell (an Excel date cell arrives as a date)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def cell_date(value):
    """A cell as a date: an Excel date, or text in one of DATE_FORMATS; None when the cell is empty. Raises
    ValueError (its argument the text) when it is not a date, for each importer to say so in its own words."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def limited_texts(raw, limits, labels, errors):
    """The text cells named in ``limits`` ({attribute: most characters}), trimmed; a cell over its limit adds
    an error naming its column (``labels``)."""
    values = {}
    for attr, limit in limits.items():
        values[attr] = cell_text(raw[attr])
        if len(values[attr]) > limit:
            errors.append(_("%(label)s超过%(limit)d个字") % {"label": labels[attr], "limit": limit})
    return values
