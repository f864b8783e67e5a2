"""Precise Chinese error messages for every front-office form, written once.

Django's own messages name no field and no unit ("这个字段是必填项。", "输入一个数字。",
"确认总共不超过 12 个数字."). ``PreciseErrorsMixin`` gives each field of a form messages built from its
label: a label "贷款金额（万元）" gives "请填写贷款金额", "贷款金额须为数字，单位万元",
"贷款金额最多 10 位整数、2 位小数", "贷款金额不能大于 100000 万元". A message a form sets itself
(``error_messages=``) is kept.
"""

import re

from django import forms
from django.utils.translation import gettext as _

# 期限（月）: the unit in the label's brackets, as said after a number
_LABEL_UNIT = re.compile(r"^(?P<name>.+?)\s*[（(](?P<unit>[^（）()]{1,6})[）)]\s*[:：]?$")
_SPOKEN_UNIT = {"月": "个月"}
# codes Django formats with params (``message % params``): a literal % in them must be doubled
_FORMATTED = {"min_value", "max_value", "max_length", "min_length", "max_digits", "max_decimal_places",
              "max_whole_digits", "invalid_choice", "step_size"}


def label_parts(label):
    """("贷款金额", "万元") from "贷款金额（万元）"; (label, "") when it has no unit in brackets."""
    text = str(label or "").strip().rstrip("：:")
    match = _LABEL_UNIT.match(text)
    if match and not match["unit"].isdigit():
        return match["name"], match["unit"]
    return text, ""


def _is_choice(field):
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField)) or isinstance(
        field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.DateInput))


def precise_messages(field, name=None):
    """The messages for one form field, by its kind and its label (``name`` overrides the label)."""
    name, unit = (name, "") if name else label_parts(field.label)
    if not name:
        return {}
    spoken = _SPOKEN_UNIT.get(unit, unit)
    after_limit = f" {spoken}" if spoken else ""
    if isinstance(field, forms.FileField):
        required = _("请上传{name}")
    elif _is_choice(field) and not isinstance(field, forms.DateField):
        required = _("请选择{name}")
    elif isinstance(field, forms.DateField):
        required = _("请填写或选择{name}")
    else:
        required = _("请填写{name}")
    messages = {"required": required, "invalid_choice": _("请从列表中选择{name}"),
                "max_length": _("{name}最多 %(limit_value)d 个字（现在 %(show_value)d 个）"),
                "min_length": _("{name}至少 %(limit_value)d 个字（现在 %(show_value)d 个）"),
                "min_value": _("{name}不能小于 %(limit_value)s{after_limit}"),
                "max_value": _("{name}不能大于 %(limit_value)s{after_limit}")}
    if isinstance(field, (forms.DecimalField, forms.FloatField)):  # both are IntegerFields to Django
        messages["invalid"] = _("{name}须为数字") + (_("，单位{unit}") if unit else "")
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = _("{name}须为整数") + (_("，单位{unit}") if unit else "")
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = _("{name}须为日期和时间，如 2026-11-04 09:30")
    elif isinstance(field, forms.DateField):
        messages["invalid"] = _("{name}须为日期，如 2026-11-04")
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = _("{name}不是有效的电子邮箱地址")
    elif isinstance(field, forms.SlugField):
        messages["invalid"] = (_("{name}只能由汉字、字母、数字、下划线或连字符组成，不能有空格") if field.allow_unicode
                               else _("{name}只能由字母、数字、下划线或连字符组成，不能有空格"))
    elif isinstance(field, forms.URLField):
        messages["invalid"] = _("{name}不是有效的网址，如 https://www.example.cn")
    elif isinstance(field, forms.ImageField):
        messages["invalid_image"] = _("{name}不是可识别的图片")
    if isinstance(field, forms.FileField):
        messages.update(invalid=_("{name}不是有效的文件"), empty=_("{name}是空文件"),
                        max_length=_("{name}的文件名最多 %(max)d 个字"))
    places = getattr(field, "decimal_places", None)
    digits = getattr(field, "max_digits", None)
    if digits is not None and places is not None:
        whole = _("{name}最多 {whole} 位整数、{places} 位小数").replace("{whole}", str(digits - places)).replace(
            "{places}", str(places))
        messages.update(max_digits=whole, max_whole_digits=whole, max_decimal_places=whole)
    built = {}
    for code, template in messages.items():
        values = {"name": name, "unit": unit, "after_limit": after_limit}
        if code in _FORMATTED:  # Django will apply ``% params``: a % of the label must survive it
            values = {key: value.replace("%", "%%") for key, value in values.items()}
        built[code] = template.format(**values)
    return built


def _default_messages(field):
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def make_precise(form):
    """Give every field of ``form`` its ``precise_messages``, keeping a message the form set itself."""
    for field in form.fields.values():
        defaults = _default_messages(field)
        for code, message in precise_messages(field).items():
            current = field.error_messages.get(code)
            if current is None or current is defaults.get(code):
                field.error_messages[code] = message


class PreciseErrorsMixin:
    """Put first in a form's bases: every field gets ``precise_messages`` unless it set its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        make_precise(self)
