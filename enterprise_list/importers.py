"""Excel import of list rows and projects: check the file, validate every row, then write all or nothing.

A file is refused as a whole when it is too big, is not an .xlsx workbook (judged by its content,
not its name), lacks a required column or has too many rows. Otherwise every data row is
validated and each bad row is reported with its Excel line number and the reasons; only a file
without a single bad row is written, in one transaction, as a new draft revision (rows) or new
draft pages (projects) that then go through the channel's review like any other edit.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.money import wan_to_yuan
from enterprise_list.models import (
    EnterpriseListRow,
    ProjectPage,
    ProjectType,
    validate_project_code,
)
from members.models import Industry, Region
from members.uscc import normalise, validate_uscc

MAX_AMOUNT = Decimal("99999999.99")  # 万元: a Decimal(14,2) in yuan
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

# (header, attribute, required)
ROW_COLUMNS = [
    ("企业名称", "enterprise_name", True), ("统一社会信用代码", "credit_code", True),
    ("所属行业", "industry", False), ("所属镇街", "region", False), ("资金需求（万元）", "funding_need_wan", False),
    ("项目情况", "project_summary", False), ("联系人", "contact_person", False), ("联系电话", "contact_phone", False),
]
PROJECT_COLUMNS = [
    ("项目编号", "code", True), ("项目名称", "title", True), ("项目类型", "project_type", True),
    ("金额（万元）", "amount_wan", False), ("内容", "summary", False), ("日期", "date", True),
    ("来源", "source", False), ("备注", "remark", False),
]
ROW_EXAMPLE = ["市海峡精密机械有限公司", "91350100MA31E8B60X", "C 制造业", "高新区街道", 500,
               "数控机床生产线技术改造，需流动资金", "陈立群", "13805910001"]
PROJECT_EXAMPLE = ["R2150", "智能制造产业园二期", "政府项目", 1000, "建设标准厂房及配套设施", "2026-04-27",
                   "市发改委", "(融资)"]


def max_bytes():
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


def read_sheet(uploaded, columns):
    """[(line, {attribute: raw value})] of the first sheet's non-blank data rows, or ImportRefused."""
    from openpyxl import load_workbook

    limit = max_bytes()
    if uploaded.size > limit:
        raise ImportRefused(
            _("文件过大（%(size).1f MB），单个文件不能超过 %(limit).1f MB。")
            % {"size": uploaded.size / 1048576, "limit": limit / 1048576}
        )
    data = uploaded.read(limit + 1)
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
    workbook.close()
    return records


# ---------------------------------------------------------------- cell values


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _amount(value, errors, label):
    text = _text(value).replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(_("%(label)s“%(value)s”不是数字") % {"label": label, "value": text})
        return None
    if not number.is_finite() or number < 0 or number > MAX_AMOUNT:
        errors.append(_("%(label)s应为0到%(max)s之间的数字") % {"label": label, "max": MAX_AMOUNT})
        return None
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _date(value, errors):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        errors.append(_("缺少日期"))
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(_("日期“%(value)s”格式不正确，应如 2026-04-27") % {"value": text})
    return None


def _limited(record, attr, label, length, errors, required=False):
    text = _text(record.get(attr))
    if required and not text:
        errors.append(_("缺少%(label)s") % {"label": label})
    elif len(text) > length:
        errors.append(_("%(label)s超过%(length)d个字") % {"label": label, "length": length})
    return text


def _messages(error):
    return [str(message) for message in error.messages]


class Lookup:
    """Industry (GB/T 4754 code, name or “code name”) and 镇街 (name) lookups, loaded once per file."""

    def __init__(self):
        self.industries = {}
        for industry in Industry.objects.all():
            for key in (industry.code, industry.name, f"{industry.code}{industry.name}"):
                self.industries[key.upper()] = industry
        self.regions = {region.name: region for region in Region.objects.all()}

    def industry(self, value, errors):
        text = "".join(_text(value).split()).upper()
        if not text:
            return None
        if text.isdigit() and len(text) == 1:
            text = "0" + text  # 大类 01–09 typed as a number
        found = self.industries.get(text)
        if found is None:
            errors.append(_("找不到行业“%(value)s”，请填写GB/T 4754门类或大类的代码或名称") % {"value": _text(value)})
        return found

    def region(self, value, errors):
        text = _text(value)
        if not text:
            return None
        found = self.regions.get(text)
        if found is None:
            errors.append(_("找不到镇街“%(value)s”") % {"value": text})
        return found


# ---------------------------------------------------------------- validation


