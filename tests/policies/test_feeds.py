"""RSS 订阅 (issue 19): news and policy feeds at stable addresses, in Chinese, linked from the channel pages,
listing only live pages everyone may read."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.factories import NewsPageFactory, PolicyPageFactory

pytestmark = pytest.mark.django_db


def _items(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, [(item.findtext("title"), item.findtext("link")) for item in channel.findall("item")]


def test_news_feed_lists_live_news_newest_first_with_chinese_titles(client, news_index):
    older = NewsPageFactory(parent=news_index, title="金融服务座谈会召开", date=datetime.date(2026, 10, 1))
    newer = NewsPageFactory(parent=news_index, title="首贷服务中心揭牌", date=datetime.date(2026, 11, 20))
    channel, items = _items(client, "/feeds/news/")
    assert channel.findtext("title") == "新闻动态 - 融资服务门户" and channel.findtext("language") == "zh-cn"
    assert [title for title, _link in items] == ["首贷服务中心揭牌", "金融服务座谈会召开"]
    assert items[0][1] == newer.full_url and items[1][1] == older.full_url


def test_policy_feed_lists_policies_with_their_document_number(client, policy_index):
    PolicyPageFactory(parent=policy_index, title="小微企业贷款贴息办法", document_number="银发〔2026〕8号")
    response = client.get("/feeds/policies/")
    channel, items = _items(client, "/feeds/policies/")
    assert channel.findtext("title") == "政策法规 - 融资服务门户"
    assert [title for title, _link in items] == ["小微企业贷款贴息办法"]
    assert "银发〔2026〕8号" in response.content.decode()


def test_feeds_leave_out_unpublished_and_restricted_pages(client, news_index):
    NewsPageFactory(parent=news_index, title="公开新闻")
    draft = NewsPageFactory(parent=news_index, title="未发布草稿")
    draft.unpublish()
    private = NewsPageFactory(parent=news_index, title="仅会员可见")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    _channel, items = _items(client, "/feeds/news/")
    assert [title for title, _link in items] == ["公开新闻"]


@pytest.mark.parametrize(("index", "feed"), [("news_index", "/feeds/news/"), ("policy_index", "/feeds/policies/")])
def test_channel_page_links_its_feed_for_readers_and_people(client, request, index, feed):
    page = request.getfixturevalue(index)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    alternate = soup.select_one('head link[rel="alternate"][type="application/rss+xml"]')
    assert alternate["href"] == feed and "RSS" in alternate["title"]
    assert soup.select_one(".feed-link a")["href"] == feed and soup.select_one(".feed-link a").get_text() == "RSS 订阅"
