"""网站地图: an HTML page for people (linked from every footer and the error pages) and /sitemap.xml for
crawlers, both with the pages that are not Wagtail pages; the favicon; a description on every page."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import NewsIndexPageFactory

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
