"""统计报表 in real chromium: the platform opens the March 2026 report, sees the numbers and the charts drawn by
the vendored Chart.js, drills down to the applications behind a number; a bank sees only its own figures;
the public 数据概览 shows the counters and its charts, also on a phone; a supervisor reads 用户统计 and downloads
the enterprise analysis."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.factories.users import PASSWORD
from tests.finance_market.conftest import market  # noqa: F401  (fixture)
from tests.reports.conftest import data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_admin_report_with_charts_drilldown_and_bank_isolation(live_server, page, data):  # noqa: F811
    base = live_server.url
    data.level1.set_password(PASSWORD)
    data.level1.save()
    sign_in(page, base, data.level1.username, PASSWORD)
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="统计报表").click()
    page.get_by_role("link", name="贷款申请统计", exact=True).click()  # the menu item, not the panel link
    page.locator("#id_period").select_option("month")
    page.locator("input[name=year]").fill("2026")
    page.locator("select[name=month]").select_option("3")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#period-label")).to_have_text("2026年3月")
    summary = page.locator("#table-summary")
    expect(summary.locator("td[data-column=applications]")).to_have_text("5")
    expect(summary.locator("td[data-column=success_rate]")).to_have_text("40.0%")
    for key in ("trend", "refusals", "industry", "region", "capital"):
        expect(page.locator(f"#table-{key} canvas[data-drawn='1']")).to_have_count(1)  # drawn by Chart.js
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    summary.locator("td[data-column=signed] a").click()
    expect(page.locator("#drilldown tbody tr")).to_have_count(2)
    expect(page.locator("#drilldown")).to_contain_text("T7")
    page.context.clear_cookies()

    sign_in(page, base, data.staff_a.username, PASSWORD)
    page.goto(f"{base}/admin/statistics/applications/?period=month&year=2026&month=3&institution={data.bank_b.pk}")
    expect(page.locator("#report-institution")).to_have_text("甲银行")
    expect(page.locator("#table-summary td[data-column=applications]")).to_have_text("2")
    expect(page.locator("main")).not_to_contain_text("乙银行信用贷")


def test_public_data_overview_on_desktop_and_phone(live_server, page, data):  # noqa: F811
    cache.clear()
    page.goto(f"{live_server.url}/data/")
    expect(page.get_by_role("heading", name="数据概览")).to_be_visible()
    expect(page.locator("[data-counter=enterprises]")).to_have_text("6")
    expect(page.locator("#table-trend canvas[data-drawn='1']")).to_have_count(1)
    expect(page.locator("#table-industry canvas[data-drawn='1']")).to_have_count(1)
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_supervisor_reads_user_statistics_with_charts_and_downloads_the_enterprise_analysis(
        live_server, page, market):  # noqa: F811
    from tests.reports.user_data import build

    users = build(market)
    base = live_server.url
    users.supervisor.set_password(PASSWORD)
    users.supervisor.save()
    sign_in(page, base, users.supervisor.username, PASSWORD)
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="统计报表").click()
    page.get_by_role("link", name="用户统计", exact=True).click()
    page.locator("#id_period").select_option("month")
    page.locator("input[name=year]").fill("2026")
    page.locator("select[name=month]").select_option("3")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#period-label")).to_have_text("2026年3月")
    summary = page.locator("#table-summary tbody tr").first
    expect(summary.locator("td[data-column=registered]")).to_have_text("3")
    expect(summary.locator("td[data-column=approved]")).to_have_text("3")
    for key in ("application_counts", "trend", "sources", "parks", "regions"):
        expect(page.locator(f"#table-{key} canvas[data-drawn='1']")).to_have_count(1)  # drawn by Chart.js
    with page.expect_download() as download:
        page.locator("#export-analysis").click()
    assert download.value.suggested_filename == "企业分析数据-20260301-20260331.xlsx"


def test_platform_admin_dashboard_draws_the_operations_overview(live_server, page, data):  # noqa: F811
    """运营概览 on /admin/: the four charts drawn by Chart.js, the figures readable in the tables behind them."""
    cache.clear()
    base = live_server.url
    data.level1.set_password(PASSWORD)
    data.level1.save()
    sign_in(page, base, data.level1.username, PASSWORD)
    page.goto(f"{base}/admin/")
    panel = page.locator("#operations-overview-section")
    expect(panel.get_by_role("heading", name="运营概览")).to_be_visible()
    expect(panel.locator("#table-ops_summary td[data-column=applications]").last).to_have_text("7")
    for key in ("ops_trend", "ops_statuses", "ops_application_sources", "ops_registration_sources"):
        expect(panel.locator(f"#table-{key} canvas[data-drawn='1']")).to_have_count(1)  # drawn by Chart.js
    statuses = panel.locator("#table-ops_statuses")
    statuses.get_by_text("查看数据表").click()
    expect(statuses.locator("tr", has_text="审批不通过").locator("td[data-column=count]")).to_have_text("3")
    panel.locator("#ops-link-users").click()
    expect(page.locator("#table-summary")).to_be_visible()
