"""A large search corpus in minutes (PostgreSQL): the bulk pages of ``seed_demo --scale``, written with COPY.

``seed_demo --scale`` saves and indexes its bulk pages through the ORM and jieba, batch by batch: about an
hour for 100,000 pages on a busy two-core machine. This builds the same pages (:func:`demo.policies.bulk_page`,
the same slugs ``bulk-N``, so either builder continues the other's corpus) for the search benchmark:

* the page rows (treebeard paths under the news and policy indexes and their channels, so the department facet
  has values; live) are COPYed into Wagtail's page table and the specific tables, from a template row of a real
  page object, without building a model instance per page;
* their index entries hold what the project's indexer stores: each vector's fields and weights are the model's
  ``search_fields``; the texts are the page's values analysed by :func:`memoised_analyze` (equal to
  :func:`search.analysis.analyze`, jieba run once per distinct CJK run); one page per batch and model is also
  indexed by the real ``PostgresObjectIndexer`` and the build stops if the texts differ. PostgreSQL builds the
  vectors as Wagtail's expressions do (``setweight(to_tsvector('simple', text), weight)`` joined by ``||``);
  ``title_norm`` is what the index's refresh after each batch would set;
* the search documents get their facet values from the registry's own sources and their groups from
  :func:`search.documents.document_row` / :func:`search.documents.assign_groups`, their vectors from the entries
  as :func:`search.documents.sync` copies them; the term counts come from :func:`search.documents.recount_terms`.

For a large build the GIN indexes of the two tables are dropped while loading and built again after (one
sorted build is much faster than a million pending-list insertions).

tests/search/test_bulk_corpus.py checks that the rows equal those of a real reindex of the same pages.
"""

import contextlib
import functools
import json
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, SearchField
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from demo.policies import bulk_body_html, bulk_page, bulk_values
from policies.models import NewsPage, PolicyPage
from search import analysis, documents, registry
from search.backends.postgres import PostgresObjectIndexer
from search.models import SearchDocument

BATCH = 20_000
REBUILD_INDEXES_FROM = 50_000  # pages added at once from which the GIN indexes are dropped and built again


def build(count, news_index, policy_index, log=print):
    """Add bulk pages until ``bulk-1`` … ``bulk-<count>`` exist; returns how many were added."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("The bulk corpus is written with PostgreSQL's COPY.")
    existing = Page.objects.filter(slug__startswith="bulk-").count()
    if existing >= count:
        return 0
    writer = _Writer(news_index, policy_index)
    started = time.perf_counter()
    with _gin_indexes_dropped(count - existing >= REBUILD_INDEXES_FROM, log):
        for first in range(existing, count, BATCH):
            with transaction.atomic():
                with connection.cursor() as cursor:  # benchmark data: a crash may lose the last batches
                    cursor.execute("SET LOCAL synchronous_commit = off")
                writer.write(range(first, min(first + BATCH, count)))
            log(f"    {min(first + BATCH, count) - existing} pages written ({time.perf_counter() - started:.0f} s)")
    documents.recount_terms()
    documents.bump_version()
    log(f"    term counts ({time.perf_counter() - started:.0f} s)")
    return count - existing


def _channels(index):
    """The index page and the channels below it of its own type: where its bulk pages are spread."""
    return [index, *Page.objects.descendant_of(index).type(type(index.specific)).order_by("path")]


def memoised_analyze():
    """A function equal to :func:`search.analysis.analyze` (the analyzer cuts every run of the text on its own, so
    a text's analysis is its runs' analyses joined), with each CJK run's analysis computed once."""
    analysis.dictionary.tokenizer()

    @functools.lru_cache(maxsize=200_000)
    def run_tokens(run):
        return " ".join(analysis.index_tokens(run))

    def analyze(text):
        return " ".join(run_tokens(run) if analysis.is_cjk(run) else run.lower() for run in analysis.runs(text))

    return analyze


