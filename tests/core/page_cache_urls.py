"""The site's URLs plus a view the page cache may keep whose page holds a CSRF token, for
tests/core/test_page_cache.py."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from core.page_cache import cache_for_anonymous
from site_portal import urls as portal_urls

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>留言</button></form>')


@cache_for_anonymous
def form_page(request):
    return HttpResponse(FORM.render({}, request))


urlpatterns = [path("test-cache/form/", form_page), *portal_urls.urlpatterns]
