"""Operational endpoints."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.static import serve
from wagtail.search.backends import get_search_backend

from core.private_files import public_media_file

logger = logging.getLogger(__name__)


def _check(name, probe):
    try:
        detail = probe()
        return {"status": "ok", **(detail or {})}
    except Exception as error:  # a health check reports every failure, whatever its type
        logger.warning("healthz: %s is down: %s", name, error)
        return {"status": "error", "error": f"{type(error).__name__}: {error}"[:300]}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _cache():
    cache.set("healthz", "1", 10)
    read = getattr(cache, "strict_get", cache.get)  # the Redis backend hides outages from ordinary reads
    if read("healthz") != "1":
        raise RuntimeError("cache did not return the value just written")
    return {"backend": type(cache).__name__}


def _search():
    from wagtail.models import Page

    backend = get_search_backend()
    list(backend.search("healthz", Page.objects.none())[:1])
    return {"backend": type(backend).__module__}


def _q2():
    """Background jobs: schedules the cluster should have run by now, queue length and recent failures.

    The scheduler moves each schedule's next_run forward when it fires, so a schedule overdue by more
    than 15 minutes means no q2 cluster is running."""
    from datetime import timedelta

    from django.utils import timezone
    from django_q.brokers import get_broker
    from django_q.models import Failure, Schedule

    now = timezone.now()
    overdue = Schedule.objects.filter(next_run__lt=now - timedelta(minutes=15)).exclude(repeats=0).count()
    detail = {
        "queued": get_broker().queue_size(),
        "failed_24h": Failure.objects.filter(stopped__gte=now - timedelta(hours=24)).count(),
        "overdue_schedules": overdue,
    }
    if overdue:
        raise RuntimeError(f"{overdue} schedule(s) overdue by more than 15 minutes: is qcluster running? {detail}")
    return detail


LOOPBACK = ("127.0.0.1", "::1")
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


def _may_read_health_details(request):
    """Which checks failed and why (host names, error texts) is for the operators: a probe on this host
    itself (loopback, not relayed by a proxy, which would add a forwarding header) or a signed-in admin."""
    if request.META.get("REMOTE_ADDR") in LOOPBACK and not any(h in request.META for h in FORWARDING_HEADERS):
        return True
    try:
        user = request.user
        return user.is_authenticated and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))
    except Exception:  # the sessions' database or cache may be what is down: answer as to the public
        return False


@never_cache
def healthz(request):
    """JSON state of the database, cache, search backend and q2 cluster; 503 when the database is down,
    "degraded" (200) when only another component is. Public callers get the status alone."""
    checks = {"database": _check("database", _database), "cache": _check("cache", _cache),
              "search": _check("search", _search), "q2": _check("q2", _q2)}
    healthy = checks["database"]["status"] == "ok"
    degraded = any(check["status"] != "ok" for check in checks.values())
    status = "ok" if not degraded else ("degraded" if healthy else "error")
    body = {"status": status, "checks": checks} if _may_read_health_details(request) else {"status": status}
    return JsonResponse(body, status=200 if healthy else 503)


def theme_css(request):
    """The three brand colours of PortalSettings as CSS variables (linked with a ?v= of the colours,
    so a change is a new URL and the old one may be cached for long)."""
    from wagtail.models import Site

    from core.models import PortalSettings

    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    theme = PortalSettings.for_site(site) if site else PortalSettings()
    css = (f":root{{--brand-primary:{theme.brand_primary};--brand-secondary:{theme.brand_secondary};"
           f"--brand-accent:{theme.brand_accent};}}\n")
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400" if request.GET.get("v") else "public, max-age=300"
    return response


def serve_media(request, path):
    """Public uploads in development and tests (production serves the same folders from nginx or object
    storage): only files inside core.private_files.PUBLIC_MEDIA_FOLDERS, and only by their plain
    path. Documents never come from here: Wagtail's /documents/ view and the permission-checked download
    views know who may read them."""
    found = public_media_file(path)
    if found is None:
        raise Http404
    folder, name = found
    return serve(request, name, document_root=folder)


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for by name: the site's icon (static/favicon.svg)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
