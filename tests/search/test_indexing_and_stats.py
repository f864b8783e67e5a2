"""Index updates on publish, update_index, autocomplete JSON, query statistics and the admin report."""

import pytest
from django.core.management import call_command
from modelsearch.conf import get_app_config
from wagtail.contrib.search_promotions.models import Query

from search.models import NoResultQuery
from tests.factories import NewsPageFactory
from tests.refusals import assert_sends_to_login


def titles(client, q):
    return [p["title"] for p in client.get("/search/suggest/", {"q": q}).json()["pages"]]


def test_publishing_a_revision_updates_the_index_at_once(client, news_index):
    page = NewsPageFactory(parent=news_index, title="普惠金融服务周启动")
    assert titles(client, "普惠金融") == ["普惠金融服务周启动"]
    page.title = "绿色信贷服务周启动"
    page.save_revision().publish()
    assert titles(client, "普惠金融") == []
    assert titles(client, "绿色信贷") == ["绿色信贷服务周启动"]


def test_unpublished_and_deleted_pages_leave_the_results(client, news_index):
    page = NewsPageFactory(parent=news_index, title="首贷服务专场活动")
    page.unpublish()
    assert titles(client, "首贷") == []
    page.delete()
    entries = get_app_config().get_model("IndexEntry").objects.filter(object_id=str(page.pk))
    assert not entries.exists()


def test_update_index_rebuilds_an_emptied_index(client, news_index):
    NewsPageFactory(parent=news_index, title="应收账款融资服务平台上线")
    get_app_config().get_model("IndexEntry").objects.all().delete()
    assert titles(client, "应收账款") == []
    call_command("update_index", verbosity=0)
    assert titles(client, "应收账款") == ["应收账款融资服务平台上线"]


def test_suggest_returns_json_titles_links_and_dictionary_terms(client, corpus):
    from search.models import FinanceTerm

    FinanceTerm.objects.create(word="科创贷")
    response = client.get("/search/suggest/", {"q": "科创"})
    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert data["query"] == "科创"
    assert data["terms"] == ["科创贷"]
    assert data["pages"][0]["url"] == "/news/n3/"
    assert "<mark>科创</mark>" in data["pages"][0]["title_html"]


def test_suggest_escapes_markup_and_handles_empty_input(client, news_index):
    NewsPageFactory(parent=news_index, title="<b>担保</b>公告")
    data = client.get("/search/suggest/", {"q": "担保"}).json()
    assert data["pages"][0]["title_html"] == "&lt;b&gt;<mark>担保</mark>&lt;/b&gt;公告"
    assert client.get("/search/suggest/", {"q": ""}).json() == {"query": "", "terms": [], "pages": []}


def test_searches_are_counted_and_no_result_queries_kept(client, corpus):
    client.get("/search/", {"q": "担保"})
    client.get("/search/", {"q": "担保 "})
    client.get("/search/", {"q": "咖啡"})
    assert Query.get("担保").hits == 2
    assert list(NoResultQuery.objects.values_list("query_string", "hits")) == [("咖啡", 1)]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_admin_report_lists_top_and_no_result_queries(admin_client, corpus):
    for q in ["担保", "担保", "贷款", "咖啡"]:
        admin_client.get("/search/", {"q": q})
    html = admin_client.get("/admin/reports/search-statistics/").content.decode()
    top = html.split('id="top-queries"')[1].split("</table>")[0]
    empty = html.split('id="no-result-queries"')[1].split("</table>")[0]
    assert top.index("担保") < top.index("贷款")
    assert "<td>2</td>" in top
    assert "咖啡" in empty and "担保" not in empty


def test_admin_report_is_forbidden_to_visitors(client, db):
    assert_sends_to_login(client.get("/admin/reports/search-statistics/"))
