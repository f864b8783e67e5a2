"""Wagtail's Elasticsearch 9 backend with Chinese analysis.

The index's ``default`` analyzer (used by every text field Wagtail maps without an explicit
analyzer, including ``_all_text``) is Elasticsearch's built-in ``cjk`` analyzer (bigrams), or
``smartcn`` (word segmentation) when the ``analysis-smartcn`` plugin is installed on the cluster.
Queries are analysed by the same tokenizer plus a ``synonym_graph`` filter reading the portal's synonym
table (search.synonyms) as an Elasticsearch synonym set: searching 工行 finds 中国工商银行, as on the
database backends. The set is written before the index is created and again whenever an admin edits the
table; being ``updateable``, the search analyzer picks the new rules up without a reindex.
"""

from copy import deepcopy

from django.db.models import Q
from modelsearch.backends.elasticsearch9 import Elasticsearch9Index, Elasticsearch9SearchBackend
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk
from wagtail.models import Page

from search import documents, registry, synonyms

SMARTCN_PLUGIN = "analysis-smartcn"
RANKED_ID_LIMIT = 1000  # the portal's facet counts on Elasticsearch cover the best 1,000 matches


SYNONYM_FILTER = "portal_synonyms"
# what the built-in analyzers do, spelled out so the synonym filter can follow (the same tokens as at index time)
SEARCH_CHAINS = {
    "cjk": {"tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"]},
    "smartcn": {"tokenizer": "smartcn_tokenizer", "filter": ["lowercase"]},
}


def search_analyzer(analyzer):
    """The query-time analyzer: ``analyzer``'s tokens, then the synonym table's rules."""
    chain = SEARCH_CHAINS[analyzer]
    return {"type": "custom", "tokenizer": chain["tokenizer"], "filter": [*chain["filter"], SYNONYM_FILTER]}


def chinese_index_settings(analyzer="cjk"):
    """INDEX_SETTINGS that make ``analyzer`` the default for text fields, at index and search time."""
    definition = {"type": analyzer}
    return {"settings": {"analysis": {"analyzer": {"default": definition, "default_search": definition}}}}


class ChineseElasticsearchIndex(Elasticsearch9Index):
    def put(self):
        self.backend.put_synonyms()  # the index's search analyzer refers to the set: it must exist first
        self.es.indices.create(index=self.name, **self.backend.index_settings_for_cluster())

    def add_item(self, item):
        super().add_item(item)
        documents.sync(type(item), [item.pk])

    def add_items(self, model, items):
        super().add_items(model, items)
        documents.sync(model, [item.pk for item in items])

    def delete_item(self, item):
        super().delete_item(item)
        documents.remove(item)


class ChineseElasticsearchSearchBackend(Elasticsearch9SearchBackend):
    index_class = ChineseElasticsearchIndex

    def __init__(self, params):
        params = dict(params)
        self.cjk_analyzer = params.pop("CJK_ANALYZER", "auto")  # "auto", "cjk" or "smartcn"
        params.setdefault("INDEX_SETTINGS", chinese_index_settings("cjk"))
        super().__init__(params)
        self._smartcn_installed = None

    def smartcn_installed(self):
        if self._smartcn_installed is None:
            plugins = self.es.cat.plugins(format="json")
            self._smartcn_installed = any(p.get("component") == SMARTCN_PLUGIN for p in plugins)
        return self._smartcn_installed

    def analyzer_name(self):
        if self.cjk_analyzer == "auto":
            return "smartcn" if self.smartcn_installed() else "cjk"
        return self.cjk_analyzer

    def index_settings_for_cluster(self):
        settings = deepcopy(self.settings)
        name = self.analyzer_name()
        analysis = settings["settings"]["analysis"]
        analysis.setdefault("filter", {})[SYNONYM_FILTER] = {
            "type": "synonym_graph", "synonyms_set": self.synonym_set_id(), "updateable": True,
        }
        analysis["analyzer"]["default"] = {"type": name}
        analysis["analyzer"]["default_search"] = search_analyzer(name)
        return settings

    def synonym_set_id(self):
        return f"{self.index_prefix}synonyms"

    def put_synonyms(self):
        """Write the synonym table as the cluster's synonym set (Elasticsearch reloads the search analyzers)."""
        rules = [{"id": f"rule-{n}", "synonyms": rule} for n, rule in enumerate(synonyms.elasticsearch_rules(), 1)]
        self.es.synonyms.put_synonym(id=self.synonym_set_id(), synonyms_set=rules)

    def document_matcher(self, query_string, documents, fields=None, operator="and"):
        return ElasticsearchDocumentMatcher(self, query_string, documents, fields, operator)


class ElasticsearchDocumentMatcher:
    """The database document matcher's interface (search.backends.documents) over Elasticsearch results:
    the best RANKED_ID_LIMIT matches of each registered model, merged by score, then narrowed by the
    search page's filters on SearchDocument rows in the database."""

    def __init__(self, backend, query_string, documents, fields, operator):
        self.backend = backend
        self.documents = documents
        self.query = PlainText(query_string, operator="or" if operator == "any" else operator)
        self.fields = fields
        self._hits = None

    def _ranked(self):
        if self._hits is None:
            scores = {}
            models = {Page if t.is_page else t.model for t in registry.searchable_types()}
            for model in models:
                results = self.backend.search(self.query, model, fields=self.fields, order_by_relevance=True)
                for obj in results.annotate_score("_score")[:RANKED_ID_LIMIT]:
                    key = ("page", obj.pk) if model is Page else (get_content_type_pk(model), obj.pk)
                    scores[key] = obj._score or 0.0
            page_ids = [pk for kind, pk in scores if kind == "page"]
            condition = Q(page_id__in=page_ids)
            for kind, pk in scores:
                if kind != "page":
                    condition |= Q(content_type_id=kind, object_id=pk)
            rows = self.documents.filter(condition).values_list("pk", "page_id", "content_type_id", "object_id")
            hits = [(doc, ct, pk, scores[("page", page) if page else (ct, pk)]) for doc, page, ct, pk in rows]
            self._hits = sorted(hits, key=lambda hit: -hit[3])[:RANKED_ID_LIMIT]
        return self._hits

    def matched_queryset(self):
        return self.documents.filter(pk__in=[doc for doc, *_rest in self._ranked()])

    def ranked(self, start, stop, total=None):  # (total: the database matchers' hint, not needed here)
        return [(ct, pk, score) for _doc, ct, pk, score in self._ranked()[start:stop]]


SearchBackend = ChineseElasticsearchSearchBackend
