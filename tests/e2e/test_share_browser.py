"""分享 on a policy in real chromium, on a 360 px phone and a 1280 px desktop (issue 19): where the browser has a
share sheet the button opens it with the article's title and address; where it has none the button copies the
address and says so; the 微博 and 邮件 links carry the same address; nothing sticks out of the page."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_pages_browser import assert_no_horizontal_scroll
from tests.factories import PolicyPageFactory

SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360px", "1280px"])
TITLE = "关于进一步加大小微企业首贷支持力度的通知"


@pytest.fixture
def policy(policy_index):
    return PolicyPageFactory(parent=policy_index, slug="first-loan", title=TITLE, summary="首贷支持。")


def _open_from_the_channel(page, live_server, size):
    page.set_viewport_size(size)
    page.goto(live_server.url + "/policies/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_selector(".article-tools")
    share_box = page.locator(".share-box")
    share_box.scroll_into_view_if_needed()
    assert share_box.is_visible()
    box = share_box.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    assert_no_horizontal_scroll(page)
    return page.url


@SIZES
def test_share_opens_the_browsers_share_sheet_with_title_and_address(page, live_server, policy, size):
    page.add_init_script("""
        window.__shared = [];
        Object.defineProperty(navigator, 'share', {value: function (data) { window.__shared.push(data);
                                                                           return Promise.resolve(); }});""")
    article_url = _open_from_the_channel(page, live_server, size)
    page.get_by_role("button", name="分享到…").click()
    assert page.evaluate("window.__shared") == [{"title": TITLE, "url": article_url}]


@SIZES
def test_without_a_share_sheet_the_button_copies_the_address(page, live_server, policy, size, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.add_init_script("Object.defineProperty(navigator, 'share', {value: undefined})")
    article_url = _open_from_the_channel(page, live_server, size)
    page.goto(article_url + "?from=home#body")  # the copied address is the article's, without parameters
    page.get_by_role("button", name="复制链接").click()
    status = page.get_by_role("status").filter(has_text="链接已复制")
    status.wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == article_url
    weibo = parse_qs(urlsplit(page.get_by_role("link", name="微博").get_attribute("href")).query)
    assert weibo["url"] == [policy.full_url]  # the site's configured address, as in the sitemap
    assert weibo["title"] == [TITLE]
    mail = page.get_by_role("link", name="邮件").get_attribute("href")
    assert mail.startswith("mailto:?subject=") and TITLE in parse_qs(urlsplit(mail).query)["subject"]


def test_without_scripts_the_share_links_still_work_and_the_button_stays_hidden(browser, live_server, policy):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + policy.url)
    assert page.locator("[data-share]").is_hidden()
    assert page.get_by_role("link", name="微博").is_visible() and page.get_by_role("link", name="邮件").is_visible()
    context.close()
