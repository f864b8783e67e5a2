"""Money (DESIGN §13): every amount is stored in yuan, Decimal(14,2); people see, type, import and export it
in 万元. The factor between the two lives here and nowhere else."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db import models

WAN = Decimal(10000)


def _decimal(value):
    """Decimal from a Decimal, int or str; floats go through str so 0.1 stays 0.1."""
    return value if isinstance(value, Decimal) else Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def yuan_to_wan(amount, places=None):
    """Yuan → 万元 (Decimal); None stays None. ``places``: round to that many decimals (half to even)."""
    if amount is None:
        return None
    wan = _decimal(amount) / WAN
    return wan if places is None else wan.quantize(Decimal(1).scaleb(-places))


def wan_to_yuan(wan):
    """万元 → yuan (Decimal); None stays None."""
    return None if wan is None else _decimal(wan) * WAN


def format_wan(amount, places=2):
    """Yuan shown in 万元 without trailing zeros: 500000.00 → "50", 15000 → "1.5"; None or "" → "".

    ``places=None`` keeps every decimal instead of rounding to two."""
    if amount in (None, ""):
        return ""
    return f"{yuan_to_wan(amount, places).normalize():f}"


def display_wan(amount):
    """Yuan as people read it everywhere on the site: 万元 with two decimals and thousands separators,
    1234500 → "123.45", 123456789 → "12,345.68"; None or "" → ""."""
    if amount in (None, ""):
        return ""
    return f"{yuan_to_wan(amount, 2):,.2f}"


def yuan_field(verbose_name, **kwargs):
    """A model field for an amount in yuan: Decimal(14,2), not negative."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2,
                               validators=[MinValueValidator(0)], **kwargs)


class WanAmountField(forms.DecimalField):
    """A form field for an amount typed in 万元, cleaned to yuan. Its initial value is given in 万元
    (``yuan_to_wan(instance.amount)``). At least 0.01 万元 unless ``min_value`` says otherwise."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        super().__init__(**kwargs)

    def clean(self, value):
        return wan_to_yuan(super().clean(value))

    def prepare_value(self, value):
        return value
