"""What the browser journeys share: signing in."""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from tests.factories.users import PASSWORD

CAPTCHA = "PASSED"  # CAPTCHA_TEST_MODE in the test settings
LOGIN_PATH = "/accounts/login/"


def sign_in(page, base, who, password=PASSWORD, *, via="form", succeeds=True):
    """Sign the browser in at ``base`` (the live server's URL) as ``who``: a user, a username or a credit code.

    ``via="form"`` types into the login page as a person would and, unless ``succeeds=False`` (a refusal the
    test goes on to read), waits until the page has left it. ``via="session"`` skips the form (a logged-in
    session cookie, for journeys about something else); it first leaves the current page, whose unload
    beacon (the page editor's) would otherwise go out with the new session's cookie.
    """
    if via == "session":
        _sign_in_with_session_cookie(page, base, who)
        return
    page.goto(f"{base}{LOGIN_PATH}")
    page.get_by_label("用户名 / 统一社会信用代码").fill(who if isinstance(who, str) else who.get_username())
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=captcha_1]").fill(CAPTCHA)
    page.get_by_role("button", name="登录", exact=True).click()
    if succeeds:
        expect(page).not_to_have_url(re.compile(re.escape(LOGIN_PATH)))


def _sign_in_with_session_cookie(page, base, who):
    user = get_user_model().objects.get_by_natural_key(who) if isinstance(who, str) else who
    client = Client()
    client.force_login(user)
    page.goto("about:blank")
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
