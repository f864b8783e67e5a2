"""A visitor types a query into the header search box and sees highlighted results."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import NewsPageFactory, PolicyPageFactory


@pytest.mark.django_db(transaction=True)
def test_header_search_box_finds_chinese_words_inside_longer_text(live_server, page, home, news_index,
                                                                  policy_index):
    PolicyPageFactory(parent=policy_index, slug="sme-policy", title="关于进一步加强中小微企业金融服务的指导意见")
    NewsPageFactory(parent=news_index, slug="credit", title="某公司凭订单获得信用贷款")
    NewsPageFactory(parent=news_index, slug="festival", title="文化旅游节开幕")

    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="站内搜索").fill("小微")
    page.get_by_role("searchbox", name="站内搜索").press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    hits = page.locator(".search-hit__title")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("中小微企业金融服务")
    expect(hits.first.locator("mark")).to_have_text("小微")
    expect(page.locator(".facet").first).to_contain_text("政策")

    hits.first.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("中小微企业金融服务的指导意见")
