"""Keeps :class:`search.models.SearchDocument` (one narrow row per indexed object) in step with the index.

The search backends call :func:`sync` after writing an object's index entry (saving, publishing,
``update_index``, bulk seeding all go through there), :func:`remove` when they drop one and
:func:`reset` when the index is emptied for a rebuild. ``rebuild_search_documents`` (a management
command) recomputes every row from the models without touching the full-text index.

On PostgreSQL each row also gets a copy of its index entry's vectors (``text_vector``, ``title_vector``),
so the search page matches in this table alone. Every write bumps :data:`VERSION_KEY`, the cache
version of the search page's facet counts (search.engine).

Each row points at its :class:`search.models.SearchFacetGroup` (its facet values and visibility). On
PostgreSQL, :class:`search.models.SearchTermCount` holds, per indexed term and group, how many documents
hold the term (in their text, in their title): every write here applies the difference between the
removed rows' terms and the new rows' terms in the same transaction, as one upsert with atomic
increments in a fixed order (term, group), so concurrent writers neither lose counts nor deadlock each
other. :func:`recount_terms` recomputes the whole table (after a rebuild). Synonym expansions and the counted
queries of several words (:func:`count_queries`) are kept there too, each under its key.
"""

import datetime
import functools

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from modelsearch.utils import get_content_type_pk
from wagtail.models import Page

from core import page_cache
from search import registry

FACET_COLUMNS = ("category", "department", "institution", "product_type")
BATCH = 2000
VERSION_KEY = "search:documents-version"
SYNONYM_KEY_PREFIX = "synonyms: "  # SearchTermCount.term of a synonym expansion (an indexed term has no space)
QUERY_KEY_PREFIX = "query: "  # SearchTermCount.term of a counted query of several words (SearchCountedQuery)
COUNTED_MARKER_GROUP = 0  # SearchTermCount.group_id of the row saying an expansion's counts are complete


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


def counts_terms():
    """Whether this database keeps SearchTermCount (PostgreSQL: the vectors it counts exist there only)."""
    return connection.vendor == "postgresql"


def assign_groups(rows):
    """Set each row's ``group_id`` (creating the groups not seen before)."""
    from search.models import SearchFacetGroup

    keys = {}
    for row in rows:
        values = {name: row[name] for name in SearchFacetGroup.FIELDS}
        keys.setdefault(SearchFacetGroup.key_of(values), values)
    found = dict(SearchFacetGroup.objects.filter(key__in=keys).values_list("key", "id"))
    missing = [SearchFacetGroup(key=key, **values) for key, values in keys.items() if key not in found]
    if missing:
        SearchFacetGroup.objects.bulk_create(missing, ignore_conflicts=True)  # another writer may add one too
        found.update(SearchFacetGroup.objects.filter(key__in=[g.key for g in missing]).values_list("key", "id"))
    for row in rows:
        row["group_id"] = found[SearchFacetGroup.key_of(row)]


def _terms_sql(where, where_params=(), source=None, expansions=None):
    """(sql, params): SELECT (term, group_id, documents, titles) of the document rows ``where`` (one row per term and
    document) in ``source`` (the documents table, or a CTE with its group_id and vectors). Besides the indexed terms,
    each document holding a synonym expansion or matching a counted query (:func:`counted_expressions`, the current
    ones unless given) counts once under its key."""
    from search.models import SearchDocument

    source = source or SearchDocument._meta.db_table
    expansions = counted_expressions() if expansions is None else expansions
    sql = (
        f"SELECT unnest(tsvector_to_array(text_vector)) AS term, group_id, 1 AS documents, 0 AS titles"
        f" FROM {source} WHERE group_id IS NOT NULL AND {where}"
        f" UNION ALL SELECT unnest(tsvector_to_array(title_vector)), group_id, 0, 1"
        f" FROM {source} WHERE group_id IS NOT NULL AND {where}"
    )
    params = [*where_params, *where_params]
    if expansions:
        sql += (
            f" UNION ALL SELECT x.key, group_id, 1, (title_vector @@ x.q)::int"
            f" FROM {source} CROSS JOIN (SELECT key, to_tsquery('simple', expression) AS q"
            f" FROM unnest(%s::text[], %s::text[]) AS e(key, expression)) AS x"
            f" WHERE group_id IS NOT NULL AND {where} AND text_vector @@ x.q"
        )
        params += [list(expansions), list(expansions.values()), *where_params]
    return sql, params


