"""Personal data in free text: PRC resident ID numbers (GB 11643, ISO 7064 MOD 11-2 check digit), mobile numbers
and 统一社会信用代码. Pure functions, no Django models."""

import re

from members.uscc import is_valid_uscc

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# not preceded/followed by another digit (or letter, for codes), so parts of longer numbers do not match
ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[0-9Xx](?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
USCC_PATTERN = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])")


def id_check_digit(body):
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value):
    value = value.upper()
    return bool(re.fullmatch(r"[1-9]\d{16}[0-9X]", value)) and id_check_digit(value[:17]) == value[17]


def find_id_numbers(text):
    """Spans of 18-character numbers whose check digit is right: a wrong one is a serial, not an ID."""
    return [m.span() for m in ID_PATTERN.finditer(text) if is_valid_id_number(m.group())]


def find_mobiles(text):
    return [m.span() for m in MOBILE_PATTERN.finditer(text)]


def find_usccs(text, skip=()):
    """Valid USCCs not already reported as ID numbers (an 18-digit string can be both shapes)."""
    return [m.span() for m in USCC_PATTERN.finditer(text) if m.span() not in skip and is_valid_uscc(m.group())]
