"""Product page in real chromium: the loan calculator answers as the visitor types (and the same figures
come from the server without JavaScript); the 收藏 button sends an anonymous visitor to log in and back,
then bookmarks the product."""

import pytest
from playwright.sync_api import expect

from members.models import Favourite
from tests.e2e.test_members_browser import CAPTCHA
from tests.factories.users import PASSWORD
from tests.finance_market.conftest import market  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_calculator_updates_live_and_matches_the_server(live_server, page, market):  # noqa: F811
    page.goto(f"{live_server.url}{market.product_a.url}")
    box = page.locator("[data-calculator]")
    box.get_by_label("贷款金额（万元）").fill("100")
    box.get_by_label("贷款期限（月）").fill("12")
    box.get_by_label("年利率（%）").fill("4.35")
    box.get_by_label("还款方式").select_option("equal_instalment")
    expect(box.locator('[data-out="first"]')).to_have_text("85309.90")
    expect(box.locator('[data-out="interest"]')).to_have_text("23718.79")
    box.get_by_label("还款方式").select_option("equal_principal")
    expect(box.locator('[data-out="first"]')).to_have_text("86958.33")
    expect(box.locator('[data-out="last"]')).to_have_text("83635.45")
    box.get_by_label("贷款期限（月）").fill("0")
    expect(box.locator("[data-calculator-result]")).to_be_hidden()
    expect(box.locator("[data-calculator-error]")).to_be_hidden()  # still typing: not yet told off
    box.get_by_label("贷款期限（月）").blur()
    expect(box.locator("[data-calculator-error]")).to_be_visible()
    expect(box.locator("[data-calculator-result]")).to_be_hidden()
    assert page.url.endswith(market.product_a.url)  # nothing was submitted

    # the full calculator page (what a visitor without JavaScript reaches) shows the same figures and the plan
    page.goto(f"{live_server.url}/market/calculator/?product={market.product_a.pk}&amount=100&term_months=12"
              "&annual_rate=4.35&method=equal_principal")
    expect(page.locator('[data-out="first"]')).to_have_text("86958.33")
    expect(page.locator("tbody tr")).to_have_count(12)


def test_favourite_button_sends_anonymous_to_login_and_back(live_server, page, market):  # noqa: F811
    base = live_server.url
    page.goto(f"{base}{market.product_a.url}")
    page.get_by_role("link", name="登录后收藏").click()
    expect(page).to_have_url(f"{base}/accounts/login/?next={market.product_a.url}")
    page.get_by_label("用户名 / 统一社会信用代码").fill(market.ent_a.credit_code)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=captcha_1]").fill(CAPTCHA)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(f"{base}{market.product_a.url}")
    page.get_by_role("button", name="收藏", exact=True).click()
    expect(page.get_by_text("已收藏“甲银行信用贷”")).to_be_visible()
    expect(page.get_by_role("button", name="已收藏 · 取消收藏")).to_be_visible()
    assert Favourite.objects.filter(user=market.ent_a.account, page=market.product_a).exists()
    page.goto(f"{base}/member/favourites/")
    expect(page.get_by_role("link", name="甲银行信用贷")).to_be_visible()
