"""数据大屏 (/data/screen/, F-STAT-11): every figure on a hand-built set of applications around today's local
midnight, the anonymised ticker (no enterprise named in the page or its JSON), 放款 by the day the money was paid out,
the JSON endpoint the screen's script polls, the page cache, and the links to it."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from finance_market.models import Disbursement, LoanApplication
from reports import overview, screen
from reports.models import OverviewSnapshot
from tests.finance_market.conftest import market  # noqa: F401  (fixture)
from tests.reports.conftest import D, W

pytestmark = pytest.mark.django_db

SECRETS = ["甲企业", "乙企业", "丙科技有限公司", "13800000000", "张三", "913501000000000000"]


def _shown():
    return screen.present(overview.screen_figures())


def test_the_day_and_cumulative_figures(screen_data):
    figures = overview.refresh_overview()["screen"]
    today, total = figures["today"], figures["total"]
    assert (today["registered"], total["registered"]) == (3, 4)
    assert (today["applications"], Decimal(today["amount"])) == (2, 400 * W)  # A1, A4 submitted today
    # 签约 today by decision time: A1 and A2 (submitted ten days ago)
    assert (today["signed"], Decimal(today["signed_amount"])) == (2, 350 * W)
    assert (total["applications"], total["signed"], Decimal(total["signed_amount"])) == (5, 3, 10200 * W)
    cards = {card["key"]: card for card in _shown()["cards"]}
    assert (cards["registered"]["total"], cards["registered"]["today"]["value"]) == ("4", "3")
    assert (cards["applications"]["total"], cards["applications"]["today"]["value"]) == ("5", "2")
    assert (cards["signed_amount"]["total"], cards["signed_amount"]["unit"]) == ("1.02", "亿元")
    assert cards["signed_amount"]["today"] == {"value": "350.00", "unit": "万元"}


def test_just_after_midnight_yesterdays_figures_are_not_shown_as_today(screen_data):
    figures = overview.screen_figures()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    shown = screen.present(figures, tomorrow)  # the snapshot is from the day before, until the schedule runs
    assert {card["key"]: card["today"]["value"] for card in shown["cards"]} == dict.fromkeys(
        ["registered", "applications", "signed_amount", "disbursed_amount"], "—")
    assert shown["signed_count"] == {"total": "3", "today": "—"}
    assert {card["key"]: card["total"] for card in shown["cards"]}["applications"] == "5"


def test_disbursement_today_and_cumulative_by_the_day_the_money_was_paid_out(screen_data):
    a1, a5 = (LoanApplication.objects.get(reference=ref) for ref in ("S1", "S5"))
    for application, wan, day in ((a1, 120, timezone.localdate()), (a5, 9880, timezone.localdate() - 390 * D)):
        Disbursement.objects.create(application=application, enterprise=application.enterprise,
                                    institution=application.institution, amount=wan * W, disbursed_on=day,
                                    annual_rate=4, term_months=12, repayment_method="interest_first")
    overview.refresh_overview()
    cards = {card["key"]: card for card in _shown()["cards"]}
    assert (cards["disbursed_amount"]["total"], cards["disbursed_amount"]["unit"]) == ("1.00", "亿元")
    assert cards["disbursed_amount"]["today"] == {"value": "120.00", "unit": "万元"}
    html = _page("/data/screen/")
    assert 'data-figure="disbursed_amount">1.00<' in html and 'data-figure="disbursed_amount-today">120.00<' in html


def test_regions_ranked_by_signed_amount_without_the_unknown_one(screen_data):
    regions = _shown()["regions"]
    assert [(r["rank"], r["name"], r["amount"], r["applications"], r["signed"]) for r in regions] == [
        (1, "西山镇", ("1.00", "亿元"), "2", "2"),  # A2 150万 + A5 9850万
        (2, "城关街道", ("200.00", "万元"), "2", "1"),
    ]
    assert regions[0]["bar"] == 100 and regions[1]["bar"] == 2.0


def test_banks_fastest_response_first_over_the_last_year(screen_data):
    banks = _shown()["banks"]
    # 甲银行: A1 accepted after 2 h, decided after 4 h (A5 is more than a year old); 乙银行: (10 + 6) / 2 h,
    # decided after 10 d 2 h and 2 d
    assert [(b["name"], b["hours"], b["days"]) for b in banks] == [("甲银行", "2.0", "0.2"), ("乙银行", "8.0", "6.0")]
    assert banks[1]["bar"] == 100 and banks[0]["bar"] == 25.0


def test_trend_and_success_rates(screen_data):
    shown = _shown()
    trend = shown["trend"]
    assert len(trend["bars"]) == 30 and trend["bars"][-1]["name"] == f"{timezone.localdate():%m-%d}"
    assert (trend["applications"], trend["signed"]) == (4, 2)  # A1–A4 submitted in the last 30 days; A1, A2 signed
    assert trend["bars"][-1]["applications"] == 2 and trend["bars"][-1]["applied_y"] == trend["peak_y"]
    assert shown["success_rate"] == "60.0%"  # 3 of 5
    assert shown["enterprise_success_rate"] == "66.7%"  # 甲, 丙 of 甲, 乙, 丙


def test_ticker_names_industry_bank_amount_and_product_never_the_enterprise(screen_data):
    lines = _shown()["ticker"]
    assert [line["text"] for line in lines] == [
        "某制造企业 获甲银行 200万元 信用贷款",  # 甲企业's industry is a division of 制造业
        "某科技企业 获乙银行 150万元 信用贷款",
        "某科技企业 获甲银行 9850万元 信用贷款",
    ]
    for path in ("/data/screen/", "/data/screen/data.json"):
        body = _page(path)
        assert "某科技企业 获乙银行 150万元 信用贷款" in body
        assert not [secret for secret in SECRETS if secret in body], path


def _page(path):
    return Client().get(path).content.decode()


def test_the_page_shows_every_panel_from_the_snapshot_without_aggregates(client, screen_data):
    overview.refresh_overview()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/data/screen/")
    assert response.status_code == 200
    assert not any("loanapplication" in q["sql"] or "enterprise" in q["sql"] for q in queries.captured_queries)
    html = response.content.decode()
    assert "<title>融资服务数据大屏 - 融资服务门户</title>" in html
    for heading in ("镇街签约排行", "近30日申请与签约", "对接成效", "金融机构响应时效", "最新对接成果"):
        assert heading in html
    assert 'data-figure="applications">5<' in html and 'data-figure="applications-today">2<' in html
    assert 'id="success-rate">60.0%<' in html
    assert '/static/statistics/screen.css' in html and '/static/statistics/screen.js' in html
    assert "cdn" not in html.lower() and "<style" not in html and " style=" not in html  # CSP: no inline style
    assert 'data-source="/data/screen/data.json"' in html and 'data-refresh="60"' in html
    assert '<noscript><meta http-equiv="refresh" content="600"></noscript>' in html


def test_the_json_endpoint_gives_the_figures_and_each_panels_markup(client, screen_data):
    response = client.get("/data/screen/data.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data["html"]) == {"cards", "totals", "regions", "banks", "trend", "ticker"}
    cards = {card["key"]: card for card in data["figures"]["cards"]}
    assert cards["applications"]["total"] == "5" and cards["disbursed_amount"]["total"] == "0.00"
    assert 'data-figure="registered">4<' in data["html"]["cards"]
    assert "西山镇" in data["html"]["regions"] and "甲银行" in data["html"]["banks"]
    assert data["updated"].startswith(f"{timezone.localdate():%Y-%m-%d} ")


def test_an_empty_platform_shows_zeros_and_placeholders(client, market):  # noqa: F811
    cache.clear()
    html = client.get("/data/screen/").content.decode()
    assert 'data-figure="applications">0<' in html and 'id="success-rate">—<' in html
    assert "暂无签约记录" in html and "暂无受理记录" in html
    assert client.get("/data/screen/data.json").status_code == 200


def test_a_snapshot_from_before_the_screen_is_recomputed_once(screen_data):
    overview.refresh_overview()
    snapshot = OverviewSnapshot.objects.get(key=overview.SNAPSHOT_KEY)
    data = dict(snapshot.data)
    data.pop("screen")
    OverviewSnapshot.objects.filter(pk=snapshot.pk).update(data=data)
    cache.clear()
    assert overview.screen_figures()["total"]["applications"] == 5
    assert "screen" in OverviewSnapshot.objects.get(key=overview.SNAPSHOT_KEY).data


def test_the_page_and_its_json_are_cached_a_minute_for_anonymous_visitors(client, screen_data, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 120
    client.get("/")  # the site's settings row is created on the first request (which purges)
    for path in ("/data/screen/", "/data/screen/data.json", "/data/"):
        first = client.get(path)
        assert first["X-Page-Cache"] == "miss"
        assert set(first["Cache-Control"].split(", ")) == {"public", "max-age=60", "s-maxage=60"}
        with CaptureQueriesContext(connection) as queries:
            second = client.get(path)
        assert second["X-Page-Cache"] == "hit" and len(queries) == 0 and second.content == first.content
    other = client.get("/market/")  # other cached views keep the site's lifetime, and none for browsers
    assert set(other["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=120"}


def test_signed_in_users_get_the_data_overview_fresh(client, screen_data, settings, cast):
    settings.PORTAL_PAGE_CACHE_SECONDS = 120
    client.get("/data/")
    client.force_login(cast.ent_a)
    assert "X-Page-Cache" not in client.get("/data/")


def test_linked_from_the_data_overview_and_the_sitemaps(client, screen_data):
    assert 'href="/data/screen/"' in client.get("/data/").content.decode()
    assert 'href="/data/screen/"' in client.get("/sitemap/").content.decode()
    assert "/data/screen/</loc>" in client.get("/sitemap.xml").content.decode()
