"""External credit records (纳税信用等级, 社保缴纳人数, 公积金, 行政处罚, 失信, 水电) from the local data-sharing
exchange: the file importer and the provider interface the pages read through.

**Importer** (docs/credit-records.md): an Excel (.xlsx) or CSV file, one record a row, read by
core.spreadsheets.read_sheet and validated row by row like the list and blacklist imports; any bad row and
nothing is written, each bad row reported with its line and reasons. A row whose (code, category, period,
source) is already stored updates that record, so importing the same file twice changes nothing.

**Providers**: pages ask :func:`records_for` (enterprise), which asks the provider named by the setting
``CREDIT_RECORD_PROVIDER`` (a dotted path to a class). The default, :class:`ImportedRecords`, reads what the
importer stored. A live provider (the exchange's API) implements the same one method and returns objects with
the attributes of CreditRecord that the pages show (``kind``, ``get_kind_display()``, ``value``, ``period``,
``source``, ``record_date``).
"""

import logging
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.spreadsheets import ImportResult, cell_date, cell_text, limited_texts, read_sheet
from members.models import CreditRecord, CreditRecordKind
from members.uscc import credit_code_cell

logger = logging.getLogger(__name__)

DEFAULT_PROVIDER = "members.credit_records.ImportedRecords"


class CreditRecordProvider(Protocol):
    def records_for(self, credit_code: str) -> list:
        """The enterprise's records, newest period first within each category."""


class ImportedRecords:
    """The records the platform imported from the exchange's files (CreditRecord)."""

    def records_for(self, credit_code):
        order = {kind: index for index, kind in enumerate(CreditRecordKind.values)}  # the categories' own order
        records = CreditRecord.objects.filter(credit_code=credit_code).order_by("-period", "-pk")
        return sorted(records, key=lambda record: order.get(record.kind, len(order)))


@lru_cache(maxsize=4)
def _provider(path):
    return import_string(path)()


def provider():
    return _provider(getattr(settings, "CREDIT_RECORD_PROVIDER", DEFAULT_PROVIDER))


def records_for(enterprise):
    """The enterprise's records from the configured provider; a live provider that fails leaves the bank the
    imported records (and the error in the log) instead of a broken page."""
    current = provider()
    try:
        return list(current.records_for(enterprise.credit_code))
    except Exception:
        if isinstance(current, ImportedRecords):
            raise
        logger.exception("credit record provider %s failed; showing the imported records", type(current).__name__)
        return ImportedRecords().records_for(enterprise.credit_code)


# ---------------------------------------------------------------- the file importer

# (header, attribute, required)
COLUMNS = [
    ("统一社会信用代码", "credit_code", True), ("企业名称", "enterprise_name", False), ("信息类别", "kind", True),
    ("内容", "value", True), ("所属期间", "period", True), ("数据来源", "source", True),
    ("数据日期", "record_date", True),
]
EXAMPLE = ["91350100MA31E8B6", "市海峡精密机械有限公司", "纳税信用等级", "A", "2025", "市税务局", "2026-04-30"]
LIMITS = {"enterprise_name": 255, "value": 255, "period": 20, "source": 100}
# the category column takes the Chinese name (as the exchange writes it) or the code
KINDS = {**{str(label): value for value, label in CreditRecordKind.choices},
         **{value: value for value in CreditRecordKind.values}}


def kind_names():
    return [str(label) for _value, label in CreditRecordKind.choices]


def _date(value, errors):
    try:
        day = cell_date(value)
    except ValueError as not_a_date:
        errors.append(_("数据日期“%(value)s”不是日期（如 2026-01-31）") % {"value": not_a_date.args[0]})
        return None
    if day is None:
        errors.append(_("请填写数据日期"))
    elif day > timezone.localdate():
        errors.append(_("数据日期“%(value)s”晚于今天") % {"value": cell_text(value) or day})
    return day


def validate(lines):
    result, seen = ImportResult(), {}
    labels = {attr: header for header, attr, _required in COLUMNS}
    for line, raw in lines:
        errors, values = [], {}
        code, _valid = credit_code_cell(cell_text(raw["credit_code"]), errors)
        values["credit_code"] = code
        kind_text = cell_text(raw["kind"])
        values["kind"] = KINDS.get(kind_text)
        if not kind_text:
            errors.append(_("请填写信息类别"))
        elif values["kind"] is None:
            errors.append(_("信息类别“%(value)s”不在%(kinds)s之中") % {"value": kind_text,
                                                                   "kinds": "、".join(kind_names())})
        values.update(limited_texts(raw, LIMITS, labels, errors))
        for attr in ("value", "period", "source"):
            if not values[attr]:
                errors.append(_("请填写%(label)s") % {"label": labels[attr]})
        values["record_date"] = _date(raw["record_date"], errors)
        key = (code, values["kind"], values["period"], values["source"])
        if not errors:
            if key in seen:
                errors.append(_("与第%(line)d行重复（同一企业、类别、期间和来源）") % {"line": seen[key]})
            seen.setdefault(key, line)
        if errors:
            result.errors.append((line, errors))
        else:
            result.records.append(values)
    return result


@transaction.atomic
def import_records(uploaded):
    """Validate the whole file, then add or update every record, or nothing (ImportRefused for the file)."""
    result = validate(read_sheet(uploaded, COLUMNS, csv_allowed=True))
    if result.ok:
        now = timezone.now()
        for values in result.records:
            key = {attr: values[attr] for attr in ("credit_code", "kind", "period", "source")}
            CreditRecord.objects.update_or_create(**key, defaults={
                "enterprise_name": values["enterprise_name"], "value": values["value"],
                "record_date": values["record_date"], "imported_at": now})
    return result
