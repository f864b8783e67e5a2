"""The home page shows what a visitor expects first (F-HOME-2..4, F-HOME-8)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page

from home.models import HomeBanner
from policies.models import PolicyPage
from tests.factories import ImageFactory, PolicyPageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_shows_the_three_newest_policies_with_apply_buttons(client, home, policy_index):
    for day in range(1, 6):
        PolicyPageFactory(parent=policy_index, title=f"政策{day}", date=datetime.date(2026, 11, day),
                          apply_url="https://zwfw.example.gov.cn/apply" if day == 5 else "")
    PolicyPageFactory(parent=policy_index, title="未发布政策", date=datetime.date(2026, 11, 30), live=False)
    page = soup(client.get("/"))
    section = page.find(id="policies-h").parent
    assert [a.text for a in section.select(".card-title a")] == ["政策5", "政策4", "政策3"]
    assert section.find("a", string="立即申报")["href"] == "https://zwfw.example.gov.cn/apply"


def test_home_shows_banners_service_cards_quick_links_and_contact(client, home):
    HomeBanner.objects.create(page=home, image=ImageFactory(description="轮播说明"), title="银企对接", link_url="/x/")
    home.service_cards = [("card", {"icon": "loan", "title": "我要贷款", "intro": "智能匹配",
                                     "link": {"page": None, "url": "/market/match/"}})]
    home.quick_links = [("link", {"title": "市人民政府", "url": "https://www.example.gov.cn/"})]
    home.save_revision().publish()
    page = soup(client.get("/"))
    assert page.select_one(".banner img")["alt"] == "轮播说明"
    assert page.select_one(".service-card")["href"] == "/market/match/"
    assert page.find("a", string="市人民政府")
    contact = page.select_one(".contact-block").text
    assert "服务热线" in contact and "0558-12345" in contact


def test_home_product_block_is_empty_until_products_exist(client, home):
    assert "金融产品即将上线" in client.get("/").content.decode()


def test_home_page_query_count_is_bounded(client, home, news_index, policy_index, django_assert_max_num_queries):
    for _ in range(8):
        PolicyPageFactory(parent=policy_index)
    client.get("/")
    with django_assert_max_num_queries(25):
        client.get("/")


def test_seed_demo_builds_the_site_and_is_idempotent(client, demo_site):
    # demo_site is seed_demo's first run (once per test process, tests/conftest.py); this is its second
    pages, policies = Page.objects.count(), PolicyPage.objects.count()
    call_command("seed_demo", quiet_logins=True)
    assert (Page.objects.count(), PolicyPage.objects.count()) == (pages, policies)
    assert policies >= 10
    home = soup(client.get("/"))
    assert len(home.select(".banner")) == 2
    assert len(home.select("#policies-h ~ .card-row .card")) == 3
    nav = [a.text for a in home.select(".main-nav a")]
    assert nav[:6] == ["首页", "金融超市", "我要贷款", "新闻动态", "政策法规", "融资案例"]
    assert client.get("/policies/pbc-policies/").status_code == 200



def test_every_internal_link_on_the_demo_home_page_answers(client, demo_site):
    links = {a["href"] for a in soup(client.get("/")).select("main a[href^='/'], header a[href^='/']")}
    assert len(links) >= 15
    broken = {href: client.get(href).status_code for href in sorted(links)}
    broken = {href: status for href, status in broken.items() if status not in (200, 302)}
    assert broken == {}
