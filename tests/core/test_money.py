"""core.money: the one place where yuan become 万元 and back."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from core.money import WAN, WanAmountField, format_wan, wan_to_yuan, yuan_to_wan


def test_the_factor_is_ten_thousand():
    assert Decimal(10000) == WAN


@pytest.mark.parametrize("amount, expected", [
    (Decimal("500000.00"), Decimal("50")),
    (15000, Decimal("1.5")),
    ("12345.67", Decimal("1.234567")),
    (0, Decimal(0)),
])
def test_yuan_to_wan_takes_decimal_int_and_str(amount, expected):
    assert yuan_to_wan(amount) == expected
    assert isinstance(yuan_to_wan(amount), Decimal)


def test_none_stays_none_both_ways():
    assert yuan_to_wan(None) is None
    assert wan_to_yuan(None) is None


def test_rounding_to_places_is_half_to_even():
    assert yuan_to_wan(Decimal("12345.67"), 2) == Decimal("1.23")
    assert yuan_to_wan(Decimal("12350"), 2) == Decimal("1.24")  # 1.235 → 1.24 (4 even)
    assert yuan_to_wan(Decimal("12250"), 2) == Decimal("1.22")  # 1.225 → 1.22 (2 even)
    assert str(yuan_to_wan(0, 2)) == "0.00"


def test_wan_to_yuan_takes_decimal_int_str_and_float():
    assert wan_to_yuan(Decimal("1.5")) == Decimal("15000")
    assert wan_to_yuan(50) == Decimal("500000")
    assert wan_to_yuan("0.01") == Decimal("100")
    assert wan_to_yuan(0.1) == Decimal("1000")


def test_format_wan_drops_trailing_zeros_and_shows_nothing_for_none():
    assert format_wan(Decimal("500000.00")) == "50"
    assert format_wan(Decimal("1000000")) == "100"
    assert format_wan(15000) == "1.5"
    assert format_wan(Decimal("12345.67")) == "1.23"
    assert format_wan(Decimal("12345.67"), places=None) == "1.234567"
    assert format_wan(None) == ""
    assert format_wan("") == ""


def test_template_filter_shows_yuan_in_wan():
    template = Template("{% load money %}[{{ a|wan }}][{{ b|wan }}]")
    assert template.render(Context({"a": Decimal("2500000.00"), "b": None})) == "[250.00][]"


def test_form_field_takes_wan_and_cleans_to_yuan():
    field = WanAmountField(required=False)
    assert field.clean("12.5") == Decimal("125000")
    assert field.clean("") is None
    with pytest.raises(ValidationError):
        field.clean("0")
    assert WanAmountField(min_value=None).clean("-3") == Decimal("-30000")


def test_money_has_one_display_format_in_wan():
    from core.money import display_wan
    from core.templatetags.money import wan

    assert display_wan(Decimal("123456789")) == "12,345.68"
    assert display_wan(500000) == "50.00" and display_wan(None) == ""
    assert wan(Decimal("500000")) == "50.00" and wan(Decimal("1234.5"), "万元") == "1,234.50"
