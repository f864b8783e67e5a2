"""Wagtail's database search backends with the Chinese analyzer on both sides.

Select with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``:
SQLite (FTS5) or PostgreSQL (tsvector, ``simple`` config) is picked from the default database,
as Wagtail's own ``wagtail.search.backends.database`` does.

Indexing: every SearchField/AutocompleteField value goes through :func:`search.analysis.analyze`
before the stock code stores it. Querying: a ``PlainText`` query becomes the analyzer's words
(see :func:`search.analysis.query_words`). Everything else (filters, facets, rebuilds) is Wagtail's.

Besides Wagtail's API, the backends offer :meth:`matcher` — the match as a plain subquery and a
ranked id list — which the portal's search page uses to combine free text with arbitrary ORM
filters and facet counts in two SQL queries.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, FloatField, Func, IntegerField, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.backends.database.sqlite import sqlite as lite
from modelsearch.backends.database.sqlite.query import MatchExpression, SearchQueryExpression
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search.analysis import analyze, query_words

TITLE_WEIGHT = 3.0  # a match in the title counts this many times a match in the body


def fts5_expression(words, operator="and"):
    """The FTS5 MATCH string for the analyzer's words; ``or`` is the partial (fallback) match."""

    def quoted(term, prefix=False):
        return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")

    if operator == "or":
        terms = {term for word in words for term in word.partial_terms()}
        return " OR ".join(quoted(t, prefix=len(t) == 1) for t in sorted(terms))
    parts = []
    for word in words:
        if word.alternatives:
            all_bigrams = " AND ".join(quoted(t) for t in word.alternatives)
            parts.append(f"({quoted(word.word)} OR ({all_bigrams}))")
        else:
            parts.append(quoted(word.word, word.prefix))
    return " AND ".join(parts)


def tsquery_expression(words, operator="and"):
    """The same query as a PostgreSQL ``to_tsquery`` string."""

    def quoted(term, prefix=False):
        return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'" + (":*" if prefix else "")

    if operator == "or":
        terms = {term for word in words for term in word.partial_terms()}
        return " | ".join(quoted(t, prefix=len(t) == 1) for t in sorted(terms))
    parts = []
    for word in words:
        if word.alternatives:
            all_bigrams = " & ".join(quoted(t) for t in word.alternatives)
            parts.append(f"({quoted(word.word)} | ({all_bigrams}))")
        else:
            parts.append(quoted(word.word, word.prefix))
    return " & ".join(parts)


def _words_or_nothing(query_string):
    # A query of punctuation only has no words; match a token no analyzer output can contain.
    return query_words(query_string) or query_words("\u3007\u3007")


class _RawFTS(Value):
    """An already-built FTS5 query string, passed through MatchExpression unchanged."""

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class _BM25(Func):
    """bm25() over the FTS table with column weights (columns: autocomplete, body, title)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        table = lite.SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})", []


# --- SQLite -------------------------------------------------------------------------------------


class SQLiteObjectIndexer(lite.ObjectIndexer):
    def prepare_field(self, obj, field):
        if isinstance(field, (SearchField, AutocompleteField)):
            for current, value in super().prepare_field(obj, field):
                yield current, analyze(value)
        else:
            yield from super().prepare_field(obj, field)


class SQLiteChineseIndex(lite.SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [SQLiteObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
        for object_id in existing:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        self.entries.bulk_create(
            [
                lite.IndexEntry(content_type_id=content_type_pk, object_id=object_id, title=title,
                                autocomplete=autocomplete, body=body)
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in existing
            ],
            batch_size=500,
        )
        self._refresh_title_norms()


class _SQLiteChineseCompilerMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            words = _words_or_nothing(query.query_string)
            return SearchQueryExpression(_RawFTS(fts5_expression(words, query.operator.lower())))
        return super().build_search_query_content(query, config=config)

    def _match_expression(self):
        return MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(self.query))

    def _fts_entries(self):
        return lite.SQLiteFTSIndexEntry.objects.filter(self._match_expression()).filter(
            index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
        )

    def matched_queryset(self):
        ids = self._fts_entries().annotate(oid=Cast("index_entry__object_id", IntegerField())).values("oid")
        return self.queryset.filter(pk__in=ids)

    def ranked_ids(self, start, stop):
        """[(pk, score)] best first, of the queryset's objects that match."""
        page_ids = self.queryset.annotate(sid=Cast("pk", TextField())).values("sid")
        rows = (
            self._fts_entries()
            .filter(index_entry__object_id__in=page_ids)
            .annotate(score=_BM25())
            .order_by("score", "-index_entry__object_id")
            .values_list("index_entry__object_id", "score")[start:stop]
        )
        return [(int(object_id), -score) for object_id, score in rows]