@contextlib.contextmanager
def _gin_indexes_dropped(active, log):
    """Drop the GIN indexes of the index entries and documents while ``active``, then build them again."""
    if not active:
        yield
        return
    tables = [_entries_table(), SearchDocument._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef LIKE '%% USING gin %%'",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
        log(f"    {len(indexes)} GIN indexes built again ({time.perf_counter() - started:.0f} s)")


def _entries_table():
    return get_app_config().get_model("IndexEntry")._meta.db_table


class TextsIndexer(PostgresObjectIndexer):
    """The project's indexer, giving each vector's [(analysed text, weight)] instead of its SQL expression."""

    def as_vector(self, texts, for_autocomplete=False):
        return [(text.strip(), weight) for text, weight in texts if text.strip()]


VECTORS = ("title", "autocomplete", "body")


def indexed_texts(page, backend):
    """{vector: [(analysed text, weight)], "title_text": ..., "body_text": ...} of ``page`` by the real indexer."""
    indexer = TextsIndexer(page, backend)
    return {**{name: getattr(indexer, name) for name in VECTORS},
            "title_text": indexer.title_text, "body_text": indexer.body_text}


class _Writer:
    """Writes batches of bulk pages, their index entries and search documents with COPY."""

    def __init__(self, news_index, policy_index):
        self.backend = get_search_backend()
        self.analyze = memoised_analyze()
        self.channels = {NewsPage: _channels(news_index), PolicyPage: _channels(policy_index)}
        self.indexes = {NewsPage: news_index, PolicyPage: policy_index}
        self.now = timezone.now()
        self.parents = {}  # parent pk -> [parent page, last step used]
        self.labels = {}  # (model, choices) -> search_labels
        self.models = {}  # model -> its slots, row templates and content type
        self._titles = None

    def write(self, numbers):
        by_model = {}
        for n in numbers:
            model, *values = bulk_values(n)
            by_model.setdefault(model, []).append((n, *values))
        for model, items in by_model.items():
            self._check(model, items[0][0])
            self._write_model(model, items)

    # -- one model's pages

    def _setup(self, model):
        if model in self.models:
            return self.models[model]
        prototype, _index = bulk_page(0 if model is PolicyPage else 1, None, None)
        slots = {name: [] for name in VECTORS}
        for field in model.get_search_fields():
            if isinstance(field, AutocompleteField):
                slots["autocomplete"].append((field.field_name, "D"))
            elif isinstance(field, SearchField):
                slots["title" if field.field_name == "title" else "body"].append(
                    (field.field_name, get_weight(field.boost)))
            # RelatedFields (a policy's tags): bulk pages have none
        page_fields, child_fields = Page._meta.concrete_fields, model._meta.local_concrete_fields
        setup = {
            "slots": slots,
            "content_type": ContentType.objects.get_for_model(model),
            "page_fields": page_fields,
            "child_fields": child_fields,
            "page_columns": {f.attname: i for i, f in enumerate(page_fields)},
            "child_columns": {f.attname: i for i, f in enumerate(child_fields)},
            "searchable": registry.type_for_model(model),
        }
        prototype.content_type = setup["content_type"]
        prototype.first_published_at = prototype.last_published_at = self.now
        prototype.locale_id = self.indexes[model].locale_id
        setup["page_row"] = [f.get_db_prep_save(getattr(prototype, f.attname), connection) for f in page_fields]
        setup["child_row"] = [f.get_db_prep_save(getattr(prototype, f.attname), connection) for f in child_fields]
        self.models[model] = setup
        return setup

    def _texts(self, model, n, page, fields, sentences):
        """indexed_texts() of bulk page ``n``, from its values (without building the page)."""
        slots = self._setup(model)["slots"]
        raw = {**fields, **page, "body": " ".join(sentences)}  # the body's indexed text: its paragraphs, spaced
        raw["search_labels"] = self._labels(model, fields)
        texts = {}
        for vector in VECTORS:
            texts[vector] = [(self.analyze(raw.get(name, "") or "").strip(), weight) for name, weight in slots[vector]]
        texts["title_text"] = " ".join(text for text, _weight in texts["title"] if text)
        texts["body_text"] = " ".join(text for text, _weight in texts["body"] if text)
        return texts

    @staticmethod
    def segments(texts):
        """A vector's texts joined where neighbours have the same weight: ``setweight(to_tsvector(a), w) ||
        setweight(to_tsvector(b), w)`` equals ``setweight(to_tsvector(a || ' ' || b), w)`` (the positions of b are
        shifted past a's, as the parser numbers them on), and an empty text adds nothing."""
        joined = []
        for text, weight in texts:
            if joined and joined[-1][1] == weight:
                joined[-1][0].append(text)
            else:
                joined.append(([text], weight))
        return [" ".join(t for t in parts if t) for parts, _weight in joined]

    def _labels(self, model, fields):
        key = (model, tuple(sorted((k, v) for k, v in fields.items() if k in ("category", "policy_type", "level"))))
        if key not in self.labels:
            self.labels[key] = model(**dict(key[1])).search_labels()
        return self.labels[key]

    def _check(self, model, n):
        """The texts built here equal the real indexer's for page ``n`` (checked on one page per batch and model)."""
        page, _index = bulk_page(n, None, None)
        _model, *values = bulk_values(n)
        fast = self._texts(model, n, *values)
        fast = {k: [(t, w) for t, w in v if t] if k in VECTORS else v for k, v in fast.items()}
        real = indexed_texts(page, self.backend)
        if fast != real:
            raise AssertionError(f"bulk page {n}: texts differ from the indexer's: {fast} != {real}")

    def _place(self, model, n):
        channels = self.channels[model]
        parent = channels[(n // 2) % len(channels)]
        if parent.pk not in self.parents:
            parent = Page.objects.get(pk=parent.pk)
            last = parent.get_last_child()
            self.parents[parent.pk] = [parent, Page._str2int(last.path[-Page.steplen:]) if last else 0]
        entry = self.parents[parent.pk]
        entry[1] += 1
        return entry[0], Page._get_path(entry[0].path, entry[0].depth + 1, entry[1])

    def _write_model(self, model, items):
        setup = self._setup(model)
        ids = _reserve_ids(len(items))
        page_rows, child_rows, entry_rows, added = [], [], [], {}
        pc, cc = setup["page_columns"], setup["child_columns"]
        for pk, (n, page, fields, sentences) in zip(ids, items, strict=True):
            parent, path = self._place(model, n)
            added[parent.pk] = added.get(parent.pk, 0) + 1
            row = list(setup["page_row"])
            row[pc["id"]], row[pc["path"]], row[pc["depth"]] = pk, path, parent.depth + 1
            row[pc["url_path"]] = f"{parent.url_path}{page['slug']}/"
            row[pc["translation_key"]] = uuid.uuid4()
            for name, value in page.items():
                row[pc[name]] = value
            page_rows.append(row)
            row = list(setup["child_row"])
            row[cc["page_ptr_id"]] = pk
            for name, value in fields.items():
                row[cc[name]] = value
            row[cc["body"]] = json.dumps(
                [{"type": "paragraph", "value": bulk_body_html(sentences), "id": str(uuid.uuid4())}],
                ensure_ascii=False)
            child_rows.append(row)
            texts = self._texts(model, n, page, fields, sentences)
            entry_rows.append([str(pk), *(self.segments(texts[v]) for v in VECTORS),
                               texts["title_text"], texts["body_text"]])
        _copy(Page._meta.db_table, setup["page_fields"], page_rows)
        _copy(model._meta.db_table, setup["child_fields"], child_rows)
        for parent_pk, count in added.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        document_rows = self._documents(model, setup, ids, items)
        self._insert_entries(setup, entry_rows, document_rows)

    def _documents(self, model, setup, ids, items):
        """SearchDocument rows as search.documents.sync makes them (facet values by the registry's own sources)."""
        searchable = setup["searchable"]
        values = [{"pk": pk, "f_visible": True, "f_date": fields["date"]}
                  for pk, (_n, _page, fields, _sentences) in zip(ids, items, strict=True)]
        for facet in documents.FACET_COLUMNS:
            source = searchable.facets.get(facet)
            if callable(source):
                computed = source(model, ids)
                for row in values:
                    row[f"f_{facet}"] = computed.get(row["pk"])
            elif source:
                for row, (_n, _page, fields, _sentences) in zip(values, items, strict=True):
                    row[f"f_{facet}"] = fields[source]
        rows = [documents.document_row(searchable, setup["content_type"].pk, row, {}) for row in values]
        documents.assign_groups(rows)
        return rows

    def _insert_entries(self, setup, entry_rows, document_rows):
        """The index entries (vectors built by PostgreSQL from the texts) and the documents pointing at them."""
        slots, content_type_id = setup["slots"], setup["content_type"].pk
        columns = ("type", "visible", "category", "department", "institution", "product_type", "date", "year",
                   "group_id")
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS bulk_corpus (object_id text, title text[], autocomplete text[],"
                " body text[], title_text text, body_text text, type text, visible boolean, category text,"
                " department text, institution text, product_type text, date date, year smallint, group_id bigint)"
                " ON COMMIT DELETE ROWS"
            )
            cursor.execute("TRUNCATE bulk_corpus")  # the other model's batch, in the same transaction
            with cursor.copy("COPY bulk_corpus FROM STDIN") as copy:
                for entry, document in zip(entry_rows, document_rows, strict=True):
                    copy.write_row([*entry, *(document[name] for name in columns)])

            def vector(name, config):
                # Wagtail's SearchVector(...) + SearchVector(...) (see segments())
                fields = slots[name]
                weights = [w for i, (_field, w) in enumerate(fields) if not i or fields[i - 1][1] != w]
                parts = [f"setweight(to_tsvector('{config}'::regconfig, COALESCE(s.{name}[{i}], '')), '{weight}')"
                         for i, weight in enumerate(weights, start=1)]
                return " || ".join(parts) or "''::tsvector"

            # title_norm as the index's refresh after each batch sets it (the average title length over the entries so
            # far, this batch's included, over the title's): written here, not updated over a million rows at the end
            document_columns = ", ".join(columns)
            cursor.execute(
                f"WITH v AS MATERIALIZED (SELECT s.object_id, {vector('title', self.backend.config)} AS title,"
                f" {vector('autocomplete', self.backend.autocomplete_config)} AS autocomplete,"
                f" {vector('body', self.backend.config)} AS body, s.title_text, s.body_text FROM bulk_corpus s),"
                f" titles AS (SELECT %s + coalesce(sum(length(title)), 0) AS total, %s + count(*) AS n FROM v"
                f" WHERE length(title) > 0),"
                f" e AS (INSERT INTO {_entries_table()} (content_type_id, object_id, title, autocomplete, body,"
                f" title_norm, title_text, body_text) SELECT %s, v.object_id, v.title, v.autocomplete, v.body,"
                f" CASE WHEN length(v.title) > 0 THEN titles.total::float / titles.n / length(v.title) ELSE 1.0 END,"
                f" v.title_text, v.body_text FROM v CROSS JOIN titles RETURNING id, object_id, title, body),"
                f" d AS (INSERT INTO {SearchDocument._meta.db_table} (content_type_id, object_id, entry_id, page_id,"
                f" {document_columns}, text_vector, title_vector)"
                f" SELECT %s, s.object_id::bigint, e.id, s.object_id::bigint, {', '.join('s.' + c for c in columns)},"
                f" setweight(e.title, 'A') || e.body, e.title FROM e JOIN bulk_corpus s USING (object_id))"
                f" SELECT total, n FROM titles",
                [*self.titles(), content_type_id, content_type_id],
            )
            self._titles = cursor.fetchone()

    def titles(self):
        """(total length, number) of the non-empty titles in the index so far."""
        if self._titles is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT coalesce(sum(length(title)), 0), count(*) FROM {_entries_table()}"
                               f" WHERE length(title) > 0")
                self._titles = cursor.fetchone()
        return self._titles


def _reserve_ids(count):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Page._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(table, fields, rows):
    columns = ", ".join(f'"{field.column}"' for field in fields)
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
