"""Wagtail's SQLite FTS5 backend with the Chinese analyzer (see search.backends.database)."""

from django.db.models import Value
from modelsearch.backends.database.sqlite import sqlite as lite
from modelsearch.backends.database.sqlite.query import SearchQueryExpression
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk

from search import documents
from search.backends.documents import SQLiteDocumentMatcher
from search.backends.indexing import ChineseObjectIndexerMixin
from search.backends.queries import fts5_expression, words_or_nothing


class _RawFTS(Value):
    """An already-built FTS5 query string, passed through MatchExpression unchanged."""

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class SQLiteObjectIndexer(ChineseObjectIndexerMixin, lite.ObjectIndexer):
    pass

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
        documents.sync(model, [indexer.obj.pk for indexer in indexers], entries=self.entries)

    def delete_item(self, item):
        super().delete_item(item)
        documents.remove(item)

    def reset(self):
        super().reset()
        documents.reset()


class _SQLiteChineseCompilerMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            words = words_or_nothing(query.query_string)
            return SearchQueryExpression(_RawFTS(fts5_expression(words, query.operator.lower())))
        return super().build_search_query_content(query, config=config)


class SQLiteChineseQueryCompiler(_SQLiteChineseCompilerMixin, lite.SQLiteSearchQueryCompiler):
    pass


class SQLiteChineseAutocompleteCompiler(_SQLiteChineseCompilerMixin, lite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteChineseSearchBackend(lite.SQLiteSearchBackend):
    index_class = SQLiteChineseIndex
    query_compiler_class = SQLiteChineseQueryCompiler
    uses_index_entries = True  # search.documents records each object's IndexEntry id
    autocomplete_query_compiler_class = SQLiteChineseAutocompleteCompiler

    def document_matcher(self, query_string, documents, fields=None, operator="and"):
        return SQLiteDocumentMatcher(query_string, documents, fields=fields, operator=operator)


SearchBackend = SQLiteChineseSearchBackend
