"""Where a refusal goes, asserted exactly (the developers' guide: never "302 or 403").

The portal refuses in four ways, and a test names the one it expects:

- ``assert_sends_to_login(response)``: 302 to the login page with ``next`` back to the refused URL (a visitor
  on a member page; a signed-in account without back-office access on an /admin/ URL, as Wagtail does);
- ``assert_sends_to_admin_home(response)``: 302 to /admin/ (Wagtail's answer, with a flash message, when a
  back-office user lacks the permission for one admin view);
- ``assert_forbidden(response)``: 403; ``assert_not_found(response)``: 404 (another account's object);
- ``assert_redirects_to(response, path)``: 302 to another exact path.

``assert_refused(response, how)`` takes ``how`` as "login", "admin", 403, 404 or a path, for tables of cases.
"""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings

ADMIN_HOME = "/admin/"


def _where(response):
    return f"{response.status_code} {response.get('Location', '')}".strip()


def _request_path(response):
    """The refused URL as the view saw it (path and query string), which is what it passes on as ``next``."""
    return response.wsgi_request.get_full_path()


def assert_redirects_to(response, path):
    """302 to exactly ``path`` (query string included)."""
    assert (response.status_code, response.get("Location")) == (302, path), (
        f"expected a redirect to {path}, got {_where(response)}")


def assert_sends_to_login(response, next_url=None):
    """302 to LOGIN_URL whose ``next`` is ``next_url`` (by default the URL that was refused)."""
    if next_url is None:
        next_url = _request_path(response)
    location = response.get("Location", "")
    target = urlsplit(location)
    assert response.status_code == 302 and target.path == settings.LOGIN_URL, (
        f"expected a redirect to the login page, got {_where(response)}")
    assert parse_qs(target.query) == {"next": [next_url]}, f"expected next={next_url}, got {location}"


def assert_sends_to_admin_home(response):
    """302 to the back office's dashboard: Wagtail's refusal of a back-office user without this permission."""
    assert_redirects_to(response, ADMIN_HOME)


def assert_forbidden(response):
    assert response.status_code == 403, f"expected 403, got {_where(response)}"


def assert_not_found(response):
    assert response.status_code == 404, f"expected 404, got {_where(response)}"


def assert_refused(response, how):
    """``how``: "login" (to the login page, next = this URL), "admin" (to /admin/), 403, 404, or a path."""
    if how == "login":
        assert_sends_to_login(response)
    elif how == "admin":
        assert_sends_to_admin_home(response)
    elif how == 403:
        assert_forbidden(response)
    elif how == 404:
        assert_not_found(response)
    elif isinstance(how, str) and how.startswith("/"):
        assert_redirects_to(response, how)
    else:
        raise ValueError(f"unknown refusal {how!r}")
