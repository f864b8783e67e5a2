"""``{% load money %}``: ``{{ amount|wan }}`` shows an amount stored in yuan in 万元 (core.money.display_wan), the
one money format of the site."""

from django import template

from core.money import display_wan, wan_to_yuan

register = template.Library()


@register.filter
def wan(value, given_in="元"):
    """Yuan → 万元 with two decimals and thousands separators: 500000 → 50.00, 123456789 → 12,345.68.

    ``|wan:"万元"`` formats a figure already in 万元 (a case's 融资金额, the counters) the same way."""
    if given_in == "万元" and value not in (None, ""):
        value = wan_to_yuan(value)
    return display_wan(value)
