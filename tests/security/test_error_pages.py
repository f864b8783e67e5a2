"""The error pages (400, 403, 404, 500, CSRF failure) are Chinese pages in the site's frame with a way
back, keep their status codes under DEBUG=False, and the 500 page renders with the database down."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from members.models import Favourite
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

ERROR_URLS = "tests.security.error_urls"


def page_text(response, status):
    assert not settings.DEBUG
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert '<header class="site-header">' in body and '<footer class="site-footer">' in body  # the site's frame
    assert '<a class="button button--primary" href="/">返回首页</a>' in body  # a way back
    return body


def test_unknown_page_is_a_chinese_404_with_a_search_box(client, home):
    body = page_text(client.get("/no-such-page/"), 404)
    assert "页面不存在（404）" in body and "可能已被删除、移动，或网址输入有误" in body
    assert '<input id="error-q" type="search" name="q"' in body
    assert 'data-footer="sponsor"' in body  # the full footer, from the site's settings
    assert "Not Found" not in body


def test_unknown_id_in_a_url_is_the_same_404(client, home):
    user = UserFactory()
    client.force_login(user)
    body = page_text(client.get("/member/messages/999999/"), 404)
    assert "页面不存在（404）" in body


def test_forbidden_is_a_chinese_403(client, home):
    owner, other = UserFactory(), UserFactory()
    favourite = Favourite.objects.create(user=owner, page=home)
    client.force_login(other)
    body = page_text(client.post(f"/member/favourites/{favourite.pk}/delete/"), 403)
    assert "无权访问（403）" in body and "您没有访问此页面或执行此操作的权限" in body
    assert 'data-footer="sponsor"' in body and 'href="/member/">会员中心</a>' in body
    assert "Forbidden" not in body
    assert Favourite.objects.filter(pk=favourite.pk).exists()


def test_csrf_failure_is_a_chinese_403_asking_to_reload(home):
    client = Client(enforce_csrf_checks=True)
    body = page_text(client.post("/accounts/login/", {"username": "a", "password": "b"}), 403)
    assert "页面已过期，请刷新后重试" in body and "刷新页面后重新填写提交" in body
    assert 'data-footer="sponsor"' in body and 'href="/accounts/login/"' in body  # rendered with the request
    assert "CSRF verification failed" not in body


def test_csrf_failure_in_the_admin_is_in_the_admins_frame_with_ways_back(home):
    editor = UserFactory(is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/admin/pages/add_subpage/1/", {"title": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "页面已过期，请刷新后重试" in body and "刷新页面后重新填写提交" in body
    assert "wagtailadmin/css/core.css" in body and '<header class="site-header">' not in body  # not the public site
    assert 'href="/admin/pages/add_subpage/1/">重新打开此页' in body and 'href="/admin/">后台首页' in body


@pytest.mark.urls(ERROR_URLS)
def test_server_error_is_a_chinese_500(home):
    client = Client(raise_request_exception=False)
    body = page_text(client.get("/test-errors/boom/"), 500)
    assert "系统繁忙，请稍后再试（500）" in body and "Server Error" not in body


@pytest.mark.urls(ERROR_URLS)
def test_server_error_page_renders_when_the_database_is_down(home, monkeypatch):
    def database_down(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    client = Client(raise_request_exception=False)
    monkeypatch.setattr(connection, "cursor", database_down)
    body = page_text(client.get("/test-errors/db/"), 500)
    assert "系统繁忙，请稍后再试（500）" in body
    assert "css/brand-defaults.css" in body  # the brand colours without reading PortalSettings


@pytest.mark.urls(ERROR_URLS)
def test_suspicious_request_is_a_chinese_400(client, home):
    body = page_text(client.get("/test-errors/suspicious/"), 400)
    assert "请求有误（400）" in body and "服务器无法处理这个请求" in body
    assert "tampered" not in body  # Django's messages are for the log


def test_host_not_allowed_is_a_chinese_400(client, home, settings):
    settings.ALLOWED_HOSTS = ["portal.example.cn"]
    body = page_text(client.get("/", HTTP_HOST="evil.example.com"), 400)
    assert "请求有误（400）" in body and "evil.example.com" not in body


def test_wagtail_admin_keeps_its_own_404(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/no-such-admin-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "page404" in body and "site-header" not in body
