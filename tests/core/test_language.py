import pytest

pytestmark = pytest.mark.django_db


def test_site_is_chinese_even_for_an_english_browser(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-CN">' in response.content.decode()
    assert "跳到主要内容" in response.content.decode()


def test_visitor_can_choose_english(client, home):
    client.cookies["django_language"] = "en"
    response = client.get("/accounts/register/")
    assert '<html lang="en">' in response.content.decode()
    assert "Your password can’t be entirely numeric." in response.content.decode()


def test_unknown_language_cookie_falls_back_to_chinese(client, home):
    client.cookies["django_language"] = "xx"
    assert '<html lang="zh-CN">' in client.get("/").content.decode()