def _upsert_terms_sql(select):
    """Add the summed (term, group_id, documents, titles) rows of ``select`` to SearchTermCount."""
    from search.models import SearchTermCount

    counts = SearchTermCount._meta.db_table
    return (
        f"INSERT INTO {counts} AS c (term, group_id, documents, titles)"
        f" SELECT term, group_id, sum(documents), sum(titles) FROM ({select}) AS delta GROUP BY term, group_id"
        f" HAVING sum(documents) <> 0 OR sum(titles) <> 0 ORDER BY term, group_id"
        f" ON CONFLICT (term, group_id) DO UPDATE"
        f" SET documents = c.documents + EXCLUDED.documents, titles = c.titles + EXCLUDED.titles"
    )


def _delete_documents(content_type_id, pks):
    """Delete the rows of these objects; on PostgreSQL return their summed term contributions
    ([terms], [group ids], [documents], [titles]), read from the deleted rows themselves (so exactly once)."""
    from search.models import SearchDocument

    if not counts_terms():
        SearchDocument.objects.filter(content_type_id=content_type_id, object_id__in=pks).delete()
        return None
    gone = (
        f"DELETE FROM {SearchDocument._meta.db_table} WHERE content_type_id = %s AND object_id = ANY(%s)"
        " RETURNING group_id, text_vector, title_vector"
    )
    terms, terms_params = _terms_sql("TRUE", source="gone")
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH gone AS ({gone}), terms AS ({terms})"
            " SELECT coalesce(array_agg(term), '{}'), coalesce(array_agg(group_id), '{}'),"
            " coalesce(array_agg(documents), '{}'), coalesce(array_agg(titles), '{}')"
            " FROM (SELECT term, group_id, sum(documents) AS documents, sum(titles) AS titles FROM terms"
            " GROUP BY term, group_id) AS summed",
            [content_type_id, list(pks), *terms_params],
        )
        return cursor.fetchone()


def _apply_term_counts(content_type_id, pks, removed):
    """Count the terms of these objects' (new) rows, minus ``removed`` (from :func:`_delete_documents`)."""
    terms, groups, documents, titles = removed or ([], [], [], [])
    select, params = _terms_sql("content_type_id = %s AND object_id = ANY(%s)", [content_type_id, list(pks)])
    select += (
        " UNION ALL SELECT term, group_id, -documents, -titles"
        " FROM unnest(%s::text[], %s::bigint[], %s::int[], %s::int[]) AS removed(term, group_id, documents, titles)"
    )
    with connection.cursor() as cursor:
        cursor.execute(_upsert_terms_sql(select), [*params, terms, groups, documents, titles])


def recount_terms():
    """Recompute SearchTermCount from the documents (PostgreSQL; a no-op elsewhere)."""
    from search.models import SearchTermCount

    if not counts_terms():
        return
    expansions = counted_expressions()
    select, params = _terms_sql("TRUE", expansions=expansions)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchTermCount._meta.db_table}")
        cursor.execute(_upsert_terms_sql(select), params)
        _mark_counted(cursor, expansions)


def recount_synonyms():
    """Recount the synonym expansions' rows after the synonym table changed (PostgreSQL; a no-op elsewhere): the old
    expansions' rows go, the current ones are counted over the documents and marked as counted."""
    from search.models import SearchDocument, SearchTermCount

    if not counts_terms():
        return
    expansions = synonym_expansions()
    counts, documents = SearchTermCount._meta.db_table, SearchDocument._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {counts} WHERE term LIKE %s", [SYNONYM_KEY_PREFIX + "%"])
        if expansions:
            cursor.execute(_upsert_terms_sql(_matching_sql(documents)), [list(expansions), list(expansions.values())])
        _mark_counted(cursor, expansions)


