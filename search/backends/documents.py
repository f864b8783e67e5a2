"""Free text over :class:`search.models.SearchDocument` rows, for the database backends.

A matcher gives the search page two things: ``matched_queryset()`` (the documents whose index entry
matches, for the facet counts: a subquery on ``entry_id`` on SQLite, the documents' own vectors on
PostgreSQL) and ``ranked(start, stop, total)`` (a page of ``(content_type_id, object_id)`` best first).
Neither joins Wagtail's page tables. On PostgreSQL the ranking is one statement: candidates, scores
(the title's from the document's ``title_vector``, the body's from the index entry) and the page.

Ranking cost grows with the number of matches (each must be scored). When a query matches more than
``RANK_CANDIDATES`` documents, only that many are scored: those whose *title* matches, newest first,
then (if the titles are too few) the newest body matches. Counts stay exact; the ordering of a very
broad query (贷款 over 100,000 documents) favours recent title matches over a full BM25 ordering,
and its results stop at RANK_CANDIDATES (the search page stops at page 100, i.e. result 1,000).
"""

from django.db import connection
from django.db.models import BooleanField, F, Sum
from django.db.models.expressions import RawSQL
from modelsearch.conf import get_app_config

from search.backends.queries import TITLE_WEIGHT, fts5_expression, tsquery_expression, words_or_nothing

RANK_CANDIDATES = 1000  # = the deepest page the search page serves (100 × 10)
ANCHOR_DOCUMENTS = 500  # a word in at most this many documents is rare enough to check the rest of a query per row
# whole words expected together in at most this many documents: checking the rest per row beats expanding a prefix
ANCHOR_TOGETHER = 5000


def _table(model_name):
    if model_name == "SearchDocument":
        from search.models import SearchDocument

        return SearchDocument._meta.db_table
    return get_app_config().get_model(model_name)._meta.db_table


class _DocumentMatcher:
    def __init__(self, query_string, documents, fields=None, operator="and"):
        self.words = words_or_nothing(query_string)
        self.documents = documents
        self.title_only = bool(fields) and set(fields) <= {"title"}
        self.operator = operator

    def entries_sql(self, title_only=None):
        """(sql, params) selecting the ids of the matching index entries."""
        raise NotImplementedError

    def matched(self, title_only):
        """The documents whose text (or title) matches."""
        return self.documents.filter(entry_id__in=RawSQL(*self.entries_sql(title_only=title_only)))

    def matched_queryset(self):
        return self.matched(self.title_only)

    def ranked(self, start, stop, total=None):
        """[(content_type_id, object_id, score)] best first, scoring at most RANK_CANDIDATES matches; ``total``:
        the number of matches, when the caller has counted them."""
        if total is not None and total > RANK_CANDIDATES:
            entry_ids = self._candidates()
        else:
            entry_ids = list(self.matched_queryset().values_list("entry_id", flat=True)[: RANK_CANDIDATES + 1])
            if len(entry_ids) > RANK_CANDIDATES:
                entry_ids = self._candidates()
        if not entry_ids:
            return []
        sql, params = self.ranked_sql(entry_ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            return [(ct, int(object_id), score) for ct, object_id, score in cursor.fetchall()]

    def _candidates(self):
        """The entry ids of the newest title matches, then (if too few) the newest other matches."""
        entry_ids = []
        newest = (F("date").desc(nulls_last=True), "-object_id")
        for title_only in ((True, False) if not self.title_only else (True,)):
            matched = self.matched(title_only)
            if entry_ids:
                matched = matched.exclude(entry_id__in=entry_ids)
            wanted = RANK_CANDIDATES - len(entry_ids)
            entry_ids += list(matched.order_by(*newest).values_list("entry_id", flat=True)[:wanted])
            if len(entry_ids) >= RANK_CANDIDATES:
                break
        return entry_ids


class SQLiteDocumentMatcher(_DocumentMatcher):
    def _match(self, title_only):
        columns = "title" if title_only else "title body"
        return f"{{{columns}}} : ({fts5_expression(self.words, self.operator)})"

    def entries_sql(self, title_only=None):
        fts = _table("SQLiteFTSIndexEntry")
        title_only = self.title_only if title_only is None else title_only
        return f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [self._match(title_only)]

    def ranked_sql(self, entry_ids):
        fts = _table("SQLiteFTSIndexEntry")
        documents = _table("SearchDocument")
        ids = ", ".join(["%s"] * len(entry_ids))
        # bm25 is lower for better matches; columns are (autocomplete, body, title). "+rowid": SQLite must not
        # hand the id list to FTS5 as a rowid constraint (FTS5 would re-run the MATCH once per id).
        return (
            f"SELECT d.content_type_id, d.object_id, -bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT}) AS score"
            f" FROM {fts} CROSS JOIN {documents} d ON d.entry_id = +{fts}.rowid"
            f" WHERE {fts} MATCH %s AND +{fts}.rowid IN ({ids}) ORDER BY score DESC, d.object_id DESC"
            " LIMIT %s OFFSET %s",
            [self._match(self.title_only), *entry_ids],
        )


def _documents_estimate():
    """The planner's estimate of the number of search documents (PostgreSQL; kept by ANALYZE and autovacuum)."""
    from search.models import SearchDocument

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [SearchDocument._meta.db_table])
        row = cursor.fetchone()
    return max(row[0], 0) if row else 0


