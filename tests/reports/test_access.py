"""Access statistics: counted in memory, bots left out, written in batches, cached pages included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import access
from reports.models import AccessStat, DailyVisitor, Scope
from tests.factories import NewsPageFactory

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


@pytest.fixture(autouse=True)
def empty_buffer():
    access.reset_buffer()
    yield
    access.reset_buffer()


@pytest.fixture
def article(news_index):
    return NewsPageFactory(parent=news_index, title="银企对接会召开")


def stat(scope, page_id):
    return AccessStat.objects.get(scope=scope, page_id=page_id)


@pytest.mark.django_db
def test_views_are_buffered_then_flushed_per_site_channel_and_page(client, home, news_index, article):
    for _ in range(3):
        assert client.get(article.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    client.get(article.url, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="10.0.0.9")
    client.get(home.url, HTTP_USER_AGENT=BROWSER)
    assert AccessStat.objects.count() == 0 and access.pending() == 5  # nothing written yet
    assert access.flush() == 5
    assert (stat(Scope.PAGE, article.pk).pv, stat(Scope.PAGE, article.pk).uv) == (4, 2)
    assert (stat(Scope.CHANNEL, news_index.pk).pv, stat(Scope.CHANNEL, news_index.pk).uv) == (4, 2)
    assert (stat(Scope.PAGE, home.pk).pv, stat(Scope.PAGE, home.pk).uv) == (1, 1)
    site = AccessStat.objects.get(scope=Scope.SITE)
    assert (site.pv, site.uv) == (5, 2)
    # a second batch adds to the day's rows, and a returning visitor is not counted twice
    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    access.flush()
    assert (stat(Scope.PAGE, article.pk).pv, stat(Scope.PAGE, article.pk).uv) == (5, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("agent", ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                                   "Mozilla/5.0 (compatible; Baiduspider/2.0)", "curl/8.5.0", "python-requests/2.32",
                                   ""])
def test_bots_are_not_counted(client, home, agent):
    assert client.get(home.url, HTTP_USER_AGENT=agent).status_code == 200
    assert access.pending() == 0
    access.flush()
    assert not AccessStat.objects.exists()


@pytest.mark.django_db
def test_buffer_is_written_when_it_reaches_the_batch_size(client, home, article, settings):
    settings.PORTAL_ACCESS_FLUSH_HITS = 3
    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    assert not AccessStat.objects.exists()
    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    assert stat(Scope.PAGE, article.pk).pv == 3 and access.pending() == 0


@pytest.mark.django_db
def test_pages_served_from_the_page_cache_are_counted_without_a_query(client, home, article, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    client.get("/", HTTP_USER_AGENT="curl/8")  # the site's first request creates its settings row (a purge)
    first = client.get(article.url, HTTP_USER_AGENT=BROWSER)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url, HTTP_USER_AGENT=PHONE)
    assert second["X-Page-Cache"] == "hit" and len(queries) == 0
    assert access.pending() == 2
    access.flush()
    assert (stat(Scope.PAGE, article.pk).pv, stat(Scope.PAGE, article.pk).uv) == (2, 2)


@pytest.mark.django_db
def test_errors_and_non_page_views_are_not_counted(client, home):
    client.get("/no-such-page/", HTTP_USER_AGENT=BROWSER)
    client.get("/healthz", HTTP_USER_AGENT=BROWSER)
    assert access.pending() == 0


@pytest.mark.django_db
def test_past_visitor_ids_are_pruned_but_uv_stays(client, home, article):
    import datetime as dt

    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    access.flush()
    DailyVisitor.objects.update(date=dt.date(2020, 1, 1))
    AccessStat.objects.update(date=dt.date(2020, 1, 1))
    assert access.prune_visitors() == 3  # site, channel and page rows of the one visitor
    assert not DailyVisitor.objects.exists()
    assert stat(Scope.PAGE, article.pk).uv == 1


@pytest.mark.django_db
def test_access_report_shows_the_figures_and_exports_them(client, home, article, superuser):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    access.flush()
    client.force_login(superuser)
    today = timezone.localdate().isoformat()
    query = f"period=range&from={today}&to={today}"
    html = client.get(f"/admin/statistics/access/?{query}").content.decode()
    assert "银企对接会召开" in html and "新闻动态" in html
    book = load_workbook(io.BytesIO(client.get(f"/admin/statistics/access/?{query}&format=xlsx").content))
    pages = {row[0]: row[1:] for row in book["按页面（前 50）"].iter_rows(min_row=3, values_only=True)}
    assert pages["银企对接会召开"] == (1, 1)
