"""The benchmark's bulk corpus (demo.search_corpus, PostgreSQL COPY) stores what the real indexer stores: its index
entries, search documents and term counts equal those of reindexing the same pages, and searches find the same."""

import pytest
from django.db import connection
from modelsearch.conf import get_app_config
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from demo import search_corpus
from policies.models import NewsPage, PolicyPage
from search import documents
from search.engine import SearchRequest, run_search
from search.models import SearchDocument, SearchTermCount
from tests.factories import NewsIndexPageFactory, PolicyIndexPageFactory
from tests.factories.members import DepartmentFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the bulk corpus is written with COPY")

QUERIES = [("贷款", {}), ("小微企业", {}), ("乡村振兴 贴息", {}), ("第12号", {}), ("8", {}),
           ("信用贷款", {"department": "人民银行"}), ("担保", {"type": "policy"}), ("工行", {})]


def stored_rows():
    entries = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, content_type_id, title::text, autocomplete::text, body::text, title_text, body_text"
            f" FROM {entries} WHERE object_id::bigint IN (SELECT id FROM wagtailcore_page WHERE slug LIKE 'bulk-%%')"
            f" ORDER BY object_id"
        )
        index_entries = cursor.fetchall()
        cursor.execute(
            f"SELECT d.object_id, d.type, d.visible, d.category, d.department, d.date, d.year, g.key,"
            f" d.text_vector::text, d.title_vector::text, e.object_id FROM {SearchDocument._meta.db_table} d"
            f" JOIN portal_search_searchfacetgroup g ON g.id = d.group_id JOIN {entries} e ON e.id = d.entry_id"
            f" ORDER BY d.object_id"
        )
        search_documents = cursor.fetchall()
    counts = sorted(SearchTermCount.objects.values_list("term", "group__key", "documents", "titles"))
    pages = sorted(Page.objects.filter(slug__startswith="bulk-").values_list("slug", "path", "url_path", "live"))
    return index_entries, search_documents, counts, pages


def searches(queries=QUERIES):
    documents.bump_version()
    found = {}
    for q, selected in queries:
        outcome = run_search(SearchRequest(q=q, selected=selected))
        facets = [(facet.name, [(option.value, option.count) for option in facet.options]) for facet in outcome.facets]
        found[q, tuple(selected.items())] = (outcome.total, [hit.page.slug for hit in outcome.hits], facets)
    return found


@pytest.fixture
def bulk_corpus(home, news_index, policy_index):
    """200 bulk pages, spread over the indexes and a department's channels."""
    department = DepartmentFactory(name="人民银行")
    department.channel_pages.add(NewsIndexPageFactory(parent=news_index, slug="pbc-news", title="人民银行动态"))
    department.channel_pages.add(PolicyIndexPageFactory(parent=policy_index, slug="pbc-policies", title="人民银行文件"))
    assert search_corpus.build(200, news_index, policy_index, log=lambda *args: None) == 200


def test_bulk_corpus_stores_what_reindexing_its_pages_stores(bulk_corpus):
    generated, found = stored_rows(), searches()
    assert len(generated[0]) == len(generated[3]) == 200
    assert found["贷款", ()][0] > 50 and found["信用贷款", (("department", "人民银行"),)][0] > 0
    backend = get_search_backend()
    for model in (NewsPage, PolicyPage):  # the real indexer, over the saved pages (documents and counts updated)
        backend.add_bulk(model, list(model.objects.filter(slug__startswith="bulk-")))
    assert stored_rows() == generated
    assert searches() == found
    documents.rebuild()  # and the documents and counts recomputed from scratch
    assert stored_rows() == generated


def test_bulk_corpus_pages_form_a_valid_tree_and_continue_where_they_stopped(bulk_corpus, news_index, policy_index):
    assert search_corpus.build(260, news_index, policy_index, log=lambda *args: None) == 60
    assert Page.objects.filter(slug__startswith="bulk-").count() == 260
    # treebeard's checks: characters, step lengths, orphans, depths, numchild
    assert Page.find_problems() == ([], [], [], [], [])
    assert PolicyPage.objects.filter(slug="bulk-259").exists() and NewsPage.objects.filter(slug="bulk-260").exists()
    assert set(search_corpus.bulk_values(199)[1].items()) <= set(
        Page.objects.filter(slug="bulk-200").values("title", "draft_title", "slug", "live").get().items())


@pytest.mark.parametrize("q", ["南湖县 预制菜", "北山县 外贸 第1号"])
def test_whole_words_found_first_give_the_same_results_as_the_prefix_query(bulk_corpus, monkeypatch, q):
    """A query with one-character prefixes (南湖县 → 南湖 县*) is matched by its whole words first when they are rare
    together, then checked row by row: the same results, order and facet counts as matching it all by the index."""
    from search.backends import documents as matchers

    queries = [(q, {}), (q, {"type": "news"})]
    monkeypatch.setattr(matchers, "ANCHOR_DOCUMENTS", -1)
    monkeypatch.setattr(matchers, "ANCHOR_TOGETHER", -1)
    assert matchers.PostgresDocumentMatcher(q, SearchDocument.objects.all())._anchor() is None
    by_index = searches(queries)
    monkeypatch.setattr(matchers, "ANCHOR_TOGETHER", 10**9)
    assert matchers.PostgresDocumentMatcher(q, SearchDocument.objects.all())._anchor()
    assert searches(queries) == by_index
    assert by_index[q, ()][0] > 0
