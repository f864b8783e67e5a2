"""F-SEC-12: the portal keeps serving pages when Redis or the search backend is down, says so
clearly on /search/, logs it, and /healthz reports each component."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_q.models import Schedule

from tests.factories.pages import NewsPageFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = {"default": {"BACKEND": "site_portal.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
DEAD_ELASTICSEARCH = {"default": {
    "BACKEND": "search.backends.elasticsearch9", "URLS": ["http://127.0.0.1:1"], "INDEX_PREFIX": "dead_",
    "TIMEOUT": 1,
}}


@pytest.fixture
def site(home, news_index):
    Schedule.objects.update(next_run=timezone.now() + timedelta(hours=1))
    article = NewsPageFactory(parent=news_index, title="小微企业贷款贴息政策出台")
    return {"home": home, "listing": news_index, "article": article}


def test_pages_are_served_when_redis_is_down(client, site, settings, caplog):
    settings.CACHES = DEAD_REDIS
    settings.PORTAL_PAGE_CACHE_SECONDS = 120  # the page cache is the first thing every request reads
    with caplog.at_level(logging.ERROR, logger="site_portal.cache"):
        for page in site.values():
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert page.title in response.content.decode()
    assert "cache unavailable" in caplog.text
    health = client.get("/healthz", REMOTE_ADDR="127.0.0.1")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["cache"]["status"] == "error"
    assert health.json()["checks"]["database"]["status"] == "ok"


def test_login_and_member_centre_work_when_redis_is_down(client, site, settings, django_user_model):
    settings.CACHES = DEAD_REDIS
    user = django_user_model.objects.create_user("visitor1", "v@example.cn", "Portal#2026x")
    response = client.post("/accounts/login/", {"username": "visitor1", "password": "Portal#2026x",
                                                "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 302
    assert client.get("/member/").status_code == 200
    assert user.pk == int(client.session["_auth_user_id"])


def test_search_says_it_is_unavailable_when_elasticsearch_is_down_and_the_rest_still_answers(
        client, site, settings, caplog):
    settings.WAGTAILSEARCH_BACKENDS = DEAD_ELASTICSEARCH
    with caplog.at_level(logging.ERROR, logger="search.views"):
        response = client.get("/search/", {"q": "贷款"})
    assert response.status_code == 503
    assert "搜索服务暂时不可用" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "search backend failed" in caplog.text
    suggest = client.get("/search/suggest/", {"q": "贷款"})
    assert suggest.status_code == 200 and suggest.json()["pages"] == []
    for page in site.values():
        assert client.get(page.url).status_code == 200, page.url
    health = client.get("/healthz", REMOTE_ADDR="127.0.0.1").json()
    assert health["status"] == "degraded" and health["checks"]["search"]["status"] == "error"


def test_search_still_works_when_only_the_backend_call_is_broken_then_mended(client, site):
    """The degraded answer is per request: once the backend answers again, results come back."""
    with mock.patch("search.views.run_search", side_effect=ConnectionError("down")):
        assert client.get("/search/", {"q": "贷款"}).status_code == 503
    response = client.get("/search/", {"q": "贷款"})
    assert response.status_code == 200
    assert "搜索服务暂时不可用" not in response.content.decode()
    assert "search-count" in response.content.decode() or "没有找到相关内容" in response.content.decode()


def test_healthz_says_degraded_when_q2_has_not_run_its_schedules(client, site):
    Schedule.objects.update(next_run=timezone.now() - timedelta(hours=2))
    body = client.get("/healthz", REMOTE_ADDR="127.0.0.1").json()
    assert body["status"] == "degraded"
    assert body["checks"]["q2"]["status"] == "error"
    assert "qcluster" in body["checks"]["q2"]["error"]
