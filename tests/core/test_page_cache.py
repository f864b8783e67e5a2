"""Anonymous visitors get cached pages; any change shows up at once; nobody else is cached."""

import pytest
from django.test import Client

from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60


def test_second_anonymous_view_is_served_from_the_cache(client, news_index, django_assert_max_num_queries):
    NewsPageFactory(parent=news_index, title="第一条")
    client.get("/")  # the first request of a site creates its settings row, which purges
    first = client.get(news_index.url)
    assert first["X-Page-Cache"] == "miss"
    assert "s-maxage=60" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]  # a CDN keeps the language copies apart too
    with django_assert_max_num_queries(0):
        second = client.get(news_index.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_page_purges_the_cache(client, news_index):
    client.get(news_index.url)
    page = NewsPageFactory(parent=news_index, title="新发布", live=False)
    page.save_revision().publish()
    response = client.get(news_index.url)
    assert response["X-Page-Cache"] == "miss"
    assert "新发布" in response.content.decode()


def test_unpublishing_purges_the_cache(client, news_index):
    page = NewsPageFactory(parent=news_index, title="将撤回")
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404
    assert "将撤回" not in client.get(news_index.url).content.decode()


def test_logged_in_users_are_never_served_cached_pages(client, news_index):
    client.get(news_index.url)
    client.force_login(UserFactory())
    response = client.get(news_index.url)
    assert "X-Page-Cache" not in response


def test_query_strings_are_cached_separately(client, news_index):
    NewsPageFactory(parent=news_index, title="通知", category="notice")
    NewsPageFactory(parent=news_index, title="动态", category="work")
    notices = client.get(news_index.url, {"category": "notice"}).content.decode()
    work = client.get(news_index.url, {"category": "work"}).content.decode()
    assert "通知" in notices and "动态" not in notices.split("card-list")[1]
    assert "动态" in work


def test_non_page_views_are_not_cached(client):
    client.get("/healthz")
    assert "X-Page-Cache" not in client.get("/healthz")


@pytest.mark.urls("tests.core.page_cache_urls")
def test_a_page_holding_a_csrf_token_is_never_kept(client, home):
    """The token is the first visitor's: the next one's form would be refused (Django sets the CSRF cookie only
    after the page cache has looked at the response)."""
    client.get("/")
    first = client.get("/test-cache/form/")
    assert "csrfmiddlewaretoken" in first.content.decode() and first.get("X-Page-Cache") is None
    assert Client().get("/test-cache/form/").get("X-Page-Cache") is None
