"""The precomputed facet counts of one-word queries (search.models.SearchTermCount, PostgreSQL) always equal the counts
of the matching documents, whatever is written, and the search page uses them: for a word indexed as one term, and for
a word the synonym table expands (贷款 → 贷款, 借款 or 融资)."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from search import documents
from search.engine import (
    SearchRequest,
    facet_groups,
    scoped_documents,
    single_word,
    term_facet_groups,
)
from search.models import (
    SearchCountedQuery,
    SearchFacetGroup,
    SearchSynonym,
    SearchTermCount,
    bump_dictionary_version,
)
from tests.factories import NewsPageFactory
from tests.factories.consultations import FAQCategoryFactory, FAQFactory
from tests.search.test_search_page import facet_counts, result_slugs

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the term counts are kept on PostgreSQL")

# one-word queries, each one indexed term: broad, narrow, in titles only, in bodies only, an ASCII number, and
# words that also match through their character pairs
WORDS = ["担保", "贷款", "小微", "科技", "首贷", "宣传", "盘活", "11", "风险"]
WORDS += ["小微企业", "融资担保", "中小微企业", "信用贷款"]
# words of the seeded synonym table (贷款 and 小微 above are too): counted under their expansion
SYNONYM_WORDS = ["融资", "借款", "工行", "工商银行", "中国工商银行", "建行", "小型微型企业", "个体户"]
WORDS += SYNONYM_WORDS


@pytest.fixture(autouse=True)
def fresh_dictionary(db):
    """Each test's searches expand with the synonym table as the database has it: a test that edits the table
    leaves the process's analyzer on its edit after the rollback, so it is reloaded before and after each test."""
    bump_dictionary_version()
    yield
    bump_dictionary_version()


def _sorted(groups):
    return sorted(groups, key=lambda row: sorted((k, str(v)) for k, v in row.items()))


def counted_and_precomputed(q, title_only=False):
    """(the facet groups counted over the matches, the same from the term counts) for a one-word query."""
    backend = get_search_backend()
    request = SearchRequest(q=q, title_only=title_only)
    fields = ["title"] if title_only else None
    word = single_word(request, q, backend, "and")
    assert word is not None, q
    scoped = scoped_documents(request)
    counted = facet_groups(backend.document_matcher(q, scoped, fields=fields).matched_queryset())
    precomputed = term_facet_groups(word, title_only, scoped, backend)
    return _sorted(counted), _sorted(precomputed)


def assert_counts_agree():
    for word in WORDS:
        for title_only in (False, True):
            counted, precomputed = counted_and_precomputed(word, title_only)
            assert precomputed == counted, (word, title_only)
    assert not SearchTermCount.objects.filter(Q(documents__lt=0) | Q(titles__lt=0)).exists()


def snapshot():
    """{(term, group key): (documents, titles)} of the non-zero term counts."""
    keys = dict(SearchFacetGroup.objects.values_list("pk", "key"))
    return {
        (term, keys[group_id]): (n, titles)
        for term, group_id, n, titles in SearchTermCount.objects.values_list("term", "group_id", "documents", "titles")
        if n or titles
    }


def test_one_word_counts_stay_equal_to_counted_counts_through_every_kind_of_write(client, corpus, news_index):
    assert_counts_agree()
    assert SearchTermCount.objects.filter(term="担保", documents__gt=0).exists()

    page = NewsPageFactory(parent=news_index, slug="tc-new", title="担保贷款新政发布", summary="小微企业担保。")
    assert_counts_agree()
    # all the pairs of 小微企业 and 中小微企业, never the words: found through the pairs, counted over the matches
    pairs = NewsPageFactory(parent=news_index, slug="tc-pairs", title="中小微企联盟与企业", summary="信用与贷款。")
    assert_counts_agree()
    assert "tc-pairs" in result_slugs(client.get("/search/", {"q": "小微企业"}))
    pairs.unpublish()
    assert_counts_agree()

    page.title = "科技金融服务周启动"  # an edit: 担保 leaves the title, 科技 joins it
    page.save_revision().publish()
    assert_counts_agree()

    page.unpublish()
    assert_counts_agree()
    page.save_revision().publish()
    assert_counts_agree()

    corpus["n8"].delete()  # a page with 担保 and 风险 in its title
    assert_counts_agree()

    faq = FAQFactory(
        category=FAQCategoryFactory(name="担保服务"),
        question="首贷担保怎么申请？",
        answer="向融资担保机构提出申请。",
        is_published=False,
    )
    assert_counts_agree()
    faq.is_published = True
    faq.save()
    assert_counts_agree()
    faq.is_published = False
    faq.save()
    assert_counts_agree()

    PageViewRestriction.objects.create(page=corpus["p2"], restriction_type=PageViewRestriction.LOGIN)
    assert_counts_agree()  # the restricted page is subtracted from the precomputed counts


