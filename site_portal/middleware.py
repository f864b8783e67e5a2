from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
