"""分享, 打印 and the 信息公开 pages in real chromium on a 360 px phone (issue 19)."""

import pytest

from demo import home as home_demo
from demo import policies as policies_demo
from tests.e2e.conftest import PHONE
from tests.e2e.test_pages_browser import assert_no_horizontal_scroll


@pytest.fixture
def demo_site(wagtail_tree):
    home = home_demo.ensure_home_page()
    collection = home_demo.public_collection()
    policies_demo.seed_channels(home)
    policies_demo.seed_content(home, collection)
    policies_demo.seed_disclosure(home)


def test_share_copies_the_link_and_print_hides_the_chrome(page, live_server, demo_site, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.add_init_script("Object.defineProperty(navigator, 'share', {value: undefined})")  # the copy path
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/news/")
    page.locator(".card-list .card-title a").first.click()
    page.wait_for_selector(".article-tools")
    assert_no_horizontal_scroll(page)
    article_url = page.url
    share = page.get_by_role("button", name="复制链接")
    share.click()
    page.get_by_role("status").filter(has_text="链接已复制").wait_for()  # not wait_for_function: the CSP has no eval
    assert page.evaluate("navigator.clipboard.readText()") == article_url
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".article-tools").is_visible()
    assert page.locator("article h1").is_visible()


def test_disclosure_pages_are_reached_from_the_footer_on_a_phone(page, live_server, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.locator("footer a", has_text="政府信息公开").click()
    page.locator(".sub-pages a", has_text="政府信息公开目录").click()
    page.wait_for_selector(".disclosure-table")
    assert page.locator(".disclosure-table tbody tr").count() >= 1
    assert_no_horizontal_scroll(page)
    assert page.locator("footer", has_text="政务新媒体").is_visible()
