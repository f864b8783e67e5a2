"""A visitor switches the site to English from the footer and back to Chinese."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE


@pytest.mark.django_db(transaction=True)
def test_visitor_switches_to_english_and_back_from_the_footer(live_server, page, home):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")  # the browser asks for zh-CN anyway

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/market/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Financial Marketplace")).to_be_visible()
    page.get_by_role("link", name="Sign in").first.click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Username / Unified Social Credit Code")).to_be_visible()

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
