"""Wagtail's database search backends with the Chinese analyzer on both sides.

Select with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``:
SQLite (FTS5) or PostgreSQL (tsvector, ``simple`` config) is picked from the default database,
as Wagtail's own ``wagtail.search.backends.database`` does.

Indexing: every SearchField/AutocompleteField value goes through :func:`search.analysis.analyze`
before the stock code stores it. Querying: a ``PlainText`` query becomes the analyzer's words
(see :func:`search.analysis.query_words`). Everything else (filters, facets, rebuilds) is Wagtail's.

Besides Wagtail's API, the backends offer ``document_matcher`` (search.backends.documents): the
match over the portal's SearchDocument rows as a plain subquery and a ranked page, which the
search page combines with its filters and facet counts.
"""

from django.db import connection


def SearchBackend(params):  # Wagtail looks the backend up by this name
    # Import lazily: each module needs its vendor's index models, which exist only on that database.
    if connection.vendor == "postgresql":
        from search.backends.postgres import PostgresChineseSearchBackend

        return PostgresChineseSearchBackend(params)
    if connection.vendor == "sqlite":
        from search.backends.sqlite import SQLiteChineseSearchBackend

        return SQLiteChineseSearchBackend(params)
    raise NotImplementedError("search.backends.database supports SQLite (FTS5) and PostgreSQL.")
