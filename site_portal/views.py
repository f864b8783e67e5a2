"""Operational endpoints."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.static import serve
from wagtail.search.backends import get_search_backend

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
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value just written")
    return {"backend": type(cache).__name__}


def _search():
    from wagtail.models import Page

    backend = get_search_backend()
    list(backend.search("healthz", Page.objects.none())[:1])
    return {"backend": type(backend).__module__}


@never_cache
def healthz(request):
    """JSON state of the database, cache and search backend; 503 when the database is down."""
    checks = {"database": _check("database", _database), "cache": _check("cache", _cache),
              "search": _check("search", _search)}
    healthy = checks["database"]["status"] == "ok"
    degraded = any(check["status"] != "ok" for check in checks.values())
    status = "ok" if not degraded else ("degraded" if healthy else "error")
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


def serve_media(request, path):
    """Uploaded files in development and tests (production serves them from nginx or object storage)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
