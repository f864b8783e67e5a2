"""Related content (F-SRCH-3): up to five items like a news item, policy, case or loan product, from the search's
own documents.

An item is related by what it shares with the page, scored: a tag (主题词) 3 each, the same category, department,
institution or product type 2 each, and the words of the title (any of them, synonyms included, ranked by the search
backend) up to 2. The list is cached until a search document is written (search.documents.version), so a page
view costs one cache read; computing it is a handful of queries whatever the size of the site.
"""

import logging

from django.core.cache import cache
from django.db.models import Count
from wagtail.search.backends import get_search_backend

from search import documents, registry
from search.analysis import query_words
from search.engine import SearchRequest, load_objects, scoped_documents

RELATED_TYPES = ("news", "policy", "case", "product")
LIMIT = 5
logger = logging.getLogger(__name__)

CANDIDATES = 50
CACHE_SECONDS = 3600


def related_items(page, limit=LIMIT):
    """[{"title", "url", "type", "date"}] of up to ``limit`` visible items related to ``page`` (best first)."""
    searchable = registry.type_for_model(type(page))
    if searchable is None or searchable.key not in RELATED_TYPES:
        return []
    key = f"search:related:{documents.version()}:{type(page)._meta.label_lower}:{page.pk}:{limit}"
    items = cache.get(key)
    if items is None:
        try:
            items = _compute(page, searchable, limit)
        except Exception:  # the backend (Elasticsearch) is down: the page shows without the box, not a 500
            logger.exception("related content failed for %s %s", type(page).__name__, page.pk)
            return []
        cache.set(key, items, CACHE_SECONDS)
    return items


def _compute(page, searchable, limit):
    from search.models import SearchDocument

    own = SearchDocument.objects.filter(type=searchable.key, object_id=page.pk).first()
    if own is None:
        return []
    visible = scoped_documents(SearchRequest()).filter(type__in=RELATED_TYPES).exclude(pk=own.pk)
    scores = {}

    def add(rows, points):
        for ct, pk, date in rows:
            score, _date = scores.get((ct, pk), (0, date))
            scores[(ct, pk)] = (score + points, date)

    for facet in ("category", "department", "institution", "product_type"):
        value = getattr(own, facet)
        if value:
            same = visible.filter(**{facet: value}).order_by("-date", "-object_id")
            add(same.values_list("content_type_id", "object_id", "date")[:CANDIDATES], 2)
    tags = list(page.tags.values_list("pk", flat=True)) if hasattr(page, "tags") else []
    if tags:  # (policies' 主题词) how many of the page's tags each other page has
        tagged = dict(
            type(page).objects.filter(tags__in=tags).exclude(pk=page.pk).values_list("pk")
            .annotate(n=Count("pk")).order_by("-n")[: CANDIDATES * 4]
        )
        rows = visible.filter(type=searchable.key, object_id__in=list(tagged))
        for ct, pk, date in rows.values_list("content_type_id", "object_id", "date"):
            add([(ct, pk, date)], 3 * tagged[pk])
    words = [word for word in query_words(searchable.title_of(page)) if len(word.word) > 1]
    if words:
        text = " ".join(word.word for word in words)
        ranked = get_search_backend().document_matcher(text, visible, operator="any").ranked(0, CANDIDATES)
        for position, (ct, pk, _score) in enumerate(ranked):
            add([(ct, pk, None)], 2 * (CANDIDATES - position) / CANDIDATES)
    best = sorted(scores.items(), key=lambda item: (-item[1][0], -(item[1][1].toordinal() if item[1][1] else 0)))
    keys = [key for key, _value in best[: limit * 2]]  # a few spare, for objects gone since indexing
    objects = load_objects(keys)
    items = []
    for key in keys:
        obj = objects.get(key)
        other = registry.type_for_model(type(obj)) if obj is not None else None
        if other is None:
            continue
        date = getattr(obj, other.date_field, None) if other.date_field else None
        items.append({"title": other.title_of(obj), "url": other.url_of(obj), "type": str(other.label), "date": date})
        if len(items) == limit:
            break
    return items
