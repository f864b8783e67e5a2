"""RSS 订阅 (issue 19): news and policy feeds at stable addresses, and one feed per channel (a department's
sub-channel, cases, projects), in Chinese, linked from the channel pages, listing only live pages everyone may
read."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.factories import CasePageFactory, NewsPageFactory, PolicyPageFactory, UserFactory
from tests.factories.lists import ProjectIndexPageFactory, ProjectPageFactory
from tests.factories.pages import CaseIndexPageFactory, NewsIndexPageFactory

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


@pytest.fixture
def department_channels(news_index, home):
    """新闻动态 with two departments' sub-channels, and 项目信息 with a department's project channel."""
    pbc = NewsIndexPageFactory(parent=news_index, slug="pbc-news", title="人民银行动态")
    ndrc = NewsIndexPageFactory(parent=news_index, slug="ndrc-news", title="发改委动态")
    NewsPageFactory(parent=pbc, title="人民银行召开金融服务座谈会", date=datetime.date(2026, 11, 2))
    NewsPageFactory(parent=pbc, title="再贷款额度下达", date=datetime.date(2026, 11, 9))
    NewsPageFactory(parent=ndrc, title="重点项目清单发布")
    projects = ProjectIndexPageFactory(parent=home, slug="projects", title="项目信息")
    ndrc_projects = ProjectIndexPageFactory(parent=projects, slug="ndrc-projects", title="发改委项目")
    ProjectPageFactory(parent=ndrc_projects, title="智能制造产业园项目")
    return {"pbc": pbc, "ndrc": ndrc, "projects": ndrc_projects}


def test_each_department_channel_has_its_own_feed(client, department_channels):
    pbc = department_channels["pbc"]
    channel, items = _items(client, f"/feeds/channel/{pbc.pk}/")
    assert channel.findtext("title") == "人民银行动态 - 融资服务门户"
    assert channel.findtext("link") == pbc.full_url
    assert [title for title, _link in items] == ["再贷款额度下达", "人民银行召开金融服务座谈会"]
    _channel, items = _items(client, f"/feeds/channel/{department_channels['projects'].pk}/")
    assert [title for title, _link in items] == ["智能制造产业园项目"]
    # the whole 新闻动态 feed still has every department's news
    _channel, items = _items(client, "/feeds/news/")
    assert len(items) == 3


@pytest.mark.parametrize("name", ["pbc", "projects"])
def test_a_department_channel_page_links_its_own_feed(client, department_channels, name):
    page = department_channels[name]
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    alternate = soup.select_one('head link[rel="alternate"][type="application/rss+xml"]')
    assert alternate["href"] == f"/feeds/channel/{page.pk}/" and alternate["title"] == f"{page.title} RSS 订阅"
    link = soup.select_one(".feed-link a")
    assert link["href"] == f"/feeds/channel/{page.pk}/" and link.get_text() == "RSS 订阅"


def test_the_case_channel_has_a_feed(client, home):
    cases = CaseIndexPageFactory(parent=home, slug="cases", title="融资案例")
    CasePageFactory(parent=cases, title="科技企业获得信用贷款")
    soup = BeautifulSoup(client.get(cases.url).content, "html.parser")
    feed = soup.select_one('head link[rel="alternate"]')["href"]
    assert feed == f"/feeds/channel/{cases.pk}/"
    assert [title for title, _link in _items(client, feed)[1]] == ["科技企业获得信用贷款"]


def test_no_feed_for_an_article_a_draft_or_a_restricted_channel(client, department_channels):
    article = department_channels["pbc"].get_children().first()
    assert client.get(f"/feeds/channel/{article.pk}/").status_code == 404
    assert client.get("/feeds/channel/999999/").status_code == 404
    department_channels["ndrc"].unpublish()
    assert client.get(f"/feeds/channel/{department_channels['ndrc'].pk}/").status_code == 404
    PageViewRestriction.objects.create(page=department_channels["pbc"], restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"/feeds/channel/{department_channels['pbc'].pk}/").status_code == 404


def test_an_article_offers_its_channels_feed(client, department_channels, policy_index):
    news = department_channels["pbc"].get_children().first()
    link = BeautifulSoup(client.get(news.url).content, "html.parser").select_one(".article-tools a.feed-link")
    assert link["href"] == f"/feeds/channel/{department_channels['pbc'].pk}/"
    assert link.get_text() == "订阅“人民银行动态”"
    policy = PolicyPageFactory(parent=policy_index, title="小微企业贷款贴息办法")
    link = BeautifulSoup(client.get(policy.url).content, "html.parser").select_one(".article-tools a.feed-link")
    assert link["href"] == "/feeds/policies/" and link.get_text() == "订阅“政策法规”"


@pytest.mark.parametrize("feed", ["/feeds/news/", "channel"])
def test_feeds_are_kept_for_visitors_until_something_is_published(client, department_channels, settings, feed):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    client.get("/")  # the site's settings row is created on the first request (which purges)
    pbc = department_channels["pbc"]
    url = f"/feeds/channel/{pbc.pk}/" if feed == "channel" else feed
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    draft = NewsPageFactory(parent=pbc, title="首贷服务中心揭牌", date=datetime.date(2026, 11, 30), live=False)
    assert "首贷服务中心揭牌" not in client.get(url).content.decode()
    draft.save_revision().publish()
    assert [title for title, _link in _items(client, url)[1]][0] == "首贷服务中心揭牌"
    client.force_login(UserFactory())
    assert "X-Page-Cache" not in client.get(url)
