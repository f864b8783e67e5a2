"""Find your way (issue 19): on the demo site every page of the main menu and of the member centre answers, and
every stable URL of DESIGN §12 is reached from the home page by following links and forms, as the person who
would use it."""

from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from tests.site_pages import enterprise_account

pytestmark = pytest.mark.django_db

CLICKS = 3
LOGIN = "/accounts/login/"

# DESIGN §12's stable public URLs (query strings aside), with who reaches them; /healthz is a probe for
# monitoring, not a page for people, so no link leads to it
STABLE = {
    "/": None, "/admin/": "admin", "/accounts/login/": None, "/accounts/logout/": "enterprise",
    "/accounts/register/": None, "/member/": "enterprise", "/member/applications/": "enterprise",
    "/market/": None, "/market/match/": None, "/market/cart/": "enterprise", "/market/needs/": "enterprise",
    "/consult/": None, "/board/": None, "/complaints/": None, "/search/": None, "/search/suggest/": None,
    "/data/": None,
}
NOT_FOLLOWED = ("/admin/", "/documents/", "/media/", "/static/", "/accounts/logout/", "/i18n/")


def _targets(response, path):
    """Where a person can go from this page: links, form actions and the search box's suggestions."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = [a["href"] for a in soup.select("a[href]")]
    found += [form.get("action") or path for form in soup.select("form")]
    found += [field["data-suggest-url"] for field in soup.select("[data-suggest-url]")]
    for href in found:
        parts = urlsplit(urljoin("http://testserver" + path, href))
        if parts.scheme in ("http", "https") and parts.netloc == "testserver":
            yield parts.path


def _reached(client, wanted, clicks=CLICKS):
    """{path: clicks from the home page} for what is found within ``clicks`` clicks, breadth first, stopping
    once every path of ``wanted`` is found."""
    reached, frontier = {"/": 0}, ["/"]
    for depth in range(1, clicks + 1):
        following = []
        for path in frontier:
            if wanted <= reached.keys():
                return reached
            if path.startswith(NOT_FOLLOWED) or _is_leaf(path):
                continue
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for target in _targets(response, path):
                if target not in reached:
                    reached[target] = depth
                    following.append(target)
        frontier = following
    return reached


def _is_leaf(path):
    """Articles, products and other pages deep in the tree link only to what their channel links to."""
    return path.count("/") > 3


def _client(role):
    client = Client()
    if role == "enterprise":
        client.force_login(enterprise_account())
    elif role == "admin":
        client.force_login(get_user_model().objects.get(username="admin"))
    return client


def _menu_links(client, selector, path="/"):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return [a["href"] for a in soup.select(f"{selector} a[href]")]


def test_menus_answer_and_every_stable_url_is_a_few_clicks_from_home(demo_site):
    # the main menu, for a visitor and an enterprise
    visitor, enterprise = _client(None), _client("enterprise")
    menu = _menu_links(visitor, "#main-nav")
    assert {"/", "/market/", "/market/match/", "/consult/"} <= set(menu)
    for href in menu:
        response = visitor.get(href)
        assert response.status_code == 200 or (response.status_code == 302
                                               and response["Location"].startswith(LOGIN)), href
        assert enterprise.get(href).status_code == 200, href
    # the header and the member centre of an enterprise: cart, 我的申请 and every menu entry answer
    header = _menu_links(enterprise, ".header-account")
    assert {"/market/cart/", "/member/applications/", "/member/"} <= set(header)
    centre = _menu_links(enterprise, ".member-nav", "/member/")
    assert {"/member/applications/", "/market/cart/", "/member/messages/"} <= set(centre)
    for href in header + centre:
        assert enterprise.get(href).status_code == 200, href
    shortcuts = _menu_links(enterprise, ".dashboard-shortcuts", "/member/")
    assert {"/market/match/", "/market/needs/", "/market/cart/"} <= set(shortcuts)

    # DESIGN §12's stable URLs, each reached by clicks from / by the role that uses it
    missing = []
    for role in (None, "enterprise", "admin"):
        wanted = {url for url, who in STABLE.items() if who == role}
        missing += sorted(wanted - _reached(_client(role), wanted).keys())
    assert not missing, f"not reachable from the home page within {CLICKS} clicks: {missing}"
