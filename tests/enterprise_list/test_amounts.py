"""Amounts are stored in yuan (DESIGN §13) and read, typed, imported and exported in 万元."""

import importlib
from decimal import Decimal

import pytest

migration = importlib.import_module("enterprise_list.migrations.0003_amounts_in_yuan")

pytestmark = pytest.mark.django_db


def test_saved_revisions_are_converted_both_ways():
    project = {"title": "智能制造产业园二期", "amount_wan": "88.8"}
    forward = migration._convert_content(dict(project), "projectpage", migration.FACTOR, forward=True)
    assert forward == {"title": "智能制造产业园二期", "amount": "888000.00"}
    back = migration._convert_content(dict(forward), "projectpage", 1 / migration.FACTOR, forward=False)
    assert back == {"title": "智能制造产业园二期", "amount_wan": "88.80"}
    listing = {"rows": [{"enterprise_name": "甲", "funding_need_wan": "500.00"}, {"funding_need_wan": None}]}
    converted = migration._convert_content(listing, "enterpriselistpage", migration.FACTOR, forward=True)
    assert converted["rows"] == [{"enterprise_name": "甲", "funding_need": "5000000.00"}, {"funding_need": None}]


def test_amount_filter_typed_in_wan_matches_yuan_in_the_database(client, portal):
    html = client.get("/lists/miit/growth/", {"min_amount": "100"}).content.decode()
    assert "海峡精密机械有限公司" in html and "青禾农业科技有限公司" not in html  # 500万 kept, 80万 filtered out
    assert "500.00" in html and "5000000" not in html
    html = client.get("/projects/", {"max_amount": "200", "sort": "amount"}).content.decode()
    assert "R2142" in html and "R2146" in html and "R2144" not in html
    assert portal.p_ent.amount == Decimal("888000") and portal.p_ent.amount_wan == Decimal("88.8")
