"""Keeps :class:`search.models.SearchDocument` (one narrow row per indexed object) in step with the index.

The search backends call :func:`sync` after writing an object's index entry (saving, publishing,
``update_index``, bulk seeding all go through there), :func:`remove` when they drop one and
:func:`reset` when the index is emptied for a rebuild. ``rebuild_search_documents`` (a management
command) recomputes every row from the models without touching the full-text index.

On PostgreSQL each row also gets a copy of its index entry's vectors (``text_vector``, ``title_vector``),
so the search page matches in this table alone. Every write bumps :data:`VERSION_KEY`, the cache
version of the search page's facet counts (search.engine).
"""

import datetime

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from modelsearch.utils import get_content_type_pk
from wagtail.models import Page

from search import registry
from site_portal import page_cache

FACET_COLUMNS = ("category", "department", "institution", "product_type")
BATCH = 2000
VERSION_KEY = "search:documents-version"


def version():
    """The current version of the searchable documents (changes whenever one is written or removed)."""
    return cache.get(VERSION_KEY, 0)


def bump_version():
    """Invalidate cached results: now (this transaction's own reads) and again after commit (other processes
    may have cached the old rows under the new version in between)."""

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 1, None)
        page_cache.purge()  # cached /search/ pages (an FAQ entry, say, changes no page)

    bump()
    transaction.on_commit(bump)


def _row(searchable, content_type_id, values, entry_ids):
    pk = values["pk"]
    date = values.get("f_date")
    if isinstance(date, datetime.datetime):
        date = date.date()
    row = {
        "content_type_id": content_type_id,
        "object_id": pk,
        "entry_id": entry_ids.get(str(pk)),
        "page_id": pk if searchable.is_page else None,
        "type": searchable.key,
        "visible": bool(values["f_visible"]),
        "date": date,
        "year": date.year if date else None,
    }
    for facet in FACET_COLUMNS:
        value = values.get(f"f_{facet}")
        value = None if value in (None, "") else str(value)[:255]
        if value is not None and facet == "category":
            value = f"{searchable.key}:{value}"[:255]  # each type has its own categories
        row[facet] = value
    return row


def sync(model, pks, entries=None):
    """(Re)write the rows of ``model``'s objects ``pks``; ``entries`` is the database backend's IndexEntry
    queryset, to record each object's entry id (None on Elasticsearch)."""
    from search.models import SearchDocument

    searchable = registry.type_for_model(model)
    pks = list(pks)
    if searchable is None or not pks:
        return
    content_type_id = get_content_type_pk(model)
    expressions = {"f_visible": F(searchable.visible_field)}
    for facet in FACET_COLUMNS:
        if searchable.facets.get(facet):
            expressions[f"f_{facet}"] = F(searchable.facets[facet])
    if searchable.date_field:
        expressions["f_date"] = F(searchable.date_field)
    with transaction.atomic():
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            entry_ids = {}
            if entries is not None:
                mine = entries.filter(content_type_id=content_type_id, object_id__in=[str(pk) for pk in chunk])
                entry_ids = dict(mine.values_list("object_id", "id"))
            rows = model._default_manager.filter(pk__in=chunk).values("pk", **expressions)
            documents = [SearchDocument(**_row(searchable, content_type_id, values, entry_ids)) for values in rows]
            SearchDocument.objects.filter(content_type_id=content_type_id, object_id__in=chunk).delete()
            SearchDocument.objects.bulk_create(documents, batch_size=500)
            if entries is not None and connection.vendor == "postgresql":
                _copy_vectors(entries.model._meta.db_table, content_type_id, chunk)
    bump_version()


def _copy_vectors(entries_table, content_type_id, pks):
    from search.models import SearchDocument

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SearchDocument._meta.db_table} d"
            f" SET text_vector = setweight(e.title, 'A') || e.body, title_vector = e.title"
            f" FROM {entries_table} e WHERE e.id = d.entry_id AND d.content_type_id = %s AND d.object_id = ANY(%s)",
            [content_type_id, list(pks)],
        )


def remove(obj):
    from search.models import SearchDocument

    if isinstance(obj, Page):
        SearchDocument.objects.filter(page_id=obj.pk).delete()
    elif registry.type_for_model(type(obj)) is not None:
        SearchDocument.objects.filter(content_type_id=get_content_type_pk(type(obj)), object_id=obj.pk).delete()
    bump_version()


def reset():
    from search.models import SearchDocument

    SearchDocument.objects.all().delete()
    bump_version()


def rebuild(entries="auto"):
    """Every registered object's row, recomputed (returns how many)."""
    if entries == "auto":
        from modelsearch.conf import get_app_config
        from wagtail.search.backends import get_search_backend

        uses_entries = getattr(get_search_backend(), "uses_index_entries", False)
        entries = get_app_config().get_model("IndexEntry").objects.all() if uses_entries else None
    reset()
    for searchable in registry.searchable_types():
        sync(searchable.model, searchable.model._default_manager.values_list("pk", flat=True), entries=entries)
    from search.models import SearchDocument

    return SearchDocument.objects.count()
