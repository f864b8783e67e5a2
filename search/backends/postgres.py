"""Wagtail's PostgreSQL backend with the Chinese analyzer (see search.backends.database)."""

import contextlib
import functools

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import F
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk

from search import documents
from search.backends.documents import PostgresDocumentMatcher
from search.backends.indexing import ChineseObjectIndexerMixin
from search.backends.queries import TSQUERY, tsquery_expression, words_or_nothing


class PostgresObjectIndexer(ChineseObjectIndexerMixin, pg.ObjectIndexer):
    pass

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
        documents.sync(model, [indexer.obj.pk for indexer in indexers], entries=pg.IndexEntry.objects.all())

    def delete_item(self, item):
        super().delete_item(item)
        documents.remove(item)

    def reset(self):
        super().reset()
        documents.reset()


class _PostgresChineseCompilerMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            words = words_or_nothing(query.query_string)
            return SearchQuery(tsquery_expression(words, query.operator.lower()), search_type="raw",
                               config=config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def get_fields_vectors(self, search_query):
        # Model columns hold raw text the database cannot segment; the index's title vector is analyzed.
        if set(self.search_fields) <= {"title"}:
            return [(F("index_entries__title"), 1.0)]
        raise NotImplementedError("Field-restricted search supports the title only on this backend.")


class PostgresChineseQueryCompiler(_PostgresChineseCompilerMixin, pg.PostgresSearchQueryCompiler):
    pass


class PostgresChineseAutocompleteCompiler(_PostgresChineseCompilerMixin, pg.PostgresAutocompleteQueryCompiler):
    pass


class PostgresChineseSearchBackend(pg.PostgresSearchBackend):
    index_class = PostgresChineseIndex
    query_compiler_class = PostgresChineseQueryCompiler
    uses_index_entries = True  # search.documents records each object's IndexEntry id
    autocomplete_query_compiler_class = PostgresChineseAutocompleteCompiler

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "simple", **params})

    def document_matcher(self, query_string, documents, fields=None, operator="and"):
        return PostgresDocumentMatcher(query_string, documents, fields=fields, operator=operator)

    counts_terms = True  # search.documents keeps SearchTermCount (search.engine.term_facet_groups reads it)
    narrows_by_group = True  # facet selections filter by SearchDocument.group (indexed here, search migration 0006)

    @contextlib.contextmanager
    def matching(self):
        """For the search page's statements that match text: no sequential scan, no JIT compilation. A broad query
        of several words (贷款 企业, a third of the documents) otherwise reads the whole table, several times slower
        than the full-text index; and at a million documents the ranking's estimated cost (its LIMITed candidates
        are priced as if every match were read) passes ``jit_above_cost``, and PostgreSQL spent ~200 ms
        compiling a statement that runs in ten."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('jit'),"
                " set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
            )
            seqscan, jit = cursor.fetchone()[:2]
            yield  # (an error rolls the settings back with the savepoint or transaction)
            cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)", [seqscan, jit])

    def counted_term(self, word):
        """The SearchTermCount term that answers the query word ``word`` (search.analysis.QueryWord): its one lexeme,
        or for a word with synonyms the key of its expansion; None if it is indexed as several lexemes."""
        if word.synonyms:
            return documents.expansion(word)[0]
        return _single_lexeme(word.word)

    def has_counts(self, term):
        """Whether SearchTermCount holds complete counts of ``term``: always for a lexeme, for a synonym expansion
        once it has been counted (search.documents.recount_synonyms), for a query of several words while it is a
        counted one (search.documents.count_queries)."""
        return documents.expansion_expression(term) is None or documents.expansion_counted(term)

    def term_documents(self, documents, term, title_only=False):
        """The ``documents`` holding the indexed ``term`` (in their title), or matching it if it is a synonym
        expansion's or a counted query's key."""
        from search.documents import expansion_expression

        expression = expansion_expression(term) or TSQUERY.quoted(term)
        query = SearchQuery(expression, search_type="raw", config="simple")
        return documents.filter(**{"title_vector" if title_only else "text_vector": query})

    def pairs_only_documents(self, documents, word, title_only=False):
        """The ``documents`` a word with alternatives matches through its character pairs alone (without the word)."""
        pairs = " & ".join(TSQUERY.quoted(t) for t in word.alternatives)
        query = SearchQuery(f"({pairs}) & !{TSQUERY.quoted(word.word)}", search_type="raw", config="simple")
        return documents.filter(**{"title_vector" if title_only else "text_vector": query})


@functools.lru_cache(maxsize=4096)
def _single_lexeme(word):
    """The one lexeme PostgreSQL indexes ``word`` as, or None if it makes several (or none)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('simple', %s))", [word])
        lexemes = cursor.fetchone()[0]
    return lexemes[0] if len(lexemes) == 1 else None


SearchBackend = PostgresChineseSearchBackend
