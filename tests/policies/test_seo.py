"""Every page has its own <title> and META description, and is in the sitemap (F-CMS-12)."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import NewsPageFactory, PolicyPageFactory

pytestmark = pytest.mark.django_db


def test_article_title_and_description(client, news_index):
    page = NewsPageFactory(parent=news_index, title="银企对接会召开", summary="全市银企对接会在市政务中心召开。")
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.title.text == "银企对接会召开 - 融资服务门户"
    assert soup.find("meta", attrs={"name": "description"})["content"] == "全市银企对接会在市政务中心召开。"


def test_editor_seo_fields_win(client, policy_index):
    page = PolicyPageFactory(parent=policy_index, title="长标题", seo_title="短标题", search_description="搜索摘要",
                             summary="正文摘要")
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.title.text == "短标题 - 融资服务门户"
    assert soup.find("meta", attrs={"name": "description"})["content"] == "搜索摘要"


def test_sitemap_lists_live_pages_only(client, news_index):
    live = NewsPageFactory(parent=news_index, slug="live-news")
    NewsPageFactory(parent=news_index, slug="draft-news", live=False)
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{live.url}</loc>" in body  # at the host the sitemap was asked from
    assert "draft-news" not in body
