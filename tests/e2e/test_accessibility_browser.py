"""适老化 in real chromium: 长者模式 stays on from page to page, and the skip link works from the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def site_pages(wagtail_tree):
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="portal-home", title="首页")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    news = NewsIndexPageFactory(parent=home, slug="news", title="新闻动态")
    NewsPageFactory(parent=news, slug="meeting", title="银企对接会召开")
    return home


@pytest.mark.django_db(transaction=True)
def test_elder_mode_persists_across_pages_and_skip_link_works_by_keyboard(page, live_server, site_pages):
    page.goto(live_server.url + "/news/")
    html = page.locator("html")
    expect(html).not_to_have_class(re.compile("elder-mode"))
    base_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    page.get_by_role("button", name="长者模式").click()
    expect(html).to_have_class(re.compile("elder-mode"))
    expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="银企对接会召开").click()
    page.wait_for_url("**/news/meeting/")
    expect(html).to_have_class(re.compile("elder-mode"))  # the next page, served from the same cache as anyone's
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > base_size
    header_bg = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header_bg == "rgb(0, 0, 0)"
    assert page.context.cookies() == [] or all(c["name"] != "portal-elder" for c in page.context.cookies())

    # keyboard: the first Tab lands on the skip link, Enter moves focus into <main>
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    page.get_by_role("button", name="长者模式").click()  # off again, and it stays off
    page.goto(live_server.url + "/news/")
    expect(html).not_to_have_class(re.compile("elder-mode"))
