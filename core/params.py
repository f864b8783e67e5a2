"""Reading numbers from query strings and forms the portal rendered itself.

``str.isdigit`` accepts "²" (int() then raises) and unbounded numbers overflow the database's
integer or a date's year, so a hostile URL would answer 500 instead of an unfiltered listing.
A filter ignores what is not a plain, bounded integer (``int_param``); an id a POST must carry is
a 400 with a Chinese message when it is anything else (``id_param``)."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

MAX_ID = 2**53


class BadParameter(BadRequest):
    """A malformed request whose message is meant for the visitor (shown on the 400 page)."""


def int_param(value, low=0, high=MAX_ID):
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 16:
        return None
    number = int(text)
    return number if low <= number <= high else None


def year_param(value):
    return int_param(value, 1900, 2999)


def id_param(value):
    """A database id sent by one of the portal's forms; anything else (abc, -1, 30 digits) is a 400."""
    number = int_param(value, 1)
    if number is None:
        raise BadParameter(_("请求参数无效，请返回上一页刷新后重试。"))
    return number
