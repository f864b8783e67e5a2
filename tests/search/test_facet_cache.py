"""Facet counts and ranked pages of repeated queries come from the cache, and never outlive a change to what is
searchable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from search.models import SearchDocument
from tests.factories import NewsPageFactory
from tests.search.test_search_page import facet_counts, result_slugs

COUNTING = ("GROUP BY", "searchtermcount")  # counting the matches, or reading a one-term query's counts


def grouped_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", params)
    return response, [q["sql"] for q in queries.captured_queries if any(c in q["sql"] for c in COUNTING)]


def test_a_repeated_query_reads_its_counts_and_ranking_from_the_cache(client, corpus):
    first, counted = grouped_queries(client, {"q": "担保"})
    again, recounted = grouped_queries(client, {"q": "担保"})
    assert counted and not recounted
    assert result_slugs(again) == result_slugs(first)
    assert facet_counts(again, "内容类型") == facet_counts(first, "内容类型") == {"政策": 2, "融资案例": 1, "新闻": 1}
    _other, counted_other = grouped_queries(client, {"q": "担保", "date_from": "2026-09-01"})
    assert counted_other  # other filters are another cache entry


def test_publishing_and_unpublishing_change_the_counts_at_once(client, corpus, news_index):
    assert facet_counts(client.get("/search/", {"q": "担保"}), "内容类型")["新闻"] == 1
    page = NewsPageFactory(parent=news_index, slug="new-guarantee", title="新的担保通知")
    response = client.get("/search/", {"q": "担保"})
    assert facet_counts(response, "内容类型")["新闻"] == 2
    assert "找到 5 条" in response.content.decode()
    page.unpublish()
    assert facet_counts(client.get("/search/", {"q": "担保"}), "内容类型")["新闻"] == 1


def test_a_new_view_restriction_removes_the_page_from_cached_counts(client, corpus):
    assert facet_counts(client.get("/search/", {"q": "担保"}), "内容类型")["新闻"] == 1
    PageViewRestriction.objects.create(page=corpus["n8"], restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/search/", {"q": "担保"})
    assert "新闻" not in facet_counts(response, "内容类型")
    assert "找到 3 条" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the match vectors exist on PostgreSQL only")
def test_indexing_copies_the_match_vectors_on_postgresql(corpus):
    document = SearchDocument.objects.get(page_id=corpus["p2"].pk)
    assert document.text_vector and document.title_vector
    assert SearchDocument.objects.filter(page_id=corpus["p2"].pk, title_vector__isnull=True).count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner setting is PostgreSQL's")
def test_the_no_sequential_scan_setting_ends_with_the_search_even_inside_a_transaction(client, corpus):
    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    from search.engine import SearchRequest, run_search

    with transaction.atomic(), connection.cursor() as cursor:  # as a view under ATOMIC_REQUESTS would run
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        with get_search_backend().matching():
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
            assert cursor.fetchone() == ("off", "off")
        outcome = run_search(SearchRequest(q="贷款 担保"))  # 贷款 also finds its synonyms (融资, 借款)
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        assert cursor.fetchone() == ("on", jit)
    assert outcome.total == 4  # p2, p8 and c4 have both words; one more has 担保 with 融资, a synonym of 贷款
