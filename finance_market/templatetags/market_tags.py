from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def wan(value):
    """Yuan → 万元 without trailing zeros: 500000.00 → 50, 15000 → 1.5."""
    if value in (None, ""):
        return ""
    number = (Decimal(value) / Decimal("10000")).quantize(Decimal("0.01")).normalize()
    return f"{number:f}"


@register.filter
def stars(score):
    score = int(score or 0)
    return "★" * score + "☆" * (5 - score)
