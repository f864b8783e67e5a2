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
    page.get_by_role("combobox", name="站内搜索").fill("小微")
    page.get_by_role("combobox", name="站内搜索").press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    hits = page.locator(".search-hit__title")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("中小微企业金融服务")
    expect(hits.first.locator("mark")).to_contain_text("小微")  # 小微企业: a word of the synonym table
    expect(page.locator(".facet").first).to_contain_text("政策")

    hits.first.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("中小微企业金融服务的指导意见")


@pytest.mark.django_db(transaction=True)
def test_an_faq_answer_is_found_and_its_link_opens_the_faq_at_that_entry(live_server, page, home):
    from tests.factories.consultations import FAQCategoryFactory, FAQFactory

    entry = FAQFactory(category=FAQCategoryFactory(name="贷款申请"), question="没有抵押物怎么办？",
                       answer="可以申请政府性融资担保机构的担保服务。")

    page.goto(live_server.url + "/search/?q=" + "担保")
    hits = page.locator(".search-hit__title")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("没有抵押物怎么办？")
    expect(page.locator(".search-hit__meta").first).to_contain_text("常见问题")

    hits.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/consult/faq/#faq-entry-{entry.pk}$"))
    expect(page.locator(f"#faq-entry-{entry.pk}")).to_contain_text("没有抵押物怎么办？")