class PostgresDocumentMatcher(_DocumentMatcher):
    """Matches on the documents' own copies of the index vectors (GIN-indexed, search migration 0004), so only
    the final page's ranking reads Wagtail's wide index table (its ≤ RANK_CANDIDATES rows, by id)."""

    def matched(self, title_only):
        from django.contrib.postgres.search import SearchQuery  # needs psycopg: import on PostgreSQL only

        column = "title_vector" if title_only else "text_vector"
        expression = tsquery_expression(self.words, self.operator)
        anchor = self._anchor()
        if anchor is None:
            return self.documents.filter(**{column: SearchQuery(expression, search_type="raw", config="simple")})
        # The index finds the rows with the rare words; each is then checked against the whole query (ts_match_vq:
        # the same test as @@, which the index does not take), so the one-character prefixes are never expanded.
        anchored = SearchQuery(tsquery_expression(anchor), search_type="raw", config="simple")
        whole = RawSQL(f"ts_match_vq({column}, to_tsquery('simple', %s))", [expression], output_field=BooleanField())
        return self.documents.filter(**{column: anchored}).filter(whole)

    def _anchor(self):
        """The words to find with the index when the others are one-character prefixes (第4321号: 第 and 号 match
        every term starting with them, an expensive expansion; 南湖县 预制菜: 南湖 县* 预制 菜*): the whole words, if
        one of them is a single term held by few documents, or if together they are (as far as their counts tell,
        taking them as independent: 南湖 and 预制, each in a few per cent of the documents). None: use the index for
        the whole query."""
        if self.operator != "and":
            return None
        prefixes = [word for word in self.words if word.prefix]
        whole = [word for word in self.words if not word.prefix]
        if not prefixes or not whole:
            return None
        from search.models import SearchTermCount

        singles = [word.word for word in whole if not word.alternatives and not word.synonyms]
        counts = dict(
            SearchTermCount.objects.filter(term__in=singles).values_list("term").annotate(n=Sum("documents"))
        )
        if any(counts.get(word, 0) <= ANCHOR_DOCUMENTS for word in singles):
            return whole
        if len(singles) > 1:
            documents = _documents_estimate()
            together = documents
            for word in singles:
                together *= counts.get(word, 0) / max(documents, 1)
            if together <= ANCHOR_TOGETHER:
                return whole
        return None

    def ranked(self, start, stop, total=None):
        """One statement: the candidates (every match, or the newest title matches then the newest other matches
        when there are more than RANK_CANDIDATES), scored and cut to the page. The title's rank comes from the
        document's own ``title_vector`` (a copy of the index entry's title); only the body's is read from the index
        entry, by id. (Both from the entry would let the planner sort every entry by score and join the candidates
        to them: seconds at 1,000,000 documents.)"""
        if total is None:
            total = self.matched_queryset()[: RANK_CANDIDATES + 1].count()
        columns = ("content_type_id", "object_id", "entry_id", "title_vector")
        if total > RANK_CANDIDATES:
            newest = (F("date").desc(nulls_last=True), "-object_id")
            parts = [self.matched(True).order_by(*newest).values(*columns)[:RANK_CANDIDATES]]
            if not self.title_only:
                body_only = self.matched(False).exclude(id__in=self.matched(True).values("id"))
                parts.append(body_only.order_by(*newest).values(*columns)[:RANK_CANDIDATES])
            sqls, params = [], []
            for part in parts:
                sql, part_params = part.query.sql_with_params()
                sqls.append(f"({sql})")
                params.extend(part_params)
            # Append runs its parts in order and stops at the limit: the body-only part runs only if the titles
            # are too few
            candidates = f"{' UNION ALL '.join(sqls)} LIMIT {RANK_CANDIDATES}"
        else:
            candidates, params = self.matched_queryset().values(*columns).query.sql_with_params()
            params = list(params)
        query = tsquery_expression(self.words, self.operator)
        sql = (
            f"SELECT c.content_type_id, c.object_id,"
            f" ts_rank(c.title_vector, q.q) * {TITLE_WEIGHT} + ts_rank(e.body, q.q) AS score"
            f" FROM ({candidates}) AS c JOIN {_table('IndexEntry')} e ON e.id = c.entry_id"
            f" CROSS JOIN (SELECT to_tsquery('simple', %s) AS q) AS q"
            f" ORDER BY score DESC, c.object_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, query, stop - start, start])
            return [(ct, int(object_id), score) for ct, object_id, score in cursor.fetchall()]

    def ranked_sql(self, entry_ids):
        query = tsquery_expression(self.words, self.operator)
        return (
            f"SELECT d.content_type_id, d.object_id,"
            f" ts_rank(e.title, to_tsquery('simple', %s)) * {TITLE_WEIGHT} + ts_rank(e.body, to_tsquery('simple', %s))"
            f" AS score FROM {_table('IndexEntry')} e JOIN {_table('SearchDocument')} d ON d.entry_id = e.id"
            f" WHERE e.id = ANY(%s) ORDER BY score DESC, d.object_id DESC LIMIT %s OFFSET %s",
            [query, query, list(entry_ids)],
        )