def test_a_restricted_page_leaves_the_one_word_facet_counts_on_the_page(client, corpus):
    before = facet_counts(client.get("/search/", {"q": "担保"}), "内容类型")
    assert before == {"政策": 2, "融资案例": 1, "新闻": 1}
    PageViewRestriction.objects.create(page=corpus["p2"], restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/search/", {"q": "担保"})
    assert facet_counts(response, "内容类型") == {"政策": 1, "融资案例": 1, "新闻": 1}
    assert "找到 3 条" in response.content.decode()


def test_title_only_search_counts_titles(client, corpus):
    # 宣传 is in n1's title and summary; 盘活 only in c5's title; 融资 in many bodies but fewer titles
    everywhere, in_titles = counted_and_precomputed("融资")[1], counted_and_precomputed("融资", title_only=True)[1]
    assert sum(row["n"] for row in in_titles) < sum(row["n"] for row in everywhere)
    response = client.get("/search/", {"q": "融资", "field": "title"})
    shown = sum(facet_counts(response, "内容类型").values())
    assert shown == sum(row["n"] for row in in_titles)
    assert f"找到 {shown} 条" in response.content.decode()


def test_the_search_page_reads_one_word_counts_instead_of_counting_matches(client, corpus):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "担保"})
    sqls = [q["sql"] for q in queries.captured_queries]
    assert any("searchtermcount" in sql for sql in sqls)
    assert not any("GROUP BY" in sql and "searchdocument" in sql for sql in sqls)
    assert facet_counts(response, "内容类型") == {"政策": 2, "融资案例": 1, "新闻": 1}
    # two words are counted over their matches
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "贷款 担保"})
    assert any("GROUP BY" in q["sql"] for q in queries.captured_queries)


def test_a_date_range_is_counted_over_the_matches(client, corpus):
    request = SearchRequest(q="贷款", date_from=corpus["n1"].date)
    assert single_word(request, "贷款", get_search_backend(), "and") is None


def test_rebuild_reproduces_the_incrementally_kept_counts(corpus, news_index):
    page = NewsPageFactory(parent=news_index, slug="tc-rebuild", title="小微企业担保贷款", summary="科技担保。")
    page.title = "小微企业信用贷款"
    page.save_revision().publish()
    corpus["c4"].unpublish()
    corpus["n2"].delete()
    incremental = snapshot()
    assert incremental
    documents.rebuild()
    assert snapshot() == incremental
    assert_counts_agree()


def test_a_rare_number_between_one_character_prefixes_is_found_through_the_number(
    client, corpus, news_index, monkeypatch
):
    from search.backends import documents as matchers

    NewsPageFactory(parent=news_index, slug="doc-4321", title="市金融办第4321号通知", summary="贷款贴息。")
    NewsPageFactory(parent=news_index, slug="doc-12", title="第12号公告", summary="4321家企业获得贷款。")
    NewsPageFactory(parent=news_index, slug="doc-none", title="第4322号通知", summary="无关。")
    with CaptureQueriesContext(connection) as queries:
        anchored = client.get("/search/", {"q": "第4321号"})
    assert any("ts_match_vq" in q["sql"] for q in queries.captured_queries)  # the number found, the rest checked
    monkeypatch.setattr(matchers, "ANCHOR_DOCUMENTS", -1)  # the whole query through the index
    documents.bump_version()
    whole = client.get("/search/", {"q": "第4321号"})
    assert set(result_slugs(anchored)) == set(result_slugs(whole)) == {"doc-4321", "doc-12"}
    assert facet_counts(anchored, "内容类型") == facet_counts(whole, "内容类型") == {"新闻": 2}