def _matching_sql(documents):
    """SELECT (term, group_id, documents, titles) of the ``documents`` matching the expressions (keys, to_tsquery
    strings) given as two array parameters, one row per key and document."""
    return (
        f"SELECT x.key AS term, group_id, 1 AS documents, (title_vector @@ x.q)::int AS titles"
        f" FROM (SELECT key, to_tsquery('simple', expression) AS q"
        f" FROM unnest(%s::text[], %s::text[]) AS e(key, expression)) AS x"
        f" JOIN {documents} ON text_vector @@ x.q WHERE group_id IS NOT NULL"
    )


def _mark_counted(cursor, expansions):
    """Record that these expansions' counts are complete: a row of group 0 (no such group) per key. An expansion
    without it (the table changed, and was not recounted) is counted over its matches by the search page."""
    from search.models import SearchTermCount

    if expansions:
        cursor.execute(
            f"INSERT INTO {SearchTermCount._meta.db_table} (term, group_id, documents, titles)"
            f" SELECT unnest(%s::text[]), {COUNTED_MARKER_GROUP}, 0, 0 ON CONFLICT DO NOTHING",
            [list(expansions)],
        )


def synonym_expansions():
    """{key: to_tsquery string} of every word the synonym table expands (贷款 → 贷款 | 借款 | 融资): the documents
    matching one are counted in SearchTermCount under its key, so a one-word query with synonyms reads its facet
    counts there too. The key is the expression itself, in an order that does not depend on which word of the group
    was typed; it cannot be an indexed term (those have no spaces)."""
    from search.analysis import dictionary

    dictionary.tokenizer()  # reloads the table when it changed (a new build)
    table = dictionary.synonyms()
    if not table.loaded:
        return {}
    return dict(_expansions(dictionary.build, tuple(table.rows)))


@functools.lru_cache(maxsize=8)
def _expansions(build, rows):
    from search.analysis import query_words

    found = {}
    for row in rows:
        for word in row:
            words = query_words(word)
            if len(words) == 1 and words[0].synonyms and not words[0].prefix:
                key, expression = expansion(words[0])
                found[key] = expression
    return tuple(sorted(found.items()))


def expansion(word):
    """(key, to_tsquery string) of a query word with synonyms (search.analysis.QueryWord)."""
    from search.backends.queries import TSQUERY

    expression = TSQUERY.choices_sorted(word)
    return SYNONYM_KEY_PREFIX + expression, expression


def expansion_counted(key):
    """Whether SearchTermCount holds complete counts of the synonym expansion or counted query ``key`` (its group-0
    row)."""
    from search.models import SearchTermCount

    return SearchTermCount.objects.filter(term=key, group_id=COUNTED_MARKER_GROUP).exists()


def expansion_expression(term):
    """The to_tsquery string of a SearchTermCount key that is a synonym expansion or a counted query, else None (an
    indexed term)."""
    for prefix in (SYNONYM_KEY_PREFIX, QUERY_KEY_PREFIX):
        if term.startswith(prefix):
            return term[len(prefix):]
    return None


def counted_expressions():
    """{key: to_tsquery string} of everything SearchTermCount counts besides the indexed terms: the synonym
    expansions and the counted queries."""
    from search.models import SearchCountedQuery

    return {**synonym_expansions(), **dict(SearchCountedQuery.objects.values_list("key", "expression"))}


def query_expansion(words):
    """(key, to_tsquery string) of a query of several words (search.analysis.QueryWord), all required: the same
    documents as the search matches (each word, or its pairs, or its synonyms), its words in an order that does not
    depend on how they were typed."""
    from search.backends.queries import TSQUERY

    expression = TSQUERY.and_.join(sorted({TSQUERY.expression([word], "and") for word in words}))
    return QUERY_KEY_PREFIX + expression, expression


