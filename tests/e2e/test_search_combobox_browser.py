"""The header search box's suggestions, driven with the keyboard only (an ARIA 1.2 combobox, search/static/search/
suggest.js), on a desktop and on a phone: typing opens the list, ArrowDown/ArrowUp move the active option (announced
through aria-activedescendant), Enter opens it, Escape closes the list and leaves the text."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import NewsPageFactory, PolicyPageFactory

VIEWPORTS = [pytest.param(DESKTOP, id="1280"), pytest.param(PHONE, id="360")]


def header_box(page):
    return page.get_by_role("combobox", name="站内搜索")


def suggestions(page):
    return page.get_by_role("listbox", name="搜索建议")


def active_option(page, box):
    """The option aria-activedescendant names (asserting it is the one marked selected, and the only one)."""
    active_id = box.get_attribute("aria-activedescendant")
    assert active_id, "no active option"
    option = page.locator(f"#{active_id}")
    expect(option).to_have_attribute("role", "option")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(suggestions(page).locator("[role=option][aria-selected=true]")).to_have_count(1)
    return option


def open_list(page, box, text, count):
    box.fill(text)
    listbox = suggestions(page)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    expect(listbox.get_by_role("option")).to_have_count(count)
    assert box.get_attribute("aria-activedescendant") is None  # nothing active until an arrow key


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.django_db(transaction=True)
def test_header_suggestions_with_the_keyboard(live_server, page, home, news_index, policy_index, viewport):
    news = NewsPageFactory(parent=news_index, slug="kechuang-news", title="工商银行推出科创快贷支持科技企业")
    policy = PolicyPageFactory(parent=policy_index, slug="kechuang-policy", title="科创快贷贴息办法")
    NewsPageFactory(parent=news_index, slug="festival", title="文化旅游节开幕")
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    box = header_box(page)
    expect(box).to_have_attribute("aria-expanded", "false")

    # typing opens the list: the two pages whose title has the words
    open_list(page, box, "科创快贷", 2)
    listbox = suggestions(page)
    box_right = box.bounding_box()
    for option in listbox.get_by_role("option").all():  # readable on the phone: inside the screen
        shape = option.bounding_box()
        assert shape["x"] >= 0 and shape["x"] + shape["width"] <= viewport["width"] + 1, shape
        assert shape["y"] >= box_right["y"] + box_right["height"] - 1  # under the box
    first, second = listbox.get_by_role("option").all()

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    active_option(page, box)
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "false")
    active_option(page, box)
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("ArrowUp")  # from the first: round to the last
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(box).to_be_focused()  # the focus stays in the box all along

    # Escape closes the list and keeps the text; Enter then submits the text as typed
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    expect(box).to_have_value("科创快贷")

    # Enter on an active page opens that page
    open_list(page, box, "科创快", 2)
    box.press("ArrowDown")
    chosen = active_option(page, box)
    title = chosen.inner_text()
    target = {news.title: news, policy.title: policy}[next(t for t in (news.title, policy.title) if t in title)]
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{target.slug}/$"))
    expect(page.locator("h1")).to_contain_text(target.title)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.django_db(transaction=True)
def test_enter_on_a_suggested_word_searches_it_and_escape_then_enter_searches_the_text(
    live_server, page, home, news_index, viewport
):
    NewsPageFactory(parent=news_index, slug="icbc", title="中国工商银行发布小微企业信用贷款")
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    box = header_box(page)

    # 工商 suggests the synonym table's word 工商银行 (a word, first) and the page
    open_list(page, box, "工商", 2)
    box.press("ArrowDown")
    expect(active_option(page, box)).to_contain_text("工商银行")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=" + re.escape("%E5%B7%A5%E5%95%86%E9%93%B6%E8%A1%8C") + "$"))
    expect(page.locator(".search-hit__title")).to_have_count(1)

    # back on the home page: Escape, then Enter searches what was typed, not a suggestion
    page.goto(live_server.url + "/")
    box = header_box(page)
    open_list(page, box, "工商", 2)
    box.press("ArrowDown")
    box.press("Escape")
    expect(suggestions(page)).to_be_hidden()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=" + re.escape("%E5%B7%A5%E5%95%86") + "$"))
