import re
import time

from django.conf import settings
from django.http import UnreadablePostError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import bad_request
from core.params import BadParameter


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese for everyone unless the visitor chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a visitor whose
    browser prefers English would get a page mixing Django's English strings with the
    portal's Chinese ones. The choice is explicit here: the cookie set by Django's
    `set_language` view.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNullCharactersMiddleware:
    """A NUL character is never legitimate input, and PostgreSQL refuses it in any text value (a 500 from
    every filter, lookup or save that passes it on): answer the 400 page before a view sees it.

    Checked: the path, query parameters, form fields (urlencoded and multipart, names and values; Django
    drops unprintable characters from uploaded file names itself), JSON bodies (a raw NUL or the escape
    \\u0000) and every header (User-Agent is stored with each login, cookies name the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return bad_request(request, BadParameter(_("请求参数含有非法字符。")))
        return self.get_response(request)


# \u0000 in a JSON string: the escape itself, not an escaped backslash followed by "u0000"
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _has_nul(request):
    if "\x00" in request.path or _in_fields(request.GET):
        return True
    if any("\x00" in value for key, value in request.META.items() if key.startswith("HTTP_")):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type == "application/json":
        return b"\x00" in request.body or JSON_NUL.search(request.body) is not None
    try:  # parsed here once; the view gets the same request.POST and request.FILES
        return _in_fields(request.POST) or any("\x00" in key for key in request.FILES)
    except UnreadablePostError:  # the client went away; the view meets the same error
        return False


def _in_fields(data):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class SlidingSessionMiddleware:
    """A session lasts SESSION_COOKIE_AGE after its last use, like SESSION_SAVE_EVERY_REQUEST, but is written
    at most once per PORTAL_SESSION_REFRESH_SECONDS instead of on every request (a database write and a
    cache write per page for a signed-in user). Idle sessions end between AGE − REFRESH and AGE."""

    KEY = "_portal_session_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        now = int(time.time())
        if session.modified or now - session.get(self.KEY, 0) >= settings.PORTAL_SESSION_REFRESH_SECONDS:
            session[self.KEY] = now  # saved (and its expiry renewed) by SessionMiddleware on the way out
        return response
