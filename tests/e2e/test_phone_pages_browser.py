"""On a 360 px phone (DESIGN §10): every public page type and every page of the enterprise's member centre fits
the screen (no sideways scrolling) and axe finds no serious or critical violation; the main menu works with
and without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.e2e.test_axe_browser import BLOCKING, WCAG_TAGS
from tests.factories import NewsIndexPageFactory
from tests.site_pages import enterprise_account, member_pages, public_pages

pytestmark = pytest.mark.django_db(transaction=True)

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _problems(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found = []
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        found.append(f"{overflow} px wider than the screen")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    found += [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
              for v in results.response["violations"] if v["impact"] in BLOCKING]
    return found


def test_every_page_fits_a_phone_and_passes_axe(page, live_server, demo_site):
    page.set_viewport_size(PHONE)
    pages = public_pages()
    signed_in = member_pages()  # read before the browser runs: the ORM refuses Playwright's event loop
    account = enterprise_account()
    found = {}
    for name, path in pages.items():
        problems = _problems(page, live_server.url + path)
        if problems:
            found[f"{name} {path}"] = problems
    sign_in(page, live_server.url, account, via="session")
    for name, path in signed_in.items():
        problems = _problems(page, live_server.url + path)
        if problems:
            found[f"{name} {path} (signed in)"] = problems
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())


@pytest.fixture
def small_site(home):
    NewsIndexPageFactory(parent=home, slug="news", title="新闻动态", show_in_menus=True)
    return home


def test_phone_menu_is_shown_without_javascript(browser, live_server, small_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="主导航")
    for name in ["首页", "金融超市", "我要贷款", "新闻动态", "在线咨询"]:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()  # a button that could do nothing
    menu.get_by_role("link", name="金融超市").click()
    expect(page.get_by_role("heading", level=1, name="金融超市")).to_be_visible()
    context.close()


def test_phone_menu_folds_behind_its_button_with_javascript(page, live_server, small_site):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="主导航")
    toggle = page.get_by_role("button", name="菜单")
    expect(menu.get_by_role("link", name="金融超市")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    menu.get_by_role("link", name="我要贷款").click()
    page.wait_for_url("**/accounts/login/?next=/market/match/")
