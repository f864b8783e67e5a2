"""Search statistics (top queries, queries without results) counted without a write per search.

Each search adds to an in-process buffer (core.buffered); the buffer is written as Wagtail's
query log (Query / QueryDailyHits) and our NoResultQuery rows in one transaction per batch. Searches
answered from the anonymous page cache are counted too (the response keeps what to record).
"""

from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from core.buffered import BufferedCounter
from core.page_cache import served_from_cache
from search.models import NoResultQuery


def _write(batch):
    with transaction.atomic():
        for (text, day, no_result), count in sorted(batch.items()):
            query = Query.get(text)
            daily, _created = QueryDailyHits.objects.get_or_create(query=query, date=day)
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + count)
            if no_result:
                row, _created = NoResultQuery.objects.get_or_create(query_string=query.query_string, date=day)
                NoResultQuery.objects.filter(pk=row.pk).update(hits=F("hits") + count)


buffer = BufferedCounter("SEARCH_LOG", _write)


def record(text, no_result):
    buffer.add((text, timezone.localdate(), bool(no_result)))


def remember(response, text, no_result):
    """Record the search and keep it on the response, so a cached copy served later counts again."""
    record(text, no_result)
    response.portal_search_log = (text, bool(no_result))


@receiver(served_from_cache, dispatch_uid="search_count_cached_searches")
def _count_cached_search(sender, request, response, **kwargs):
    logged = getattr(response, "portal_search_log", None)
    if logged is not None:
        record(*logged)
