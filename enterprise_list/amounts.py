"""Amounts are stored in yuan (DESIGN §13) and shown, imported and exported in 万元."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

TEN_THOUSAND = Decimal(10000)


def yuan_field(verbose_name, **kwargs):
    """Amounts are stored in yuan (DESIGN §13) and shown, imported and exported in 万元."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2,
                               validators=[MinValueValidator(0)], **kwargs)


def to_wan(amount):
    return None if amount is None else amount / TEN_THOUSAND
