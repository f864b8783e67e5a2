"""Which queries of several words get their facet counts kept (search.models.SearchCountedQuery, PostgreSQL).

A one-word query reads its facet counts from SearchTermCount; a query of several words counts its matches, reading each
match's row (~100 ms at a million documents for one matching tens of thousands: 科技创新, jieba's 科技 + 创新). The
most frequent such queries of the query log that match many documents are counted ahead instead, daily (the django-q2
schedule of migration search/0011) or by the ``count_search_queries`` command."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import QueryDailyHits
from wagtail.search.backends import get_search_backend

from search import documents, query_log
from search.analysis import query_words
from search.models import SearchDocument

TOP = 100  # the most frequent queries of several words of the log
DAYS = 30
MIN_DOCUMENTS = 5000  # below this, counting the matches is quick enough (≤ ~20 ms at a million documents)


def several_words(text):
    words = query_words(text)
    return len(words) > 1 and not any(word.prefix for word in words)


def frequent(top=TOP, days=DAYS):
    """The ``top`` most frequent queries of several words of the last ``days`` days' log."""
    query_log.buffer.flush()
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    rows = (
        QueryDailyHits.objects.filter(date__gte=since)
        .values("query__query_string").annotate(total=Sum("hits")).order_by("-total", "query__query_string")
    )
    found = []
    for row in rows.iterator():
        if len(found) >= top:
            break
        if several_words(row["query__query_string"]):
            found.append(row["query__query_string"])
    return found


def count_frequent_queries(queries=(), top=TOP, days=DAYS, min_documents=MIN_DOCUMENTS):
    """Keep the counts of the frequent queries of several words (and of ``queries``) that match at least
    ``min_documents`` visible documents, and drop the others' (PostgreSQL; {} elsewhere). Returns {key: query}."""
    if not documents.counts_terms():
        return {}
    backend = get_search_backend()
    visible = SearchDocument.objects.filter(visible=True)
    chosen = []
    for text in dict.fromkeys([*queries, *frequent(top, days)]):
        if several_words(text):
            matched = backend.document_matcher(text, visible).matched_queryset()
            with backend.matching():
                if matched[:min_documents].count() >= min_documents:
                    chosen.append(text)
    return documents.count_queries(chosen)
