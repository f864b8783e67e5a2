"""Excel import of list rows and projects: check the file, validate every row, then write all or nothing.

A file is refused as a whole when it is too big, is not an .xlsx workbook (judged by its content,
not its name), lacks a required column or has too many rows. Otherwise every data row is
validated and each bad row is reported with its Excel line number and the reasons; only a file
without a single bad row is written, in one transaction, as a new draft revision (rows) or new
draft pages (projects) that then go through the channel's review like any other edit.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.money import wan_to_yuan
from core.spreadsheets import ImportRefused, ImportResult, cell_date, max_bytes, max_rows, read_sheet  # noqa: F401
from core.spreadsheets import cell_text as _text
from enterprise_list.models import (
    EnterpriseListRow,
    ProjectPage,
    ProjectType,
    validate_project_code,
)
from members.models import Industry, Region
from members.uscc import credit_code_cell

MAX_AMOUNT = Decimal("99999999.99")  # 万元: a Decimal(14,2) in yuan
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")

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


# ---------------------------------------------------------------- cell values


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
    try:
        day = cell_date(value)
    except ValueError as not_a_date:
        errors.append(_("日期“%(value)s”格式不正确，应如 2026-04-27") % {"value": not_a_date.args[0]})
        return None
    if day is None:
        errors.append(_("缺少日期"))
    return day


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
        code, valid = credit_code_cell(_text(record["credit_code"]), errors)
        if valid:
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
