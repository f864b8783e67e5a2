"""The front office an enterprise uses: confirmations, product cards, the apply action."""

import re
from decimal import Decimal

import pytest

from finance_market.models import FinancingNeed, LoanProductPage
from tests.factories.market import LoanProductPageFactory

pytestmark = pytest.mark.django_db


def test_withdrawing_a_need_asks_for_confirmation_like_withdrawing_an_application(client, market):
    FinancingNeed.objects.create(enterprise=market.ent_a, amount=Decimal("500000"), term_months=12,
                                 purpose="采购原材料", repayment_method="interest_first")
    client.force_login(market.ent_a.account)
    html = client.get("/market/needs/").content.decode()
    form = re.search(r'<form method="post" action="/market/needs/\d+/withdraw/"[^>]*>', html).group(0)
    assert 'data-confirm="确定撤回该融资需求吗？' in form


def cards(html):
    return re.findall(r'<article class="card product-card.*?</article>', html, re.S)


def test_a_product_card_shows_bank_rate_amount_term_guarantee_and_apply_everywhere(client, market):
    LoanProductPageFactory(parent=market.page_a, title="首页推荐贷", is_pinned=True)
    client.force_login(market.ent_a.account)
    pages = {"/market/": "甲银行信用贷", market.page_a.url: "甲银行信用贷", "/": "首页推荐贷"}
    for url, title in pages.items():
        card = next(c for c in cards(client.get(url).content.decode()) if title in c)
        assert market.bank_a.name in card and "年利率" in card and "额度" in card and " 万元" in card
        assert "期限" in card and "担保方式" in card and "个月" in card
        assert ">立即申请</button>" in card and "加入购物车" in card, url


def test_home_page_recommends_products_with_a_link_to_more(client, market):
    LoanProductPageFactory(parent=market.page_a, title="首页推荐贷", is_pinned=True)
    html = client.get("/").content.decode()
    assert len(cards(html)) == 1 and "登录后申请" in cards(html)[0]
    assert '<a class="more-link" href="/market/">更多产品 »</a>' in html


def test_product_page_says_it_is_already_in_the_cart(client, market):
    client.force_login(market.ent_a.account)
    assert "已在购物车" not in client.get(market.product_a.url).content.decode()
    client.post("/market/cart/add/", {"product": market.product_a.pk})
    html = client.get(market.product_a.url).content.decode()
    assert '<a class="button in-cart" href="/market/cart/">已在购物车</a>' in html
    assert "加入购物车</button>" not in html


def test_an_enterprise_not_yet_certified_is_sent_to_certification_not_offered_apply(client, market):
    client.force_login(market.pending.account)
    html = client.get(market.product_a.url).content.decode()
    assert ('<a class="button" href="/member/certification/" title="企业通过平台认证后才能申请贷款">认证后可申请</a>'
            in html)
    assert "立即申请</button>" not in html and "加入购物车</button>" not in html


def test_apply_now_opens_the_application_form_of_that_product_alone(client, market):
    client.force_login(market.ent_a.account)
    client.post("/market/cart/add/", {"product": market.product_b.pk})  # already waiting in the cart
    response = client.post("/market/cart/add/", {"product": market.product_a.pk, "apply": "1"})
    assert response["Location"] == f"/market/cart/checkout/?product={market.product_a.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "<legend>甲银行信用贷（" in html and "<legend>乙银行信用贷（" not in html


def test_money_is_shown_in_wan_with_two_decimals_and_thousands_separators(client, market):
    LoanProductPage.objects.filter(pk=market.product_a.pk).update(amount_min=Decimal("100000"),
                                                                 amount_max=Decimal("123456789"))
    html = client.get("/market/").content.decode()
    assert "10.00–12,345.68 万元" in html


def test_on_a_phone_each_application_value_keeps_its_column_name(client, market, application):
    """The phone layout hides the table head; each cell carries its column's name (shown before the value)."""
    client.force_login(market.ent_a.account)
    html = client.get("/member/applications/").content.decode()
    assert '<td data-label="金额（万元）">100.00</td>' in html
    assert f'<td data-label="申请编号"><a href="/member/applications/{application.reference}/">' in html
