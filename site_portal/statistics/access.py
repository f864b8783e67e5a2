"""Counting page views without slowing pages (F-STAT-7).

A view of a Wagtail page (rendered, or served from the anonymous page cache) adds one to an in-process
buffer: a dict increment under a lock, no query. The buffer is written in one transaction (a handful of
UPDATEs and one bulk INSERT of visitor ids) when it holds PORTAL_ACCESS_FLUSH_HITS views or is older than
PORTAL_ACCESS_FLUSH_SECONDS, in a background thread so no visitor waits for it, and at process exit.
Each process flushes its own buffer, so this works the same with the in-process cache and with Redis,
under runserver, gunicorn or several hosts. Bots (by user agent) are not counted.
"""

import hashlib
import re
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Subquery
from django.utils import timezone
from wagtail.models import Site

from site_portal.buffered import BufferedCounter
from site_portal.client_ip import client_ip
from site_portal.statistics.models import AccessStat, DailyVisitor, Scope

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|baiduspider|yandex|bingpreview|facebookexternalhit|headless|phantomjs|"
    r"python-requests|python-urllib|curl|wget|httpclient|okhttp|go-http-client|java/|scrapy|monitor|"
    r"uptime|pingdom|lighthouse|preview",
    re.IGNORECASE,
)
CHANNEL_PATH_LENGTH = 12  # treebeard steplen 4: root (1) / home (2) / channel (3)


def _write_views(views):
    """A batch of views {(date, site id, channel path, page id, visitor): count} into the daily tables."""
    hits, visitors = Counter(), set()
    for (date, site_id, channel_path, page_id, visitor), count in views.items():
        keys = [(date, Scope.SITE, site_id, 0), (date, Scope.PAGE, site_id, page_id)]
        if channel_path:
            keys.append((date, Scope.CHANNEL, site_id, channel_path))
        for key in keys:
            hits[key] += count
            visitors.add((*key, visitor))
    _write(hits, visitors)


# views counted in this process, written in batches (PORTAL_ACCESS_FLUSH_HITS / _SECONDS / _IN_THREAD)
_views = BufferedCounter("ACCESS", _write_views)


def is_bot(user_agent):
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def target_for(page, request):
    """What a view of ``page`` counts towards: (site id, channel path, page id). Costs no query: the site
    was found by Wagtail's serve view already and the channel is the page's depth-3 ancestor."""
    site = Site.find_for_request(request)
    channel_path = page.path[:CHANNEL_PATH_LENGTH] if page.depth >= 3 else ""
    return (site.pk if site else 0, channel_path, page.pk)


def visitor_id(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    else:
        raw = f"{client_ip(request) or ''}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(f"{settings.SECRET_KEY}|{raw}".encode()).hexdigest()[:16]


def record(request, target):
    """Count one view of ``target``; the buffer is written when it is due."""
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return
    site_id, channel_path, page_id = target
    _views.add((timezone.localdate(), site_id, channel_path, page_id, visitor_id(request)))


def pending():
    """Views counted but not yet written (for tests and the admin page)."""
    return _views.pending()


def flush():
    """Write the buffered views in one transaction; returns how many were written."""
    return _views.flush()


def _write(hits, visitors):
    from wagtail.models import Page

    paths = {key[3] for key in hits if key[1] == Scope.CHANNEL}
    channel_ids = dict(Page.objects.filter(path__in=paths).values_list("path", "pk")) if paths else {}

    def resolve(key):
        date, scope, site_id, obj = key
        return (date, scope, site_id, channel_ids.get(obj, 0) if scope == Scope.CHANNEL else obj)

    merged = Counter()
    for key, count in hits.items():
        merged[resolve(key)] += count
    visitor_rows = {(*resolve(key[:4]), key[4]) for key in visitors}
    with transaction.atomic():
        DailyVisitor.objects.bulk_create(
            [DailyVisitor(date=d, scope=s, site_id=site, page_id=p, visitor=v) for d, s, site, p, v in visitor_rows],
            ignore_conflicts=True, batch_size=500,
        )
        existing = set(
            AccessStat.objects.filter(date__in={k[0] for k in merged}, scope__in={k[1] for k in merged},
                                      site_id__in={k[2] for k in merged}, page_id__in={k[3] for k in merged})
            .values_list("date", "scope", "site_id", "page_id")
        )
        AccessStat.objects.bulk_create(
            [AccessStat(date=d, scope=s, site_id=site, page_id=p) for d, s, site, p in merged
             if (d, s, site, p) not in existing],
            ignore_conflicts=True,
        )
        for (d, s, site, p), count in merged.items():
            unique = (DailyVisitor.objects.filter(date=d, scope=s, site_id=site, page_id=p).order_by()
                      .values("date").annotate(n=Count("pk")).values("n"))
            AccessStat.objects.filter(date=d, scope=s, site_id=site, page_id=p).update(
                pv=F("pv") + count, uv=Subquery(unique[:1]))


def prune_visitors(keep_days=2):
    """Forget visitor ids of past days (their UV is already stored); run daily by django-q2."""
    flush()
    cutoff = timezone.localdate() - timezone.timedelta(days=keep_days)
    deleted, _ = DailyVisitor.objects.filter(date__lt=cutoff).delete()
    return deleted


def reset_buffer():
    """Drop the buffer without writing (tests)."""
    _views.reset()


class AccessCountMiddleware:
    """Counts views of Wagtail pages. Placed before the anonymous page cache so cached pages count too:
    the page cache keeps the target with the cached response and hands it back on a hit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        target = getattr(request, "portal_access_target", None)
        if target is not None and request.method == "GET" and response.status_code == 200:
            record(request, target)
        return response

