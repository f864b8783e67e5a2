"""The front office on a phone in real chromium: form fields a thumb can use, a calculator that waits for input,
a banner carousel that can be paused and keeps still for people who asked for less motion."""

import re

import pytest
from playwright.sync_api import expect

from home.models import HomeBanner
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import ImageFactory
from tests.finance_market.conftest import market  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_market_forms_have_16px_text_and_44px_targets_at_360px(live_server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/market/calculator/")
    expect(page.locator("[data-calculator-error]")).to_be_hidden()  # nothing said before input
    for selector in ("#id_amount", "#id_term_months", "#id_annual_rate", "#id_method", "form.calculator-form button"):
        size = page.locator(selector).evaluate(
            "el => [parseFloat(getComputedStyle(el).fontSize), el.getBoundingClientRect().height]")
        assert size[0] >= 16 and size[1] >= 44, (selector, size)
    page.goto(f"{live_server.url}/market/")
    page.locator(".filter-fold > summary").click()  # folded away on a phone (test_market_filters_fold_away_on_a_phone)
    for selector in (".filters select[name=institution]", ".filters input[name=amount]", ".filters button"):
        size = page.locator(selector).evaluate(
            "el => [parseFloat(getComputedStyle(el).fontSize), el.getBoundingClientRect().height]")
        assert size[0] >= 16 and size[1] >= 44, (selector, size)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_banner_carousel_pauses_on_request_and_keeps_still_for_reduced_motion(live_server, page, home):
    for n in range(2):
        HomeBanner.objects.create(page=home, sort_order=n, image=ImageFactory(description=f"轮播{n}"), title=f"横幅{n}")
    page.clock.install()  # the carousel's 5 s turns run on a clock the test moves
    page.goto(f"{live_server.url}/")
    pause = page.get_by_role("button", name="暂停轮播")
    expect(pause).to_have_attribute("aria-pressed", "false")
    pause.click()
    resume = page.get_by_role("button", name="继续轮播")
    expect(resume).to_have_attribute("aria-pressed", "true")
    page.mouse.move(0, 0)  # off the carousel: only the button holds it now
    page.clock.run_for(11_000)  # two turns of the carousel
    expect(page.locator(".banner.is-active figcaption strong")).to_have_text("横幅0")
    resume.click()
    page.mouse.move(0, 0)
    page.clock.run_for(5_100)
    expect(page.locator(".banner.is-active figcaption strong")).to_have_text("横幅1")

    page.emulate_media(reduced_motion="reduce")
    page.reload()
    expect(page.locator(".carousel-pause")).to_be_hidden()  # nothing moves, so nothing to pause


def test_market_filters_fold_away_on_a_phone_and_stay_open_when_set_or_wide(live_server, page, market):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/")
    amount = page.locator(".filters input[name=amount]")
    expect(amount).to_be_hidden()
    first_card = page.locator(".product-list .product-card").first
    assert first_card.bounding_box()["y"] < PHONE["height"]  # the first product is on the first screen
    page.locator(".filter-fold > summary").click()
    amount.fill("50")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"/market/\?.*amount=50"))
    expect(page.locator("summary")).to_contain_text("已选 1 项")
    expect(amount).to_be_visible()  # a filter is set: the form stays open to show it
    expect(amount).to_have_value("50")
    page.goto(f"{live_server.url}/market/")
    page.set_viewport_size(DESKTOP)
    expect(amount).to_be_visible()  # wider than a phone: always open, no summary
    expect(page.locator(".filter-fold summary")).to_be_hidden()
