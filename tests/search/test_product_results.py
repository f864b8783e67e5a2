"""A loan product found by /search/ shows the 金融超市 product card (issue 19): the bank, rate, amount, term and
guarantee, and the same apply action as the marketplace, for a visitor, an enterprise and with it in the cart."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from finance_market.models import CartItem
from finance_market.setup import setup_bank
from tests.factories import NewsPageFactory
from tests.factories.market import BankIndexPageFactory, LoanProductPageFactory, W

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(home, cast, news_index):
    bank_page = setup_bank(cast.bank_a, BankIndexPageFactory(parent=home))
    NewsPageFactory(parent=news_index, title="科创贷助力企业发展")
    return LoanProductPageFactory(parent=bank_page, title="甲银行科创贷", amount_min=10 * W, amount_max=300 * W,
                                  term_min=3, term_max=36, rate_min=Decimal("3.45"), rate_max=Decimal("4.35"),
                                  guarantee_methods=["credit", "guarantee"])


def _results(client):
    response = client.get("/search/", {"q": "科创贷"})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".search-results")


def test_a_product_result_is_the_market_card_with_its_facts(client, product):
    results = _results(client)
    card = results.select_one(".product-card")
    assert card.select_one("h2.card-title a")["href"] == product.url
    assert card.select_one("h2.card-title mark").get_text() == "科创贷"  # the search words stay highlighted
    assert card.select_one(".product-bank").get_text(strip=True) == "甲银行"
    facts = dict(zip([dt.get_text() for dt in card.select("dt")], [dd.get_text() for dd in card.select("dd")],
                     strict=True))
    assert facts == {"年利率": "3.45%–4.35%", "额度": "10.00–300.00 万元", "期限": "3–36 个月",
                     "担保方式": "信用（无需担保）、保证/担保公司担保"}
    # a visitor is asked to log in and comes back to the product
    assert card.select_one(".product-actions a.button--primary")["href"] == f"/accounts/login/?next={product.url}"
    # the news item is still an ordinary result line, not a card
    assert [hit.get_text(strip=True) for hit in results.select("article.search-hit h2")] == ["科创贷助力企业发展"]


def test_an_enterprise_applies_from_the_search_result(client, cast, product):
    client.force_login(cast.ent_a)
    form = _results(client).select_one(".product-card form[action='/market/cart/add/']")
    assert form.select_one("input[name=product]")["value"] == str(product.pk)
    assert form.select_one("button[name=apply]").get_text() == "立即申请"
    assert form.select_one("input[name=next]")["value"] == "/search/?q=%E7%A7%91%E5%88%9B%E8%B4%B7"


def test_the_card_says_already_in_the_cart(client, cast, product):
    CartItem.objects.create(enterprise=cast.enterprise_a, product=product)
    client.force_login(cast.ent_a)
    card = _results(client).select_one(".product-card")
    assert card.select_one("a.in-cart").get_text() == "已在购物车"
    assert card.find("button", string="加入购物车") is None
