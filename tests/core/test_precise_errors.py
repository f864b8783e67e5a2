"""Forms speak precise Chinese: each message names its field (and unit), never Django's generic wording."""

from decimal import Decimal

import pytest
from django import forms

from core.forms import PreciseErrorsMixin, label_parts, precise_messages
from tests.factories.members import EnterpriseFactory

pytestmark = pytest.mark.django_db

GENERIC = ("这个字段是必填项", "必需字段", "输入一个数字", "确认总共不超过", "确认小数点前不超过", "输入整数")


class AmountForm(PreciseErrorsMixin, forms.Form):
    amount = forms.DecimalField(label="贷款金额（万元）", max_digits=12, decimal_places=2, max_value=Decimal("100000"))
    term = forms.IntegerField(label="期限（月）", min_value=1)
    kind = forms.ChoiceField(label="还款方式", choices=[("a", "等额本息")])
    note = forms.CharField(label="说明", max_length=5, error_messages={"max_length": "说明太长了"})


def errors(data):
    form = AmountForm(data)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_an_empty_field_is_named_in_its_message():
    assert errors({}) == {"amount": ["请填写贷款金额"], "term": ["请填写期限"], "kind": ["请选择还款方式"],
                          "note": ["请填写说明"]}


def test_a_number_field_says_it_wants_a_number_in_its_unit():
    found = errors({"amount": "五十", "term": "1.5", "kind": "a", "note": "x"})
    assert found == {"amount": ["贷款金额须为数字，单位万元"], "term": ["期限须为整数，单位月"]}


def test_too_many_digits_says_how_many_whole_and_decimal_places():
    assert "贷款金额最多 10 位整数、2 位小数" in errors({"amount": "12345678901", "term": "1", "kind": "a",
                                                   "note": "x"})["amount"]
    assert errors({"amount": "1.234", "term": "1", "kind": "a", "note": "x"})["amount"] == [
        "贷款金额最多 10 位整数、2 位小数"]


def test_limits_are_said_with_the_unit_and_a_form_own_message_is_kept():
    found = errors({"amount": "200000", "term": "0", "kind": "b", "note": "太长的说明文字"})
    assert found == {"amount": ["贷款金额不能大于 100000 万元"], "term": ["期限不能小于 1 个月"],
                     "kind": ["请从列表中选择还款方式"], "note": ["说明太长了"]}


def test_a_percent_in_the_label_survives_django_formatting():
    field = forms.DecimalField(label="年利率（%）", max_value=36, max_digits=5, decimal_places=2)
    assert label_parts(field.label) == ("年利率", "%")
    assert precise_messages(field)["max_value"] == "年利率不能大于 %(limit_value)s %%"


def test_market_forms_show_field_specific_chinese_and_keep_the_input(client):
    client.force_login(EnterpriseFactory(certified=True).account)
    html = client.post("/market/needs/", {"amount": "abc", "term_months": "", "purpose": "",
                                          "repayment_method": ""}).content.decode()
    assert "融资金额须为数字，单位万元" in html and 'value="abc"' in html
    assert "请填写期限" in html and "请填写资金用途" in html and "请选择预计还款方式" in html
    assert not any(text in html for text in GENERIC)


def test_login_form_names_the_missing_field(client):
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert "请填写用户名" in html and "请填写密码" in html
    assert not any(text in html for text in GENERIC)
