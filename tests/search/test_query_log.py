"""Search statistics are counted without a write per search (batched), and searches answered from the
anonymous page cache count too; cached results follow content changes at once."""

import pytest
from wagtail.contrib.search_promotions.models import Query

from search import query_log
from search.models import NoResultQuery
from tests.factories import NewsPageFactory
from tests.factories.consultations import FAQCategoryFactory, FAQFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_buffer():
    query_log.buffer.reset()
    yield
    query_log.buffer.reset()


def test_searches_are_written_in_batches(client, corpus, settings):
    settings.PORTAL_SEARCH_LOG_FLUSH_HITS = 3
    settings.PORTAL_SEARCH_LOG_FLUSH_SECONDS = 3600
    client.get("/search/", {"q": "担保"})
    client.get("/search/", {"q": "咖啡"})
    assert Query.objects.count() == 0 and query_log.buffer.pending() == 2
    client.get("/search/", {"q": "担保"})
    assert Query.get("担保").hits == 2
    assert list(NoResultQuery.objects.values_list("query_string", "hits")) == [("咖啡", 1)]
    assert query_log.buffer.pending() == 0


def test_the_statistics_page_writes_what_is_pending_first(client, corpus, settings, superuser):
    settings.PORTAL_SEARCH_LOG_FLUSH_HITS = 100
    client.get("/search/", {"q": "担保"})
    client.force_login(superuser)
    page = client.get("/admin/reports/search-statistics/").content.decode()
    assert "担保" in page


def test_a_failed_write_keeps_the_counts_for_the_next_flush(client, corpus, settings, monkeypatch):
    settings.PORTAL_SEARCH_LOG_FLUSH_HITS = 100
    client.get("/search/", {"q": "担保"})
    real_write = query_log.buffer.write

    def broken(batch):
        raise RuntimeError("database gone")

    monkeypatch.setattr(query_log.buffer, "write", broken)
    with pytest.raises(RuntimeError):
        query_log.buffer.flush()
    monkeypatch.setattr(query_log.buffer, "write", real_write)
    assert query_log.buffer.flush() == 1
    assert Query.get("担保").hits == 1


def test_cached_search_pages_are_counted_and_follow_changes(client, corpus, settings, news_index,
                                                           django_capture_on_commit_callbacks):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    client.get("/")
    first = client.get("/search/", {"q": "担保"})
    second = client.get("/search/", {"q": "担保"})
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert Query.get("担保").hits == 2  # the cached answer counted as a search

    assert "鲲鹏" not in client.get("/search/", {"q": "鲲鹏"}).content.decode().split("</form>")[-1]
    with django_capture_on_commit_callbacks(execute=True):  # indexed when the transaction commits
        NewsPageFactory(parent=news_index, title="鲲鹏计划担保费补贴发布")
    assert "计划担保费补贴发布" in client.get("/search/", {"q": "鲲鹏"}).content.decode()
    assert "麒麟" not in client.get("/search/", {"q": "麒麟"}).content.decode().split("</form>")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        FAQFactory(category=FAQCategoryFactory(name="担保"), question="麒麟担保费率如何计算？", answer="按年计收。")
    assert "担保费率如何计算" in client.get("/search/", {"q": "麒麟"}).content.decode()