def validate_rows(records, existing_codes=()):
    """Validate enterprise-list rows; ``existing_codes`` are the USCCs already in the list."""
    result, lookup, seen = ImportResult(), Lookup(), {}
    existing = set(existing_codes)
    for line, record in records:
        errors = []
        name = _limited(record, "enterprise_name", _("企业名称"), 255, errors, required=True)
        code = normalise(_text(record["credit_code"]))
        try:
            validate_uscc(code)
        except ValidationError as error:
            errors += _messages(error)
        else:
            if code in seen:
                errors.append(_("统一社会信用代码与第%(line)d行重复") % {"line": seen[code]})
            elif code in existing:
                errors.append(_("该企业（统一社会信用代码）已在本名录中"))
            seen.setdefault(code, line)
        phone = _text(record["contact_phone"]).replace(" ", "")
        if phone and not PHONE_RE.match(phone):
            errors.append(_("联系电话“%(value)s”格式不正确（手机11位，或区号-号码）") % {"value": phone})
        values = {
            "enterprise_name": name,
            "credit_code": code,
            "industry": lookup.industry(record["industry"], errors),
            "region": lookup.region(record["region"], errors),
            "funding_need": wan_to_yuan(_amount(record["funding_need_wan"], errors, _("资金需求"))),
            "project_summary": _limited(record, "project_summary", _("项目情况"), 1000, errors),
            "contact_person": _limited(record, "contact_person", _("联系人"), 40, errors),
            "contact_phone": phone,
        }
        _collect(result, line, errors, values)
    return result


def _project_type(value, errors):
    text = _text(value)
    labels = {str(label): code for code, label in ProjectType.choices}
    if text in labels:
        return labels[text]
    if text in ProjectType.values:
        return text
    errors.append(_("项目类型“%(value)s”无效，可选：%(choices)s") % {"value": text, "choices": "、".join(labels)})
    return None


def validate_projects(records):
    result, seen = ImportResult(), {}
    codes = [_text(record["code"]).upper() for _line, record in records]
    taken = set(ProjectPage.objects.filter(code__in=codes).values_list("code", flat=True))
    for line, record in records:
        errors = []
        code = _text(record["code"]).upper()
        try:
            validate_project_code(code)
        except ValidationError as error:
            errors += _messages(error)
        else:
            if code in seen:
                errors.append(_("项目编号与第%(line)d行重复") % {"line": seen[code]})
            elif code in taken:
                errors.append(_("项目编号%(code)s已存在") % {"code": code})
            seen.setdefault(code, line)
        values = {
            "code": code,
            "title": _limited(record, "title", _("项目名称"), 255, errors, required=True),
            "project_type": _project_type(record["project_type"], errors),
            "amount": wan_to_yuan(_amount(record["amount_wan"], errors, _("金额"))),
            "summary": _limited(record, "summary", _("内容"), 500, errors),
            "date": _date(record["date"], errors),
            "source": _limited(record, "source", _("来源"), 100, errors),
            "remark": _limited(record, "remark", _("备注"), 200, errors),
        }
        _collect(result, line, errors, values)
    return result


def _collect(result, line, errors, values):
    if errors:
        result.errors.append((line, errors))
    else:
        result.records.append(values)


# ---------------------------------------------------------------- writing


def _finish(page, revision, user, action):
    """After a draft is saved: leave it, submit it to the channel's review, or publish it."""
    if action == "publish":
        revision.publish(user=user)
    elif action == "submit" and not page.workflow_in_progress:  # already under review: the new draft joins it
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)


@transaction.atomic
def import_rows(page, uploaded, user, replace=False, action="draft"):
    """Add (or, with ``replace``, substitute) the file's rows to ``page``'s latest draft."""
    draft = page.get_latest_revision_as_object()
    current = [] if replace else list(draft.rows.all())
    result = validate_rows(read_sheet(uploaded, ROW_COLUMNS), [row.credit_code for row in current])
    if not result.ok:
        return result
    rows = current + [EnterpriseListRow(**values) for values in result.records]
    for order, row in enumerate(rows):
        row.sort_order = order
    draft.rows = rows
    revision = draft.save_revision(user=user, log_action=True)
    _finish(page, revision, user, action)
    return result


def _free_slug(parent, slug):
    candidate, n = slug, 1
    while parent.get_children().filter(slug=candidate).exists():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


@transaction.atomic
def import_projects(channel, uploaded, user, action="draft"):
    """Create one draft ProjectPage per row under ``channel``."""
    result = validate_projects(read_sheet(uploaded, PROJECT_COLUMNS))
    if not result.ok:
        return result
    for values in result.records:
        project = ProjectPage(slug=_free_slug(channel, values["code"].lower()), live=False, owner=user, **values)
        channel.add_child(instance=project)
        revision = project.save_revision(user=user, log_action=True)
        _finish(project, revision, user, action)
    return result
