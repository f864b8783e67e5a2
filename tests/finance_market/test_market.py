"""金融超市 listing, product pages and the home page's pinned products."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PortalSettings
from finance_market.queries import pinned_products
from tests.factories.market import LoanProductPageFactory, W

pytestmark = pytest.mark.django_db


def titles(response):
    return [p.title for p in response.context["products"]]


def test_market_lists_every_live_product_and_not_drafts(client, market):
    LoanProductPageFactory(parent=market.page_a, title="草稿产品").unpublish()
    response = client.get("/market/")
    assert response.status_code == 200
    assert set(titles(response)) == {"甲银行信用贷", "乙银行信用贷"}


@pytest.mark.parametrize(("params", "expected"), [
    ({"institution": "A"}, {"甲银行信用贷", "甲行抵押贷"}),
    ({"type": "mortgage"}, {"甲行抵押贷"}),
    ({"guarantee": "mortgage"}, {"甲行抵押贷"}),
    ({"amount": "1000"}, {"甲行抵押贷"}),
    ({"term": "60"}, {"甲行抵押贷"}),
    ({"rate": "3.5"}, {"甲行抵押贷"}),
    ({"amount": "abc"}, {"甲银行信用贷", "乙银行信用贷", "甲行抵押贷"}),
])
def test_market_filters(client, market, params, expected):
    LoanProductPageFactory(parent=market.page_a, title="甲行抵押贷", product_type="mortgage",
                           guarantee_methods=["mortgage"], amount_max=3000 * W, term_max=60,
                           rate_min=Decimal("3.20"))
    if params.get("institution") == "A":
        params = {"institution": str(market.bank_a.pk)}
    assert set(titles(client.get("/market/", params))) == expected


def test_market_sorts_by_rate_and_pinned_first_by_default(client, market):
    cheap = LoanProductPageFactory(parent=market.page_b, title="低息贷", rate_min=Decimal("2.90"))
    LoanProductPageFactory(parent=market.page_a, title="置顶贷", is_pinned=True, rate_min=Decimal("6.00"),
                           rate_max=Decimal("7.00"))
    assert titles(client.get("/market/"))[0] == "置顶贷"
    assert titles(client.get("/market/", {"sort": "rate"}))[0] == cheap.title


def test_market_query_count_does_not_grow_with_products(client, market):
    def count():
        client.get("/market/")  # warm the per-process caches (site root paths) first
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/market/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(8):
        LoanProductPageFactory(parent=market.page_a if n % 2 else market.page_b)
    assert count() == few <= 10


def test_market_paginates(client, market):
    for _ in range(12):
        LoanProductPageFactory(parent=market.page_a)
    first, second = client.get("/market/"), client.get("/market/", {"page": 2})
    assert len(first.context["products"]) == 12 and len(second.context["products"]) == 2


def test_pinned_products_are_the_top_three_pinned_live_ones(market):
    for order, title in ((3, "三"), (1, "一"), (2, "二"), (4, "四")):
        LoanProductPageFactory(parent=market.page_a, title=title, is_pinned=True, sort_order=order)
    LoanProductPageFactory(parent=market.page_a, title="草稿置顶", is_pinned=True, sort_order=0).unpublish()
    with CaptureQueriesContext(connection) as ctx:
        assert [p.title for p in pinned_products(3)] == ["一", "二", "三"]
    assert len(ctx.captured_queries) <= 2


def test_home_page_shows_pinned_products(client, market):
    LoanProductPageFactory(parent=market.page_a, title="首页推荐贷", is_pinned=True)
    assert "首页推荐贷" in client.get("/").content.decode()


def test_product_page_shows_amounts_in_wan_and_bank_page_lists_products(client, market):
    response = client.get(market.product_a.url)
    body = response.content.decode()
    assert response.status_code == 200 and "10.00–500.00 万元" in body and "登录后申请" in body
    assert "甲银行信用贷" in client.get(market.page_a.url).content.decode()


def test_login_switch_hides_products_from_anonymous_visitors(client, market):
    settings = PortalSettings.for_site(market.index.get_site())
    settings.require_login_for_products = True
    settings.save()
    assert client.get("/market/").status_code == 302
    assert client.get(market.product_a.url).status_code == 302
    client.force_login(market.ent_a.account)
    assert client.get(market.product_a.url).status_code == 200


def test_product_cannot_have_min_above_max(market):
    from django.core.exceptions import ValidationError

    product = market.product_a
    product.amount_min = 900 * W
    with pytest.raises(ValidationError):
        product.full_clean()
