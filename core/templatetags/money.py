"""``{% load money %}``: ``{{ amount|wan }}`` shows an amount stored in yuan in 万元 (core.money.format_wan)."""

from django import template

from core.money import format_wan

register = template.Library()


@register.filter
def wan(value):
    """Yuan → 万元 without trailing zeros: 500000.00 → 50, 15000 → 1.5; empty for None."""
    return format_wan(value)