def page_figures(client, q):
    """What a visitor sees of a search: the total, every facet's counts and the first page of results."""
    response = client.get("/search/", {"q": q})
    html = response.content.decode()
    facets = {name: facet_counts(response, name) for name in ("内容类型", "分类", "发布部门", "金融机构", "年份")}
    return re.search(r"找到 (\d+) 条", html).group(1), facets, result_slugs(response)


def test_a_word_with_synonyms_reads_its_counts_and_shows_what_counting_its_matches_shows(client, corpus, monkeypatch):
    for q in ("贷款", "融资", "工行", "小微"):
        assert single_word(SearchRequest(q=q), q, get_search_backend(), "and")[1].startswith("synonyms: "), q
        with CaptureQueriesContext(connection) as queries:
            fast = page_figures(client, q)
        sqls = [query["sql"] for query in queries.captured_queries]
        assert any("searchtermcount" in sql for sql in sqls), q
        assert not any("GROUP BY" in sql and "searchdocument" in sql for sql in sqls), q

        with monkeypatch.context() as patched:  # the expansion not counted: counted over the matches
            patched.setattr(documents, "expansion_counted", lambda key: False)
            documents.bump_version()
            with CaptureQueriesContext(connection) as queries:
                counted = page_figures(client, q)
            assert any("GROUP BY" in query["sql"] for query in queries.captured_queries), q
        documents.bump_version()
        assert fast == counted, q
    # 贷款 also finds (and counts) the documents that say 融资 only (c4: 政府性融资担保)
    loans = int(page_figures(client, "贷款")[0])
    assert "c4" in {slug for page in range(1, loans // 10 + 2)
                    for slug in result_slugs(client.get("/search/", {"q": "贷款", "page": page}))}


def test_editing_the_synonym_table_recounts_the_expansions(client, corpus):
    assert single_word(SearchRequest(q="盘活"), "盘活", get_search_backend(), "and")[1] == "盘活"
    SearchSynonym.objects.create(terms="盘活，激活")  # saved through the admin's model: recounted
    word = single_word(SearchRequest(q="激活"), "激活", get_search_backend(), "and")
    assert word is not None and word[1].startswith("synonyms: ")
    assert_counts_agree()
    assert "c5" in result_slugs(client.get("/search/", {"q": "激活"}))

    loans = SearchSynonym.objects.get(terms__startswith="贷款")
    before = single_word(SearchRequest(q="贷款"), "贷款", get_search_backend(), "and")[1]
    loans.terms = "贷款，借款"
    loans.save()
    after = single_word(SearchRequest(q="贷款"), "贷款", get_search_backend(), "and")[1]
    assert after != before and not SearchTermCount.objects.filter(term=before).exists()
    assert_counts_agree()  # 融资 is a word of its own again

    loans.delete()
    assert single_word(SearchRequest(q="贷款"), "贷款", get_search_backend(), "and")[1] == "贷款"
    assert_counts_agree()


def test_an_expansion_not_marked_counted_is_counted_over_its_matches(client, corpus):
    word = single_word(SearchRequest(q="贷款"), "贷款", get_search_backend(), "and")
    assert word[1].startswith("synonyms: ")
    fast = page_figures(client, "贷款")
    SearchTermCount.objects.filter(group_id=documents.COUNTED_MARKER_GROUP).delete()
    documents.bump_version()
    assert term_facet_groups(word, False, scoped_documents(SearchRequest(q="贷款")), get_search_backend()) is None
    with CaptureQueriesContext(connection) as queries:
        assert page_figures(client, "贷款") == fast
    assert any("GROUP BY" in query["sql"] and "searchdocument" in query["sql"] for query in queries.captured_queries)
    documents.recount_synonyms()
    documents.bump_version()
    assert term_facet_groups(word, False, scoped_documents(SearchRequest(q="贷款")), get_search_backend()) is not None
    assert page_figures(client, "贷款") == fast


# queries of several words (jieba cuts 科技企业 into 科技 + 企业); 贷款 and 融资 have synonyms, 小微企业 pairs
SEVERAL_WORDS = ["担保 贷款", "科技企业", "小微企业 融资", "企业 风险补偿"]


def assert_query_counts_agree():
    """Each counted query's facet counts from SearchTermCount equal its matches counted, in full and in titles."""
    backend = get_search_backend()
    for q in SEVERAL_WORDS:
        request = SearchRequest(q=q)
        word = single_word(request, q, backend, "and")
        assert word[0] is None and word[1].startswith(documents.QUERY_KEY_PREFIX), q
        scoped = scoped_documents(request)
        for fields in (None, ["title"]):
            counted = facet_groups(backend.document_matcher(q, scoped, fields=fields).matched_queryset())
            precomputed = term_facet_groups(word, bool(fields), scoped, backend)
            assert precomputed is not None and _sorted(precomputed) == _sorted(counted), (q, fields)
    assert not SearchTermCount.objects.filter(Q(documents__lt=0) | Q(titles__lt=0)).exists()


def test_a_counted_query_of_several_words_shows_what_counting_its_matches_shows(client, corpus, news_index):
    before = {q: page_figures(client, q) for q in SEVERAL_WORDS}
    assert all(int(figures[0]) for figures in before.values())
    call_command("count_search_queries", *SEVERAL_WORDS, "--min-documents", "1", stdout=io.StringIO())
    assert set(SearchCountedQuery.objects.values_list("query", flat=True)) == set(SEVERAL_WORDS)
    for q in SEVERAL_WORDS:
        with CaptureQueriesContext(connection) as queries:
            assert page_figures(client, q) == before[q], q
        sqls = [query["sql"] for query in queries.captured_queries]
        assert any("searchtermcount" in sql for sql in sqls), q
        assert not any("GROUP BY" in sql and "searchdocument" in sql for sql in sqls), q
    # the words in another order, or spaced otherwise, are the same counted query
    assert single_word(SearchRequest(q="贷款 担保"), "贷款 担保", get_search_backend(), "and")[1] == single_word(
        SearchRequest(q="担保 贷款"), "担保 贷款", get_search_backend(), "and")[1]
    assert_query_counts_agree()

    page = NewsPageFactory(
        parent=news_index, slug="cq-new", title="科技企业担保贷款", summary="小微企业融资与风险补偿。"
    )
    assert_query_counts_agree()
    page.title = "科技金融服务周启动"
    page.save_revision().publish()
    assert_query_counts_agree()
    page.unpublish()
    assert_query_counts_agree()
    corpus["p2"].delete()  # 贷款, 担保, 风险补偿 and 企业 in its title
    assert_query_counts_agree()
    PageViewRestriction.objects.create(page=corpus["p8"], restriction_type=PageViewRestriction.LOGIN)
    assert_query_counts_agree()

    incremental = snapshot()
    documents.rebuild()
    assert snapshot() == incremental


def test_only_queries_matching_enough_documents_stay_counted(client, corpus):
    call_command("count_search_queries", "担保 贷款", "科技企业", stdout=io.StringIO())  # 5,000 documents at least
    assert not SearchCountedQuery.objects.exists()
    call_command("count_search_queries", "担保 贷款", "科技企业", "--min-documents", "1", stdout=io.StringIO())
    key = single_word(SearchRequest(q="科技企业"), "科技企业", get_search_backend(), "and")[1]
    assert SearchTermCount.objects.filter(term=key).exists()
    call_command("count_search_queries", "担保 贷款", "--min-documents", "1", stdout=io.StringIO())
    assert list(SearchCountedQuery.objects.values_list("query", flat=True)) == ["担保 贷款"]
    assert not SearchTermCount.objects.filter(term=key).exists()
    with CaptureQueriesContext(connection) as queries:  # no longer counted: counted over its matches again
        figures = page_figures(client, "科技企业")
    assert any("GROUP BY" in q["sql"] and "searchdocument" in q["sql"] for q in queries.captured_queries)
    assert int(figures[0]) > 0


def test_the_frequent_queries_of_the_log_are_counted(client, corpus):
    from search import query_log

    for _ in range(3):
        client.get("/search/", {"q": "小微企业 融资"})
    client.get("/search/", {"q": "担保 贷款"})
    client.get("/search/", {"q": "担保"})  # one word: counted anyway
    query_log.buffer.flush()
    call_command("count_search_queries", "--top", "1", "--min-documents", "1", stdout=io.StringIO())
    assert list(SearchCountedQuery.objects.values_list("query", flat=True)) == ["小微企业 融资"]
