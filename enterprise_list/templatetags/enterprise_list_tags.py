import datetime
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def cell(value):
    """A table cell as the export shows it: dates as 2026-04-27, amounts with two decimals, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value
