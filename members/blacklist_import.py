"""Excel import of the blacklist (issue 18), with the rules of the list imports (core.spreadsheets.read_sheet):
the file is checked as a whole, every row is validated and each bad row reported with its Excel line number
and reasons; only a file without a single bad row is written, in one transaction. A code already on the
blacklist has its entry updated from the row (the same list imported again changes nothing twice)."""


from django.db import transaction
from django.utils.translation import gettext as _

from core.spreadsheets import ImportResult, cell_date, cell_text, limited_texts, read_sheet
from members.models import Blacklist
from members.uscc import credit_code_cell

# (header, attribute, required)
COLUMNS = [
    ("统一社会信用代码", "credit_code", True), ("企业名称", "name", False), ("列入原因", "reason", True),
    ("来源", "source", False), ("生效日期", "valid_from", False), ("失效日期", "valid_to", False),
]
EXAMPLE = ["91350100MA2W0X9N0", "市某某贸易有限公司", "失信被执行人", "信用中国", "2026-01-01", ""]
LIMITS = {"name": 255, "reason": 255, "source": 100}


def _date(value, label, errors):
    try:
        return cell_date(value)
    except ValueError as not_a_date:
        text = not_a_date.args[0]
        errors.append(_("%(label)s“%(value)s”不是日期（如 2026-01-31）") % {"label": label, "value": text})
        return None


def validate(lines):
    result, seen = ImportResult(), {}
    labels = {attr: header for header, attr, _required in COLUMNS}
    for line, raw in lines:
        errors, values = [], {}
        code, valid = credit_code_cell(cell_text(raw["credit_code"]), errors)
        if valid:
            if code in seen:
                errors.append(_("统一社会信用代码与第%(line)d行重复") % {"line": seen[code]})
            seen.setdefault(code, line)
        values["credit_code"] = code
        values.update(limited_texts(raw, LIMITS, labels, errors))
        if not values["reason"]:
            errors.append(_("请填写列入原因"))
        values["valid_from"] = _date(raw["valid_from"], labels["valid_from"], errors)
        values["valid_to"] = _date(raw["valid_to"], labels["valid_to"], errors)
        if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
            errors.append(_("失效日期早于生效日期"))
        if errors:
            result.errors.append((line, errors))
        else:
            result.records.append(values)
    return result


@transaction.atomic
def import_blacklist(uploaded):
    """Validate the whole file, then add or update every entry, or nothing (ImportRefused for the file)."""
    result = validate(read_sheet(uploaded, COLUMNS))
    if result.ok:
        for values in result.records:
            entry = Blacklist.objects.filter(credit_code=values["credit_code"]).order_by("pk").first()
            if entry is None:
                Blacklist.objects.create(**values)
            else:
                for attr, value in values.items():
                    setattr(entry, attr, value)
                entry.save()
    return result
