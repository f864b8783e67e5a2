"""Elasticsearch: index settings, mappings and query bodies without a server; a live suite with one.

The live tests run when ELASTICSEARCH_URL is set (``pytest -m elasticsearch``) and are skipped,
with the reason shown in the summary, when it is not.
"""

import os
import runpy
import uuid
from pathlib import Path
from unittest import mock

import pytest
from modelsearch.backends.elasticsearch9 import Elasticsearch9Mapping

from policies.models import NewsPage, PolicyPage
from search.backends.elasticsearch9 import ChineseElasticsearchSearchBackend, chinese_index_settings

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "site_portal" / "settings" / "base.py"


def settings_with(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))


def backend(analyzer="auto"):
    return ChineseElasticsearchSearchBackend({"URLS": ["http://es.invalid:9200"], "CJK_ANALYZER": analyzer})


def test_elasticsearch_url_selects_the_chinese_elasticsearch_backend(monkeypatch):
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    assert settings_with(monkeypatch)["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "search.backends.database"
    config = settings_with(monkeypatch, ELASTICSEARCH_URL="http://search:9200")["WAGTAILSEARCH_BACKENDS"]["default"]
    assert config["BACKEND"] == "search.backends.elasticsearch9"
    assert config["URLS"] == ["http://search:9200"]
    assert config["INDEX_SETTINGS"] == chinese_index_settings("cjk")


def test_index_settings_make_cjk_the_default_analyzer_and_keep_wagtails_own():
    analyzers = backend("cjk").settings["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == {"type": "cjk"}
    assert analyzers["default_search"] == {"type": "cjk"}
    assert "edgengram_analyzer" in analyzers  # Wagtail's autocomplete analyzer survives the merge


@pytest.mark.parametrize(
    ("plugins", "expected"),
    [([{"component": "analysis-smartcn", "version": "9.1.0"}], "smartcn"), ([], "cjk")],
)
def test_smartcn_is_used_when_the_cluster_has_the_plugin(plugins, expected):
    es_backend = backend("auto")
    es_backend.es = mock.Mock()
    es_backend.es.cat.plugins.return_value = plugins
    index = es_backend.get_index_for_model(NewsPage)
    index.put()
    body = es_backend.es.indices.create.call_args.kwargs
    assert es_backend.es.indices.create.call_args.kwargs["index"] == "wagtailcore_page"
    assert body["settings"]["analysis"]["analyzer"]["default"] == {"type": expected}


def test_explicit_analyzer_setting_skips_plugin_detection():
    es_backend = backend("cjk")
    es_backend.es = mock.Mock()
    assert es_backend.index_settings_for_cluster()["settings"]["analysis"]["analyzer"]["default"]["type"] == "cjk"
    es_backend.es.cat.plugins.assert_not_called()


def test_chinese_text_fields_are_mapped_without_an_analyzer_so_the_default_applies():
    mapping = Elasticsearch9Mapping(PolicyPage).get_mapping()["properties"]
    for name in ["title", "policies_policypage__summary", "policies_policypage__issuing_authority", "_all_text"]:
        assert mapping[name]["type"] == "text"
        assert "analyzer" not in mapping[name]
    assert mapping["policies_policypage__policy_type_filter"] == {"type": "keyword"}


def test_query_body_matches_all_words_across_all_text_with_type_and_live_filters():
    compiler = backend("cjk").query_compiler_class(NewsPage.objects.filter(live=True), "小微企业 贷款", operator="and")
    query = compiler.get_query()
    match = query["bool"]["must"]["multi_match"]
    assert match["query"] == "小微企业 贷款"
    assert match["operator"] == "and"
    assert "_all_text" in match["fields"]
    assert {"term": {"live_filter": True}} in query["bool"]["filter"]


def test_fallback_query_body_uses_or():
    compiler = backend("cjk").query_compiler_class(NewsPage.objects.all(), "小徽企业", operator="or")
    match = compiler.get_query()["bool"]["must"]["multi_match"]
    assert match.get("operator", "or") == "or"  # "or" is Elasticsearch's default, so it may be left out
    assert match["query"] == "小徽企业"


def test_index_search_analyzer_applies_the_synonym_table_written_before_the_index(db):
    es_backend = backend("cjk")
    es_backend.es = mock.Mock()
    es_backend.get_index_for_model(NewsPage).put()
    calls = [name for name, _args, _kwargs in es_backend.es.method_calls]
    assert calls.index("synonyms.put_synonym") < calls.index("indices.create")  # the analyzer refers to the set
    rules = es_backend.es.synonyms.put_synonym.call_args.kwargs
    assert rules["id"] == "synonyms"
    assert {"工行, 工商银行, 中国工商银行", "贷款, 借款, 融资"} <= {rule["synonyms"] for rule in rules["synonyms_set"]}
    analysis = es_backend.es.indices.create.call_args.kwargs["settings"]["analysis"]
    assert analysis["filter"]["portal_synonyms"] == {"type": "synonym_graph", "synonyms_set": "synonyms",
                                                     "updateable": True}
    assert analysis["analyzer"]["default"] == {"type": "cjk"}  # indexing: no synonyms (a graph filter is query-only)
    search_analyzer = analysis["analyzer"]["default_search"]
    assert search_analyzer["filter"] == ["cjk_width", "lowercase", "cjk_bigram", "portal_synonyms"]


def test_an_admins_synonym_edit_reaches_elasticsearch(db):
    from search.models import SearchSynonym

    es_backend = backend("cjk")
    es_backend.es = mock.Mock()
    with mock.patch("wagtail.search.backends.get_search_backend", return_value=es_backend):
        SearchSynonym.objects.create(terms="兴业，兴业银行")
    rules = es_backend.es.synonyms.put_synonym.call_args.kwargs["synonyms_set"]
    assert "兴业, 兴业银行" in {rule["synonyms"] for rule in rules}


def test_elasticsearch_indexes_the_labels_a_product_page_shows():
    from finance_market.models import LoanProductPage

    mapping = Elasticsearch9Mapping(LoanProductPage).get_mapping()["properties"]
    assert mapping["finance_market_loanproductpage__search_labels"]["type"] == "text"


def test_the_document_matcher_answers_the_search_page_and_related_content_calls(db):
    from search.models import SearchDocument

    es_backend = backend("cjk")
    es_backend.search = mock.Mock(return_value=mock.Mock(annotate_score=lambda name: []))
    matcher = es_backend.document_matcher("工行 小微", SearchDocument.objects.all(), operator="any")
    assert matcher.query.operator == "or"  # related content's "any word" is Elasticsearch's or
    assert matcher.ranked(0, 10, total=0) == []  # the search page passes the count it has


live = pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"),
                          reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test against")


@pytest.fixture
def live_backend(settings):
    es_backend = ChineseElasticsearchSearchBackend({
        "URLS": [os.environ["ELASTICSEARCH_URL"]], "INDEX_PREFIX": f"test_{uuid.uuid4().hex[:8]}_",
    })
    yield es_backend
    for index in es_backend.all_indexes():
        index.delete()


@pytest.mark.elasticsearch
@live
def test_live_two_character_words_find_longer_chinese_text(live_backend, news_index):
    from tests.factories import NewsPageFactory

    pages = {
        "sme": NewsPageFactory(parent=news_index, title="支持中小微企业发展"),
        "loan": NewsPageFactory(parent=news_index, title="某公司获得信用贷款"),
        "other": NewsPageFactory(parent=news_index, title="文化旅游节开幕"),
    }
    index = live_backend.get_index_for_model(NewsPage)
    index.reset()
    index.add_model(NewsPage)
    index.add_items(NewsPage, list(pages.values()))
    index.refresh()
    for query, expected in [("小微", "sme"), ("贷款", "loan")]:
        found = [page.pk for page in live_backend.search(query, NewsPage)]
        assert found == [pages[expected].pk]


@pytest.mark.elasticsearch
@live
def test_live_index_uses_the_chinese_analyzer(live_backend):
    index = live_backend.get_index_for_model(NewsPage)
    index.reset()
    tokens = live_backend.es.indices.analyze(index=index.name, text="中小微企业")["tokens"]
    assert "小微" in [t["token"] for t in tokens] or live_backend.analyzer_name() == "smartcn"


def test_the_search_page_on_elasticsearch_sends_the_words_as_typed_and_shows_chinese_facets_and_highlights(
    home, news_index
):
    """The search page's work on Elasticsearch: the query goes as typed (the cluster's search analyzer applies the
    synonym set), the facets are counted over the matches in Chinese with one entry per institution, and the
    results mark the synonym the page says (工商银行 for 工行)."""
    from search.engine import SearchRequest, run_search
    from tests.factories.market import BankIndexPageFactory, BankPageFactory, LoanProductPageFactory
    from tests.factories.members import InstitutionFactory

    icbc = InstitutionFactory(name="中国工商银行市分行")
    bank = BankPageFactory(parent=BankIndexPageFactory(parent=home), institution=icbc, slug="icbc")
    product = LoanProductPageFactory(parent=bank, institution=icbc, slug="kuaidai", title="工商银行经营快贷",
                                     product_type="credit")
    from tests.factories import NewsPageFactory

    news = NewsPageFactory(parent=news_index, slug="icbc-news", title="工商银行推出科创快贷")
    scores = {product.pk: 3.0, news.pk: 2.0, bank.pk: 1.0}

    es_backend = backend("cjk")
    es_backend.es = mock.Mock()

    def search(**request):
        if not request["index"].endswith("wagtailcore_page"):  # the FAQ index: nothing
            return {"hits": {"hits": []}}
        return {"hits": {"hits": [{"fields": {"pk": [pk]}, "_score": score} for pk, score in scores.items()]}}

    es_backend.es.search.side_effect = search
    outcome = run_search(SearchRequest(q="工行"), backend=es_backend)

    body = es_backend.es.search.call_args_list[0].kwargs
    match = body["query"]["bool"]["must"]["multi_match"]
    assert match["query"] == "工行" and match["operator"] == "and"  # not expanded here: the analyzer's synonyms
    assert "analyzer" not in match  # the index's default_search analyzer (with portal_synonyms) applies
    assert body["_source"] is False and body["stored_fields"] == "pk"

    assert outcome.total == 3
    facets = {facet.label: {option.label: option.count for option in facet.options} for facet in outcome.facets}
    assert facets["内容类型"] == {"贷款产品": 1, "新闻": 1, "金融机构主页": 1}
    assert facets["金融机构"] == {"中国工商银行市分行": 2}  # the bank and its product: one name
    assert facets["产品类型"] == {"信用贷款": 1}
    assert [hit.url.rstrip("/").rsplit("/", 1)[-1] for hit in outcome.hits] == ["kuaidai", "icbc-news", "icbc"]
    assert '<mark>工商银行</mark>' in outcome.hits[0].title_html  # the synonym the page says
