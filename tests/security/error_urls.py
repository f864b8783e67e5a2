"""The site's URLs plus views that fail, for the error-page tests (tests/security/test_error_pages.py)."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path
from wagtail.models import Page

from site_portal import urls as portal_urls


def boom(request):
    raise RuntimeError("a bug")


def count_pages(request):
    """A view that needs the database (the test takes the database away first)."""
    Page.objects.count()


def suspicious(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/db/", count_pages),
    path("test-errors/suspicious/", suspicious),
    *portal_urls.urlpatterns,
]

# Django looks the handlers up in the root URLconf
handler400 = getattr(portal_urls, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(portal_urls, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(portal_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(portal_urls, "handler500", "django.views.defaults.server_error")
