"""统一社会信用代码 (USCC) check, GB 32100-2015: 18 characters, a 31-character alphabet, a check digit.

Kept free of Django models so forms, models, imports and tests can all use it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The alphabet leaves out I, O, S, V and Z (easily confused with 1, 0, 5, U and 2).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def normalise(value):
    """Upper case without spaces: what people type is often '9144 0300 ...' or lower case."""
    return "".join((value or "").split()).upper()


def check_character(body):
    """The 18th character for the first 17."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value):
    """Raise ValidationError with a precise Chinese message; accept any issuing-authority prefix."""
    code = normalise(value)
    if not code:
        raise ValidationError(_("请填写统一社会信用代码。"), code="required")
    if len(code) != LENGTH:
        raise ValidationError(
            _("统一社会信用代码应为18位，您输入了%(length)d位。"), code="length", params={"length": len(code)}
        )
    bad = sorted({char for char in code if char not in ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(chars)s（只使用数字和除 I、O、S、V、Z 以外的大写字母）。"),
            code="charset",
            params={"chars": "、".join(bad)},
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位（第18位）不正确，请核对是否输入有误。"), code="check_digit")


def credit_code_cell(text, errors):
    """A spreadsheet's 统一社会信用代码 cell, normalised; validate_uscc's messages go into ``errors``. Returns
    (code, valid)."""
    code = normalise(text)
    try:
        validate_uscc(code)
    except ValidationError as error:
        errors.extend(str(message) for message in error.messages)
        return code, False
    return code, True


def is_valid_uscc(value):
    try:
        validate_uscc(value)
    except ValidationError:
        return False
    return True


def validate_fi_code(value):
    """金融机构编码 (JR/T 0124): 14 characters, a category letter followed by letters or digits."""
    code = normalise(value)
    if len(code) != 14:
        raise ValidationError(
            _("金融机构编码应为14位，您输入了%(length)d位。"), code="length", params={"length": len(code)}
        )
    if not (code[0].isascii() and code[0].isalpha() and code.isascii() and code.isalnum()):
        raise ValidationError(_("金融机构编码应以类别字母开头，由字母和数字组成。"), code="charset")
