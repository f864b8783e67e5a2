"""Wagtail's Elasticsearch 9 backend with Chinese analysis.

The index's ``default`` analyzer (used by every text field Wagtail maps without an explicit
analyzer, including ``_all_text``) is Elasticsearch's built-in ``cjk`` analyzer (bigrams), or
``smartcn`` (word segmentation) when the ``analysis-smartcn`` plugin is installed on the cluster.
Queries are analysed by the same analyzer, so nothing changes on the query side.
"""

from copy import deepcopy

from modelsearch.backends.elasticsearch9 import Elasticsearch9Index, Elasticsearch9SearchBackend
from modelsearch.query import PlainText

SMARTCN_PLUGIN = "analysis-smartcn"
RANKED_ID_LIMIT = 1000  # the portal's facet counts on Elasticsearch cover the best 1,000 matches


def chinese_index_settings(analyzer="cjk"):
    """INDEX_SETTINGS that make ``analyzer`` the default for text fields, at index and search time."""
    definition = {"type": analyzer}
    return {"settings": {"analysis": {"analyzer": {"default": definition, "default_search": definition}}}}


class ChineseElasticsearchIndex(Elasticsearch9Index):
    def put(self):
        self.es.indices.create(index=self.name, **self.backend.index_settings_for_cluster())


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
        definition = {"type": self.analyzer_name()}
        analyzers = settings["settings"]["analysis"]["analyzer"]
        analyzers["default"] = analyzers["default_search"] = definition
        return settings

    def matcher(self, query_string, queryset, fields=None, operator="and"):
        return ElasticsearchMatcher(self, query_string, queryset, fields, operator)


class ElasticsearchMatcher:
    """The database matcher's interface (see search.backends.database) over Elasticsearch results.

    Elasticsearch only filters on FilterFields, so it searches the page types and the portal's
    ORM filters are applied to the best RANKED_ID_LIMIT matches in the database.
    """

    def __init__(self, backend, query_string, queryset, fields, operator):
        self.backend = backend
        self.queryset = queryset
        self.query = PlainText(query_string, operator=operator)
        self.fields = fields
        self._ids = None

    def _ranked(self):
        if self._ids is None:
            model = self.queryset.model
            results = self.backend.search(self.query, model, fields=self.fields, order_by_relevance=True)
            ranked = [obj.pk for obj in results[:RANKED_ID_LIMIT]]
            allowed = set(self.queryset.filter(pk__in=ranked).values_list("pk", flat=True))
            self._ids = [pk for pk in ranked if pk in allowed]
        return self._ids

    def matched_queryset(self):
        return self.queryset.filter(pk__in=self._ranked())

    def ranked_ids(self, start, stop):
        ids = self._ranked()[start:stop]
        return [(pk, float(len(ids) - i)) for i, pk in enumerate(ids)]


SearchBackend = ChineseElasticsearchSearchBackend
