import time

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


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
    """A NUL character in a query parameter is never legitimate input, and PostgreSQL refuses it in any text
    comparison (a 500 from every filter that passes it on): answer 400 before a view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in value for value in _query_values(request)):
            message = _("请求参数含有非法字符。")
            return HttpResponseBadRequest(message.encode(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _query_values(request):
    for key, values in request.GET.lists():
        yield key
        yield from values


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
