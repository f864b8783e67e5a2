"""Channel listings: 置顶 first, then newest; filters; pagination; bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import NewsCategory, PolicyLevel, PolicyType
from tests.factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory, PolicyPageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.title for item in response.context["items"]]


def test_pinned_first_then_newest(client, news_index):
    NewsPageFactory(parent=news_index, title="旧闻", date=datetime.date(2026, 1, 1))
    NewsPageFactory(parent=news_index, title="新闻", date=datetime.date(2026, 10, 1))
    NewsPageFactory(parent=news_index, title="置顶旧闻", date=datetime.date(2025, 5, 1), is_pinned=True)
    response = client.get(news_index.url)
    assert titles(response) == ["置顶旧闻", "新闻", "旧闻"]
    assert "置顶" in response.content.decode()


def test_parent_channel_lists_its_sub_channels_articles(client, news_index):
    sub_channel = NewsIndexPageFactory(parent=news_index, title="人民银行动态", slug="pbc")
    NewsPageFactory(parent=sub_channel, title="人民银行新闻")
    NewsPageFactory(parent=news_index, title="平台新闻")
    assert set(titles(client.get(news_index.url))) == {"人民银行新闻", "平台新闻"}
    assert titles(client.get(sub_channel.url)) == ["人民银行新闻"]


def test_drafts_and_unpublished_pages_are_not_listed(client, news_index):
    NewsPageFactory(parent=news_index, title="草稿", live=False)
    withdrawn = NewsPageFactory(parent=news_index, title="已撤回")
    withdrawn.unpublish()
    NewsPageFactory(parent=news_index, title="已发布")
    assert titles(client.get(news_index.url)) == ["已发布"]


def test_news_filter_by_category_and_year(client, news_index):
    NewsPageFactory(parent=news_index, title="通知2026", category=NewsCategory.NOTICE, date=datetime.date(2026, 3, 1))
    NewsPageFactory(parent=news_index, title="通知2025", category=NewsCategory.NOTICE, date=datetime.date(2025, 3, 1))
    NewsPageFactory(parent=news_index, title="动态2026", category=NewsCategory.WORK, date=datetime.date(2026, 4, 1))
    assert titles(client.get(news_index.url, {"category": "notice"})) == ["通知2026", "通知2025"]
    assert titles(client.get(news_index.url, {"category": "notice", "year": "2025"})) == ["通知2025"]
    response = client.get(news_index.url, {"year": "abc"})
    assert response.status_code == 200 and len(titles(response)) == 3


def test_policy_filters_by_type_level_and_tag(client, policy_index):
    tax = PolicyPageFactory(parent=policy_index, title="税收", policy_type=PolicyType.TAX, level=PolicyLevel.NATIONAL)
    PolicyPageFactory(parent=policy_index, title="补助", policy_type=PolicyType.SUBSIDY, level=PolicyLevel.MUNICIPAL)
    tax.tags.add("小微企业")
    tax.save_revision().publish()
    assert titles(client.get(policy_index.url, {"type": "tax"})) == ["税收"]
    assert titles(client.get(policy_index.url, {"level": "municipal"})) == ["补助"]
    assert titles(client.get(policy_index.url, {"tag": "小微企业"})) == ["税收"]


def test_pagination_keeps_filters_and_survives_bad_page_numbers(client, news_index):
    for n in range(25):
        NewsPageFactory(parent=news_index, title=f"通知{n}", category=NewsCategory.NOTICE,
                        date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    first = client.get(news_index.url, {"category": "notice"})
    assert len(titles(first)) == 20
    assert "category=notice&amp;page=2" in first.content.decode()
    second = client.get(news_index.url, {"category": "notice", "page": 2})
    assert len(titles(second)) == 5
    assert client.get(news_index.url, {"page": "999"}).status_code == 200
    assert client.get(news_index.url, {"page": "x"}).status_code == 200


def _render_listing(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_query_count_does_not_grow_with_items(client, news_index):
    """A page of 20 articles with cover images costs the same queries as a page of 2 (no N+1)."""
    for _ in range(2):
        NewsPageFactory(parent=news_index, cover_image=ImageFactory())
    client.get(news_index.url)  # renditions are generated on first view
    few = _render_listing(client, news_index.url)
    for _ in range(18):
        NewsPageFactory(parent=news_index, cover_image=ImageFactory())
    client.get(news_index.url)
    many = _render_listing(client, news_index.url)
    assert many == few, f"{few} queries for 2 items but {many} for 20"
    assert many <= 20


def test_sub_channel_strip_shows_channels_not_articles(client, news_index):
    """Articles may sit directly in a channel; only sub-channels belong in the strip above the list."""
    sub_channel = NewsIndexPageFactory(parent=news_index, title="人民银行动态", slug="pbc")
    for _ in range(5):
        NewsPageFactory(parent=news_index)
    response = client.get(news_index.url)
    assert [channel.title for channel in response.context["sub_channels"]] == [sub_channel.title]
