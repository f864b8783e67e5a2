"""收藏, 分享 and 打印 on articles (news, policies, cases), issue 19: a favourite is a plain POST form (CSRF,
no JavaScript), idempotent, listed in the member centre and removable; visitors are sent to log in and back."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import PageViewRestriction

from members.models import Favourite
from tests.factories import CasePageFactory, NewsPageFactory, PolicyPageFactory
from tests.factories.pages import CaseIndexPageFactory
from tests.refusals import assert_forbidden, assert_not_found, assert_redirects_to, assert_sends_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(news_index, policy_index, home):
    cases = CaseIndexPageFactory(parent=home, slug="cases")
    return {
        "news": NewsPageFactory(parent=news_index, title="人民银行召开金融服务座谈会"),
        "policy": PolicyPageFactory(parent=policy_index, title="小微企业贷款贴息办法"),
        "case": CasePageFactory(parent=cases, title="科技企业获得信用贷款"),
    }


def _soup(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser")


@pytest.mark.parametrize("kind", ["news", "policy", "case"])
def test_signed_in_user_favourites_an_article_with_a_plain_form(client, cast, articles, kind):
    page = articles[kind]
    client.force_login(cast.ent_a)
    form = _soup(client, page.url).select_one(".article-tools form[action='/member/favourites/add/']")
    assert form["method"] == "post" and form.select_one("input[name=csrfmiddlewaretoken]")
    assert form.select_one("input[name=page]")["value"] == str(page.pk)
    response = client.post("/member/favourites/add/", {"page": page.pk, "next": page.url})
    assert_redirects_to(response, page.url)
    assert Favourite.objects.filter(user=cast.ent_a, page=page).exists()
    assert "已收藏 · 取消收藏" in client.get(page.url).content.decode()


def test_favouriting_twice_keeps_one_favourite(client, cast, articles):
    client.force_login(cast.ent_a)
    for _attempt in range(2):
        client.post("/member/favourites/add/", {"page": articles["news"].pk})
    assert Favourite.objects.filter(user=cast.ent_a).count() == 1


def test_favourites_page_lists_each_kind_and_removes_one(client, cast, articles):
    client.force_login(cast.ent_a)
    for page in articles.values():
        client.post("/member/favourites/add/", {"page": page.pk})
    soup = _soup(client, "/member/favourites/")
    items = {li["data-favourite"]: li.get_text(" ", strip=True) for li in soup.select("li[data-favourite]")}
    assert items[str(articles["news"].pk)].startswith("新闻 人民银行召开金融服务座谈会")
    assert items[str(articles["policy"].pk)].startswith("政策 小微企业贷款贴息办法")
    assert items[str(articles["case"].pk)].startswith("融资案例 科技企业获得信用贷款")
    favourite = Favourite.objects.get(page=articles["policy"])
    assert_redirects_to(client.post(f"/member/favourites/{favourite.pk}/delete/"), "/member/favourites/")
    assert str(articles["policy"].pk) not in {li["data-favourite"] for li in
                                             _soup(client, "/member/favourites/").select("li[data-favourite]")}


def test_visitor_is_sent_to_log_in_and_back_to_the_article(client, articles):
    page = articles["news"]
    link = _soup(client, page.url).select_one(".article-tools .favourite-box a")
    assert link["href"] == f"/accounts/login/?next={page.url}" and link.get_text() == "登录后收藏"
    assert_sends_to_login(client.post("/member/favourites/add/", {"page": page.pk}), next_url=page.url)
    assert not Favourite.objects.exists()


def test_article_page_for_visitors_carries_no_csrf_token_so_it_stays_cacheable(client, articles):
    response = client.get(articles["policy"].url)
    assert b"csrfmiddlewaretoken" not in response.content and "csrftoken" not in response.cookies


def test_other_users_favourites_are_neither_listed_nor_removable(client, cast, articles):
    theirs = Favourite.objects.create(user=cast.ent_b, page=articles["case"])
    client.force_login(cast.ent_a)
    assert "科技企业获得信用贷款" not in client.get("/member/favourites/").content.decode()
    assert_forbidden(client.post(f"/member/favourites/{theirs.pk}/delete/"))
    assert Favourite.objects.filter(pk=theirs.pk).exists()


def test_a_restricted_article_cannot_be_favourited(client, cast, articles):
    page = articles["news"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(cast.ent_a)
    assert_not_found(client.post("/member/favourites/add/", {"page": page.pk}))
    assert not Favourite.objects.exists()


@pytest.mark.parametrize("kind", ["news", "policy", "case"])
def test_article_offers_print_and_share_links_that_work_without_javascript(client, articles, kind):
    page = articles[kind]
    tools = _soup(client, page.url).select_one(".article-tools")
    print_link = tools.select_one("a[data-print]")
    assert print_link.get_text() == "打印" and print_link["href"] == "?print=1"
    links = {a.get_text(): a["href"] for a in tools.select(".share-box a")}
    assert links["微博"].startswith("https://service.weibo.com/share/share.php?url=http")
    assert links["邮件"].startswith("mailto:?subject=")
    share = tools.select_one("button[data-share]")
    assert share.has_attr("hidden")  # shown by portal.js only, where the browser can share or copy


def test_print_view_hides_the_tools_and_chrome(client, articles):
    body = _soup(client, articles["news"].url + "?print=1").body
    assert "print-view" in body["class"]
    css = (Path(settings.BASE_DIR) / "static/css/portal.css").read_text(encoding="utf-8")
    print_rules = css.split("@media print {")[1].split("}")[0]
    for chrome in (".site-header", ".site-footer", ".article-tools", ".main-nav", ".breadcrumbs"):
        assert chrome in print_rules
