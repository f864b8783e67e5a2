"""居民身份证号码 (GB 11643-1999) check: 18 characters, 17 digits and a check character (ISO 7064 MOD 11-2).

python-stdnum's ``stdnum.cn.ric`` does the same; it is not a dependency of the portal, and the rule is short.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def normalise(value):
    """Upper case (a lower-case x is common) without spaces."""
    return "".join((value or "").split()).upper()


def check_character(body):
    return CHECK[sum(int(char) * weight for char, weight in zip(body, WEIGHTS, strict=True)) % 11]


def validate_id_number(value):
    """Raise ValidationError with a Chinese message unless ``value`` is a well-formed 18-character ID number."""
    number = normalise(value)
    if len(number) != 18:
        raise ValidationError(_("身份证号码应为18位，您输入了%(length)d位。"), code="length",
                              params={"length": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号码前17位应为数字，最后一位为数字或 X。"), code="charset")
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date") from None
    if check_character(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位不正确，请核对后重新输入。"), code="check_digit")
    return number
