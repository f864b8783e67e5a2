"""数据大屏 in real chromium: at 1920×1080 and 1366×768 the whole screen fits the display (no scrolling either
way), at 1280 it fits the width; axe finds no serious or critical violation; the ticker scrolls in one line and
pauses; the script fetches new figures from the JSON endpoint on its own; without JavaScript the same figures
show and the ticker is a plain list."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import expect

from reports import overview
from tests.e2e.conftest import DESKTOP
from tests.finance_market.conftest import market  # noqa: F401  (fixture)
from tests.reports.conftest import D, H, make, screen_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BLOCKING = {"serious", "critical"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SIZE = ("[document.documentElement.scrollWidth - window.innerWidth,"
        " document.documentElement.scrollHeight - window.innerHeight]")


def _violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in BLOCKING]


def test_fits_the_display_passes_axe_and_the_ticker_pauses(live_server, page, screen_data):  # noqa: F811
    overview.refresh_overview()
    for width, height in ((1920, 1080), (1366, 768), (DESKTOP["width"], DESKTOP["height"])):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/data/screen/")
        expect(page.get_by_role("heading", name="融资服务数据大屏")).to_be_visible()
        expect(page.locator("[data-figure=applications]")).to_have_text("5")
        expect(page.locator("[data-figure=disbursed_amount]")).to_have_text("0.00")
        across, down = page.evaluate(SIZE)
        assert across <= 0 and down <= 0, f"{across} px too wide, {down} px too tall at {width}×{height}"
        assert _violations(page) == [], f"{width}×{height}"
    ticker = page.locator(".ticker-track")
    expect(ticker).to_have_class("ticker-track scrolling")
    expect(ticker.locator(".ticker-list[aria-hidden=true]")).to_have_count(1)  # the copy that closes the loop
    expect(page.get_by_role("list").filter(has_text="某科技企业 获乙银行 150万元 信用贷款")).to_have_count(1)
    pause = page.get_by_role("button", name="暂停滚动")
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.querySelector('.ticker-track')).animationPlayState") == "paused"


def test_the_script_fetches_new_figures_on_its_own(live_server, page, screen_data):  # noqa: F811
    overview.refresh_overview()
    page.clock.install()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/data/screen/")
    expect(page.locator("[data-figure=applications-today]")).to_have_text("2")
    make("S6", screen_data.ent_b, screen_data.product_b, screen_data.midnight + 2 * H, amount=60)
    overview.refresh_overview()  # what the schedule does every 10 minutes
    with page.expect_response(lambda response: response.url.endswith("/data/screen/data.json")):
        page.clock.run_for(61_000)
    expect(page.locator("[data-figure=applications-today]")).to_have_text("3")
    expect(page.locator("[data-figure=applications]")).to_have_text("6")


def test_without_javascript_the_same_figures_and_a_plain_ticker(live_server, browser, screen_data):  # noqa: F811
    cache.clear()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1920, "height": 1080},
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{live_server.url}/data/screen/")
    expect(page.locator("[data-figure=registered]")).to_have_text("4")
    expect(page.locator(".ticker-list li")).to_have_count(3)
    expect(page.get_by_role("button", name="暂停滚动")).to_be_hidden()
    assert page.evaluate(SIZE)[0] <= 0
    context.close()


def test_the_clock_shows_the_sites_time_whatever_the_display_computers_zone(live_server, page, screen_data):  # noqa: F811
    page.clock.install(time="2026-12-06T15:30:05Z")  # the browser runs in UTC here; the site in Asia/Shanghai
    page.goto(f"{live_server.url}/data/screen/")
    expect(page.locator("#screen-clock")).to_have_text("2026-12-06 星期日 23:30:05")
    expect(page.locator("#screen-clock")).to_have_attribute("datetime", "2026-12-06T23:30:05")
