"""Home, a listing and an article in real chromium, at desktop width and on a 360 px phone."""

import pytest

from demo import home as home_demo
from demo import policies as policies_demo
from tests.e2e.conftest import DESKTOP, PHONE


@pytest.fixture
def demo_site(wagtail_tree):
    """The editorial part of the demo site (the whole seed_demo is slower and not needed here)."""
    home = home_demo.ensure_home_page()
    collection = home_demo.public_collection()
    policies_demo.seed_channels(home)
    home_demo.seed_home(home, collection)
    policies_demo.seed_content(home, collection)


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"


def assert_every_image_loaded_with_alt(page):
    images = page.locator("main img")
    for n in range(images.count()):
        image = images.nth(n)
        image.scroll_into_view_if_needed()
        assert image.get_attribute("alt").strip()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_listing_and_article_lay_out_at_every_width(page, live_server, demo_site, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    assert page.title().startswith("首页")
    assert page.locator("#policies-h ~ .card-row .card").count() == 3
    assert_no_horizontal_scroll(page)
    assert_every_image_loaded_with_alt(page)

    if viewport is PHONE:
        assert not page.locator(".main-nav a", has_text="政策法规").is_visible()
        page.get_by_role("button", name="菜单").click()
    page.locator(".main-nav a", has_text="政策法规").click()
    page.wait_for_url("**/policies/")
    assert page.locator(".card-list .card").count() == 10
    assert_no_horizontal_scroll(page)
    page.select_option("select[name=type]", "tax")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**type=tax**")
    assert page.locator(".card-list .card").count() == 2

    page.locator(".card-list .card-title a").first.click()
    assert page.locator("h1").inner_text()
    assert page.locator(".policy-meta").is_visible()
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_heavy_image_opens_enlarged_on_click(page, live_server, demo_site, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/news/fin-news/news-2/")
    zoom = page.locator("a[data-zoom]")
    assert zoom.count() == 1
    thumb = zoom.locator("img")
    thumb.scroll_into_view_if_needed()
    assert thumb.bounding_box()["width"] <= min(800, viewport["width"])
    zoom.click()
    overlay = page.locator(".lightbox img")
    overlay.wait_for()
    page.wait_for_function("() => document.querySelector('.lightbox img').naturalWidth > 0")
    assert overlay.get_attribute("alt") == thumb.get_attribute("alt")
    page.keyboard.press("Escape")
    assert page.locator(".lightbox").count() == 0
    assert_no_horizontal_scroll(page)


def test_gallery_row_images_share_a_height(page, live_server, demo_site):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/news/ndrc-news/news-3/")
    images = page.locator(".gallery--row img")
    assert images.count() == 3
    heights = {round(images.nth(n).bounding_box()["height"]) for n in range(3)}
    assert len(heights) == 1
