"""The portal's error pages: 400, 403, 404, 500 and the CSRF failure, in Chinese, in the site's frame.

Django's defaults are English pages without the site around them. These views render templates/400.html,
403.html, 403_csrf.html, 404.html and 500.html (site_portal/urls.py: handler400…handler500; settings:
CSRF_FAILURE_VIEW) and keep the status codes. The 404, 403 and CSRF pages use the full site template
(navigation, account links, footer from PortalSettings). The 500 and 400 pages (templates/errors/
static_layout.html) read neither the database nor the request's host: a 500 may come from a database that
is down or a broken transaction, a 400 from a host not in ALLOWED_HOSTS; they are rendered without context
processors, so nothing in them can reach the database. The Wagtail admin keeps its own 404 page.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.params import BadParameter

logger = logging.getLogger(__name__)


def _static_page(request, template, status, **context):
    """A page rendered from the template alone (no context processors: no query, no host lookup)."""
    body = loader.get_template(template).render({"request": request, **context})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    """400: a malformed request (BadParameter carries a Chinese message for the visitor; Django's own
    SuspiciousOperation messages are for the log, never shown)."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return _static_page(request, "400.html", 400, message=message)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    try:
        return _static_page(request, "500.html", 500)
    except Exception:  # the last resort must answer: a plain page if even the template fails
        logger.exception("the 500 page could not be rendered")
        heading = escape(_("系统繁忙，请稍后再试（500）"))
        return HttpResponse(f"<!DOCTYPE html><title>500</title><h1>{heading}</h1>", status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form's token is missing or stale (a page left open, a login in another tab). Inside
    the admin the page is in the admin's frame, with a way back to the form and to the dashboard."""
    if request.path.startswith(reverse("wagtailadmin_home")):
        return render(request, "site_portal/admin/403_csrf.html", status=403)
    return render(request, "403_csrf.html", status=403)
