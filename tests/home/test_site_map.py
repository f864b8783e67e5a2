"""网站地图: an HTML page for people (linked from every footer and the error pages) and /sitemap.xml for
crawlers, both with the pages that are not Wagtail pages; the favicon; a description on every page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap_view
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page, PageViewRestriction, Site

from home.sitemap import CRAWLABLE
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_sitemap_xml_lists_the_portals_views_at_the_host_asked(client, home):
    body = client.get("/sitemap.xml", HTTP_HOST="portal.example.cn").content.decode()
    for path in ["/", "/market/", "/market/calculator/", "/consult/", "/consult/faq/", "/board/", "/data/",
                 "/sitemap/"]:
        assert f"<loc>http://portal.example.cn{path}</loc>" in body, path
    assert "localhost" not in body
    assert "/market/cart/" not in body  # a member's page: a crawler would only meet the login page


class _FrameworkPages(WagtailSitemap):
    """What sitemap.xml was built with before it was written from plain rows: Wagtail's page sitemap (each page's
    get_full_url), its addresses moved to the host asked."""

    def items(self):
        return self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public().order_by("path")

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        root, origin = Site.find_for_request(self.request).root_url, f"http://{self.request.get_host()}"
        for url in urls:
            if url["location"] == root or url["location"].startswith(root + "/"):
                url["location"] = origin + url["location"][len(root):]
        return urls


class _FrameworkViews(Sitemap):
    changefreq = "daily"

    def items(self):
        return CRAWLABLE

    def location(self, item):
        return reverse(item)


def test_sitemap_xml_is_the_document_djangos_sitemap_framework_wrote(client, home, news_index):
    """Written from plain rows (10,000 pages in well under a second), it is byte for byte the framework's: live
    public pages in tree order with their local publication date, URL-quoted non-ASCII slugs, then the views."""
    NewsPageFactory(parent=news_index, slug="live-news")
    NewsPageFactory(parent=news_index, slug="草稿", live=False)
    NewsPageFactory(parent=news_index, slug="银企对接")
    late = NewsPageFactory(parent=news_index, slug="late-evening")  # 23:30 UTC is the next day in China
    Page.objects.filter(pk=late.pk).update(last_published_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC))
    unpublished = NewsPageFactory(parent=news_index, slug="never-dated")
    Page.objects.filter(pk=unpublished.pk).update(last_published_at=None, latest_revision_created_at=None)
    private = NewsIndexPageFactory(parent=home, slug="internal")
    NewsPageFactory(parent=private, slug="internal-news")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    body = client.get("/sitemap.xml", HTTP_HOST="portal.example.cn").content.decode()
    request = RequestFactory().get("/sitemap.xml", HTTP_HOST="portal.example.cn")
    framework = django_sitemap_view(request, {"pages": _FrameworkPages(request), "views": _FrameworkViews()})
    assert body == framework.render().content.decode()
    assert "/news/%E9%93%B6%E4%BC%81%E5%AF%B9%E6%8E%A5/" in body and "internal" not in body
    assert "<loc>http://portal.example.cn/news/late-evening/</loc><lastmod>2026-03-02</lastmod>" in body
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_sitemap_xml_has_one_page_of_urls_here(client, home):
    assert client.get("/sitemap.xml?p=1").status_code == 200
    assert client.get("/sitemap.xml?p=2").status_code == 404
    assert client.get("/sitemap.xml?p=x").status_code == 404


def test_html_sitemap_lists_channels_and_services(client, home):
    news = NewsIndexPageFactory(parent=home, slug="news", title="新闻动态", show_in_menus=True)
    NewsIndexPageFactory(parent=news, slug="pbc-news", title="人民银行动态", show_in_menus=True)
    soup = _soup(client.get("/sitemap/"))
    assert soup.h1.get_text() == "网站地图"
    links = {a.get_text(strip=True): a["href"] for a in soup.select("main a")}
    assert links["新闻动态"] == "/news/" and links["人民银行动态"] == "/news/pbc-news/"
    for label, href in [("金融超市", "/market/"), ("我要贷款", "/market/match/"), ("贷款计算器", "/market/calculator/"),
                        ("融资需求", "/market/needs/"), ("常见问题", "/consult/faq/"), ("数据概览", "/data/")]:
        assert links[label] == href


def test_footer_and_error_pages_lead_to_the_sitemap_home_and_search(client, home):
    assert _soup(client.get("/")).select_one(".site-footer a[href='/sitemap/']") is not None
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    actions = [a["href"] for a in _soup(missing).select(".error-actions a")]
    assert actions == ["/", "/sitemap/", "/search/"]


def test_favicon_is_declared_and_answers_at_its_conventional_address(client, home):
    assert _soup(client.get("/")).select_one("link[rel=icon]")["href"].endswith("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


@pytest.mark.parametrize("path", ["/", "/market/", "/consult/", "/sitemap/", "/accounts/login/"])
def test_every_page_has_a_meta_description(client, home, path):
    description = _soup(client.get(path)).select_one("meta[name=description]")
    assert description is not None and len(description["content"]) > 10


def test_home_page_has_one_h1(client, home):
    assert len(_soup(client.get("/")).find_all("h1")) == 1