class SQLiteChineseQueryCompiler(_SQLiteChineseCompilerMixin, lite.SQLiteSearchQueryCompiler):
    pass


class SQLiteChineseAutocompleteCompiler(_SQLiteChineseCompilerMixin, lite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteChineseSearchBackend(lite.SQLiteSearchBackend):
    index_class = SQLiteChineseIndex
    query_compiler_class = SQLiteChineseQueryCompiler
    autocomplete_query_compiler_class = SQLiteChineseAutocompleteCompiler

    def matcher(self, query_string, queryset, fields=None, operator="and"):
        return self.query_compiler_class(queryset, PlainText(query_string, operator=operator), fields=fields,
                                         order_by_relevance=False)


# --- PostgreSQL ---------------------------------------------------------------------------------


class PostgresObjectIndexer(pg.ObjectIndexer):
    def prepare_field(self, obj, field):
        if isinstance(field, (SearchField, AutocompleteField)):
            for current, weight, value in super().prepare_field(obj, field):
                yield current, weight, analyze(value)
        else:
            yield from super().prepare_field(obj, field)


class PostgresChineseIndex(pg.PostgresIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [PostgresObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = pg.InsertQuery(pg.IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(pg.IndexEntry._meta.get_field(name), getattr(indexer, name))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
        table = pg.IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm,"
                f" title_text, body_text) (VALUES {', '.join(rows)})"
                " ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,"
                " autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,"
                " title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                params,
            )
        self._refresh_title_norms()


class _PostgresChineseCompilerMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            words = _words_or_nothing(query.query_string)
            return SearchQuery(tsquery_expression(words, query.operator.lower()), search_type="raw",
                               config=config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def get_fields_vectors(self, search_query):
        # Model columns hold raw text the database cannot segment; the index's title vector is analyzed.
        if set(self.search_fields) <= {"title"}:
            return [(F("index_entries__title"), 1.0)]
        raise NotImplementedError("Field-restricted search supports the title only on this backend.")

    def _tsquery(self):
        return self.build_tsquery(self.query, config="simple")

    def _entries(self):
        entries = pg.IndexEntry.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
        )
        if self.fields:
            return entries.filter(title=self._tsquery())
        # (title || body) has its own GIN index (search/migrations), so this is an index scan.
        document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        return entries.annotate(document=document).filter(document=self._tsquery())

    def matched_queryset(self):
        ids = self._entries().annotate(oid=Cast("object_id", IntegerField())).values("oid")
        return self.queryset.filter(pk__in=ids)

    def ranked_ids(self, start, stop):
        query = self._tsquery()
        page_ids = self.queryset.annotate(sid=Cast("pk", TextField())).values("sid")
        rank = SearchRank(F("title"), query) * TITLE_WEIGHT + SearchRank(F("body"), query)
        rows = (
            self._entries()
            .filter(object_id__in=page_ids)
            .annotate(score=rank)
            .order_by("-score", "-object_id")
            .values_list("object_id", "score")[start:stop]
        )
        return [(int(object_id), score) for object_id, score in rows]


class PostgresChineseQueryCompiler(_PostgresChineseCompilerMixin, pg.PostgresSearchQueryCompiler):
    pass


class PostgresChineseAutocompleteCompiler(_PostgresChineseCompilerMixin, pg.PostgresAutocompleteQueryCompiler):
    pass


class PostgresChineseSearchBackend(pg.PostgresSearchBackend):
    index_class = PostgresChineseIndex
    query_compiler_class = PostgresChineseQueryCompiler
    autocomplete_query_compiler_class = PostgresChineseAutocompleteCompiler

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "simple", **params})

    def matcher(self, query_string, queryset, fields=None, operator="and"):
        return self.query_compiler_class(queryset, PlainText(query_string, operator=operator), fields=fields,
                                         order_by_relevance=False)


def SearchBackend(params):  # Wagtail looks the backend up by this name
    if connection.vendor == "postgresql":
        return PostgresChineseSearchBackend(params)
    if connection.vendor == "sqlite":
        return SQLiteChineseSearchBackend(params)
    raise NotImplementedError("search.backends.database supports SQLite (FTS5) and PostgreSQL.")