def count_queries(texts):
    """Make the queries ``texts`` (of several words each) the counted ones (PostgreSQL; a no-op elsewhere): the
    others' rows go, the new ones are counted over the documents and marked as counted, one at a time. Writers wait
    while one is counted (the documents are locked against writes, and against another run), so no write misses a
    new key."""
    from search.analysis import query_words
    from search.models import SearchCountedQuery, SearchDocument, SearchTermCount

    if not counts_terms():
        return {}
    wanted = {}
    for text in texts:
        words = query_words(text)
        if len(words) > 1 and not any(word.prefix for word in words):
            key, expression = query_expansion(words)
            wanted.setdefault(key, (expression, text[:255]))
    counts, documents = SearchTermCount._meta.db_table, SearchDocument._meta.db_table
    lock = f"LOCK TABLE {documents} IN SHARE ROW EXCLUSIVE MODE"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(lock)
        gone = list(SearchCountedQuery.objects.exclude(key__in=wanted).values_list("key", flat=True))
        SearchCountedQuery.objects.filter(key__in=gone).delete()
        cursor.execute(f"DELETE FROM {counts} WHERE term = ANY(%s)", [gone])
    for key, (expression, text) in wanted.items():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(lock)
            if SearchCountedQuery.objects.filter(key=key).exists():
                continue
            SearchCountedQuery.objects.create(key=key, expression=expression, query=text)
            cursor.execute(f"DELETE FROM {counts} WHERE term = %s", [key])
            cursor.execute(_upsert_terms_sql(_matching_sql(documents)), [[key], [expression]])
            _mark_counted(cursor, {key: expression})
    bump_version()
    return {key: text for key, (_expression, text) in wanted.items()}


def document_row(searchable, content_type_id, values, entry_ids):
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


def sync(model, pks, entries=None, count_terms=True):
    """(Re)write the rows of ``model``'s objects ``pks``; ``entries`` is the database backend's IndexEntry
    queryset, to record each object's entry id (None on Elasticsearch). ``count_terms=False`` leaves
    SearchTermCount alone (for :func:`rebuild`, which recounts at the end)."""
    from search.models import SearchDocument

    searchable = registry.type_for_model(model)
    pks = list(pks)
    if searchable is None or not pks:
        return
    content_type_id = get_content_type_pk(model)
    expressions = {"f_visible": F(searchable.visible_field)}
    computed = {}  # facet -> function(model, pks) -> {pk: value} (registry.SearchableType.facets)
    for facet in FACET_COLUMNS:
        source = searchable.facets.get(facet)
        if callable(source):
            computed[facet] = source
        elif source:
            expressions[f"f_{facet}"] = F(source)
    if searchable.date_field:
        expressions["f_date"] = F(searchable.date_field)
    with transaction.atomic():
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            entry_ids = {}
            if entries is not None:
                mine = entries.filter(content_type_id=content_type_id, object_id__in=[str(pk) for pk in chunk])
                entry_ids = dict(mine.values_list("object_id", "id"))
            rows = list(model._default_manager.filter(pk__in=chunk).values("pk", **expressions))
            for facet, compute in computed.items():
                values = compute(model, chunk)
                for row in rows:
                    row[f"f_{facet}"] = values.get(row["pk"])
            rows = [document_row(searchable, content_type_id, values, entry_ids) for values in rows]
            assign_groups(rows)
            removed = _delete_documents(content_type_id, chunk)
            SearchDocument.objects.bulk_create([SearchDocument(**row) for row in rows], batch_size=500)
            if entries is not None and connection.vendor == "postgresql":
                _copy_vectors(entries.model._meta.db_table, content_type_id, chunk)
            if count_terms and counts_terms():
                _apply_term_counts(content_type_id, chunk, removed)
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

    with transaction.atomic():
        if isinstance(obj, Page):
            rows = list(SearchDocument.objects.filter(page_id=obj.pk).values_list("content_type_id", "object_id"))
        elif registry.type_for_model(type(obj)) is not None:
            rows = [(get_content_type_pk(type(obj)), obj.pk)]
        else:
            rows = []
        for content_type_id, object_id in rows:
            removed = _delete_documents(content_type_id, [object_id])
            if removed is not None and removed[0]:
                _apply_term_counts(content_type_id, [], removed)
    bump_version()


def reset():
    from search.models import SearchDocument, SearchTermCount

    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchTermCount.objects.all().delete()
        if counts_terms():  # no documents: every expansion's counts are complete (zero), and kept so from here
            with connection.cursor() as cursor:
                _mark_counted(cursor, counted_expressions())
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
        pks = searchable.model._default_manager.values_list("pk", flat=True)
        sync(searchable.model, pks, entries=entries, count_terms=False)
    recount_terms()
    from search.models import SearchDocument

    return SearchDocument.objects.count()
