"""The English catalogue: chosen by the language cookie only, complete, and faithful to its placeholders."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# What a visitor sees on each page, in English and in Chinese (UI text, never demo content).
PAGES = {
    "/": (["Skip to main content", "Financing Service Portal", "Sign in", "Register", "Notices", "Contact us"],
          ["跳到主要内容", "融资服务门户", "登录", "注册", "通知公告", "联系我们"]),
    "/market/": (["Financial Marketplace", "Apply for a loan: smart matching", "Term (months)", "Filter"],
                 ["金融超市", "我要贷款：智能匹配", "筛选"]),
    "/search/": (["Site search", "Enter keywords to search news, policies, financing cases and more."],
                 ["站内搜索", "请输入要搜索的关键词"]),
    "/accounts/login/": (["Username / Unified Social Credit Code", "Password", "Forgot password?"],
                         ["用户名 / 统一社会信用代码", "密码", "忘记密码？"]),
    "/accounts/register/": (["Enterprise registration", "Unified Social Credit Code", "Confirm password"],
                            ["企业注册", "统一社会信用代码", "确认密码"]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_language_cookie_en_shows_the_page_in_english(client, home, url):
    english, chinese = PAGES[url]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in english:
        assert text in html, text
    for text in chinese:
        assert text not in html, text


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_without_the_cookie_pages_stay_chinese_even_for_an_english_browser(client, home, url):
    english, chinese = PAGES[url]
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    for text in chinese:
        assert text in html, text
    for text in english:
        assert text not in html, text


@pytest.mark.django_db
def test_footer_switch_chooses_english_without_a_csrf_token(home):
    """The switch sits on cached anonymous pages, which carry no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    assert 'value="en"' in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/market/"})
    assert response.status_code == 302 and response["Location"] == "/market/"
    html = client.get("/market/").content.decode()
    assert "Financial Marketplace" in html and "简体中文" in html  # and the way back to Chinese
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "跳到主要内容" in client.get("/").content.decode()


@pytest.mark.django_db
def test_cached_anonymous_pages_are_kept_apart_by_language(client, home, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    client.get("/")  # creates the site settings row, which purges the cache
    assert "跳到主要内容" in client.get("/").content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Skip to main content" in english.get("/").content.decode()
    assert "跳到主要内容" in client.get("/").content.decode()


def _entries():
    """(msgid, [msgstr...], flags) for every entry of the .po except the header: a minimal parser."""
    entries, current, key = [], None, None
    for line in PO.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and current["msgid"]:
                entries.append(current)
            current = None
            continue
        current = current or {"msgid": "", "msgid_plural": "", "msgstr": {}, "flags": ""}
        if line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key[0] == "msgstr":
                current["msgstr"][key[1]] += ast.literal_eval(line)
            else:
                current[key[0]] += ast.literal_eval(line)
        else:
            name, _space, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d)\]", name)
            key = ("msgstr", int(match.group(1))) if match else ("msgstr", 0) if name == "msgstr" else (name, None)
            if key[0] == "msgstr":
                current["msgstr"][key[1]] = ast.literal_eval(value)
            else:
                current[name] = ast.literal_eval(value)
    return entries


PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdfi]|%[sdfi]|%%|\{[A-Za-z_][\w.]*\}")
TAG = re.compile(r"</?[a-z]+\b")


def test_catalogue_is_complete_and_not_fuzzy():
    entries = _entries()
    assert len(entries) > 1000
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    plurals = [e for e in entries if e["msgid_plural"]]
    assert plurals and all(sorted(e["msgstr"]) == [0, 1] for e in plurals)


def test_every_placeholder_and_tag_survives_translation():
    wrong = []
    for entry in _entries():
        for source in filter(None, [entry["msgid"], entry["msgid_plural"]]):
            for text in entry["msgstr"].values():
                if (sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
                        and not (entry["msgid_plural"] and set(PLACEHOLDER.findall(source))
                                 == set(PLACEHOLDER.findall(text)))):
                    wrong.append((source, text))
                if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
                    wrong.append((source, text))
    assert wrong == []


def test_compiled_catalogue_matches_the_po():
    """The .mo is committed (a fresh machine may lack gettext); it must not lag behind the .po."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [e["msgid"] for e in _entries() if not e["msgid_plural"] and compiled.gettext(e["msgid"]) != e["msgstr"][0]]
    assert stale == []
