"""运营概览 on the admin dashboard (F-STAT-10): today's and cumulative figures at the Shanghai midnight edge, the
30 daily buckets, the pies, who sees the panel (and who does not), a query count that does not grow with the data,
and the five-minute cache."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from core.channels import setup_department_channel
from core.money import WAN, wan_to_yuan
from finance_market.choices import ApplicationSource
from finance_market.choices import ApplicationStatus as S
from finance_market.models import Disbursement, LoanApplication
from members import roles
from members.models import AccountCategory
from reports import dashboard
from reports.periods import local_midnight
from tests.factories.members import EnterpriseFactory
from tests.factories.users import UserFactory
from tests.refusals import assert_sends_to_login
from tests.reports.conftest import make
from tests.reports.user_data import build, registered

APRIL_1 = dt.date(2026, 4, 1)
MARCH_31 = dt.date(2026, 3, 31)
AGGREGATE_QUERIES = 9  # 8 over applications and enterprises, 1 over disbursements (today's and cumulative)
PANEL = 'id="operations-overview-section"'


@pytest.fixture
def users(market):
    """The 用户统计 data (tests/reports/user_data.py); U6 (乙, 03-20, signed) came from the 公众号."""
    m = build(market)
    LoanApplication.objects.filter(reference="U6").update(source=ApplicationSource.WECHAT)
    return m


def by_name(rows, value="count"):
    return {row["name"]: row[value] for row in rows}


@pytest.mark.django_db
def test_today_starts_at_shanghai_midnight_and_cumulative_counts_everything_up_to_it(users):
    # 04-01: 戊 registered at 00:10, 甲's application at 00:00:00 (signed); 03-31 23:59:59 belongs to yesterday
    today, total = dashboard.compute(APRIL_1)["summary"]
    assert today == {
        "name": "今日",
        "registered": 1,
        "applications": 1,
        "amount": wan_to_yuan(100),
        "signed": 1,
        "disbursed_amount": 0,
    }
    assert total == {
        "name": "累计",
        "registered": 8,
        "applications": 13,
        "amount": wan_to_yuan(1300),
        "signed": 5,
        "disbursed_amount": 0,
    }
    # the day before: 待认证 at 23:30 and 甲's 23:59:59 application; 戊 and the 00:00:00 one are not counted yet
    today, total = dashboard.compute(MARCH_31)["summary"]
    assert (today["registered"], today["applications"], today["signed"]) == (1, 1, 0)
    assert (total["registered"], total["applications"], total["signed"]) == (7, 12, 4)


@pytest.mark.django_db
def test_thirty_daily_buckets_end_today_with_empty_days_included(users):
    trend = dashboard.compute(APRIL_1)["trend"]
    assert len(trend) == 30
    assert (trend[0]["name"], trend[-1]["name"]) == ("03-03", "04-01")  # 乙's 03-01 and 庚's 02-28 fall outside
    days = {row["name"]: (row["registered"], row["applications"]) for row in trend}
    assert days["03-31"] == (1, 1) and days["04-01"] == (1, 1)
    assert days["03-15"] == (1, 0) and days["03-05"] == (0, 1) and days["03-04"] == (0, 0)
    assert sum(row["registered"] for row in trend) == 3 and sum(row["applications"] for row in trend) == 11


@pytest.mark.django_db
def test_pies_count_applications_by_current_status_and_source_and_registrations_by_source(users):
    found = dashboard.compute(APRIL_1)
    statuses = by_name(found["statuses"])
    assert list(statuses) == [str(label) for _value, label in S.choices]  # every status, in the lifecycle's order
    assert statuses["审批通过（已签约）"] == 5 and statuses["已提交，待受理"] == 6 and statuses["审批不通过"] == 2
    assert statuses["银行审批中"] == 0 and sum(statuses.values()) == 13
    assert by_name(found["application_sources"]) == {"PC端": 12, "公众号": 1, "融资需求抢单": 0}
    assert by_name(found["registration_sources"], "registered") == {"PC端": 5, "公众号": 2, "管理员创建": 1}


def cells(html, table):
    start = html.index(f'id="table-{table}"')
    section = html[start : html.index("</section>", start)]
    found = {}
    for key, text in re.findall(r'data-column="([^"]+)">([^<]*)<', section):
        found.setdefault(key, []).append(text)
    return found


@pytest.fixture
def around_midnight(market):
    """Relative to the real local date: one registration and one signed application in the first second of
    today, one of each in the last second of yesterday."""
    today = timezone.localdate()
    midnight = local_midnight(today)
    registered(market.ent_a, midnight)
    registered(market.ent_b, midnight - dt.timedelta(seconds=1))
    registered(market.pending, midnight - dt.timedelta(days=40))
    make("N1", market.ent_a, market.product_a, midnight, S.SIGNED, amount=120)
    make("N2", market.ent_b, market.product_b, midnight - dt.timedelta(seconds=1), S.SIGNED, amount=80)
    n3 = make("N3", market.ent_b, market.product_b, midnight - dt.timedelta(days=45), S.REFUSED, amount=30)
    # 放款 counts by the day the money was paid out: 100万 today (of an application of 45 days ago), 80万 yesterday
    for wan, day in ((100, today), (80, today - dt.timedelta(days=1))):
        Disbursement.objects.create(application=n3, enterprise=n3.enterprise, institution=n3.institution,
                                    amount=wan * WAN, disbursed_on=day, annual_rate=4, term_months=12,
                                    repayment_method="interest_first")
    return market


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["level1", "supervisor"])
def test_platform_admin_and_supervisor_see_the_figures_charts_and_both_reports(client, around_midnight, who):
    client.force_login(getattr(around_midnight, who))
    html = client.get("/admin/").content.decode()
    assert PANEL in html and "运营概览" in html
    summary = cells(html, "ops_summary")
    assert summary["name"] == ["今日", "累计"]
    assert summary["registered"] == ["1", "3"] and summary["applications"] == ["1", "3"]
    assert summary["amount"] == ["120.00", "230.00"] and summary["signed"] == ["1", "2"]
    assert summary["disbursed_amount"] == ["100.00", "180.00"]
    trend = cells(html, "ops_trend")
    assert len(trend["name"]) == 30 and trend["registered"][-2:] == ["1", "1"]
    assert trend["applications"][-2:] == ["1", "1"] and sum(map(int, trend["applications"])) == 2  # N3: too old
    # each chart is a labelled image drawn from the same rows as its table
    for key in ("ops_trend", "ops_statuses", "ops_application_sources", "ops_registration_sources"):
        assert re.search(rf'<canvas data-chart="chart-{key}" aria-label="[^"]+" role="img">', html), key
        assert f'<script id="chart-{key}" type="application/json">' in html
    assert "statistics/vendor/chartjs/chart.umd.js" in html and "statistics/charts.js" in html
    assert 'id="ops-link-users" ' in html or 'id="ops-link-users">' in html
    assert re.search(r'href="/admin/statistics/users/\?period=range&amp;from=[\d-]+&amp;to=[\d-]+"', html)
    assert 'href="/admin/statistics/applications/?period=range' in html


@pytest.mark.django_db
def test_level2_admin_sees_the_panel_but_no_link_to_the_application_report_they_may_not_open(client, around_midnight):
    level2 = UserFactory(
        username="news_admin", category=AccountCategory.PLATFORM, groups=[Group.objects.get(name=roles.LEVEL2)]
    )
    client.force_login(level2)
    html = client.get("/admin/").content.decode()
    assert PANEL in html and 'id="ops-link-users"' in html
    assert 'id="ops-link-applications"' not in html
    assert client.get("/admin/statistics/applications/").status_code == 302  # refused there


@pytest.mark.django_db
def test_institution_staff_department_users_and_enterprises_do_not_get_the_panel(client, around_midnight):
    m = around_midnight
    channel = setup_department_channel("发改委", m.index)
    author = UserFactory(username="ndrc_author", category=AccountCategory.DEPARTMENT, groups=[channel.authors])
    reviewer = UserFactory(username="ndrc_reviewer", category=AccountCategory.DEPARTMENT, groups=[channel.reviewers])
    for user in (m.staff_a, author, reviewer):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 200  # they have the admin, just not this panel
        html = response.content.decode()
        assert PANEL not in html and "运营概览" not in html and "chart-ops_trend" not in html
        assert "statistics/vendor/chartjs" not in html
    client.force_login(m.ent_a.account)
    assert_sends_to_login(client.get("/admin/"))


def grow(market, enterprises, applications):
    """More rows over the last 30 days (and before), to show the number of queries does not follow them."""
    today = local_midnight(timezone.localdate())
    for n in range(enterprises):
        registered(EnterpriseFactory(name=f"扩充企业{n}"), today - dt.timedelta(days=n % 50, hours=3))
    statuses = [S.SUBMITTED, S.ACCEPTED, S.SIGNED, S.REFUSED]
    for n in range(applications):
        make(f"G{n}", market.ent_a, market.product_a, today - dt.timedelta(days=n % 40, minutes=7), statuses[n % 4])


def aggregate_queries(queries):
    return [
        q["sql"] for q in queries
        if any(table in q["sql"] for table in ("finance_market_loanapplication", "members_enterprise",
                                                "finance_market_disbursement"))
    ]


@pytest.mark.django_db
def test_number_of_queries_does_not_grow_with_the_data(client, around_midnight):
    counts = []
    client.force_login(around_midnight.level1)
    client.get("/admin/")  # the session's first admin view does one-off work (profile, ...)
    for more in ((0, 0), (25, 60)):
        grow(around_midnight, *more)
        cache.clear()
        with CaptureQueriesContext(connection) as computing:
            dashboard.compute(timezone.localdate())
        with CaptureQueriesContext(connection) as page:
            assert client.get("/admin/").status_code == 200
        counts.append((len(computing), len(page)))
        cache.clear()
    assert counts[0] == counts[1]
    assert counts[0][0] == AGGREGATE_QUERIES


@pytest.mark.django_db
def test_second_dashboard_view_reads_the_figures_from_the_cache(client, around_midnight):
    client.force_login(around_midnight.supervisor)
    with CaptureQueriesContext(connection) as first:
        first_html = client.get("/admin/").content.decode()
    make("N4", around_midnight.ent_a, around_midnight.product_a, timezone.now(), S.SUBMITTED)
    with CaptureQueriesContext(connection) as second:
        second_html = client.get("/admin/").content.decode()
    # the operations figures' queries are not run again (人民银行's to-do panel beside them is read live, each view)
    first_run, second_run = aggregate_queries(first.captured_queries), aggregate_queries(second.captured_queries)
    assert len(first_run) - len(second_run) == AGGREGATE_QUERIES
    assert set(second_run) <= set(first_run)
    assert cells(second_html, "ops_summary") == cells(first_html, "ops_summary")  # up to five minutes old
    cache.delete(dashboard.cache_key(timezone.localdate()))  # what expiry does after five minutes
    assert cells(client.get("/admin/").content.decode(), "ops_summary")["applications"] == ["2", "4"]


@pytest.mark.django_db
def test_cached_figures_are_kept_per_local_date(users):
    assert dashboard.figures(MARCH_31)["summary"][0]["applications"] == 1
    make("LATE", users.e.a, users.product_a, local_midnight(MARCH_31) + dt.timedelta(hours=12), S.SUBMITTED)
    assert dashboard.figures(MARCH_31)["summary"][0]["applications"] == 1  # cached
    assert dashboard.figures(APRIL_1)["summary"][1]["applications"] == 14  # a new day: computed afresh
    assert dashboard.cache_key(MARCH_31) != dashboard.cache_key(APRIL_1) and "2026-03-31" in dashboard.cache_key(
        MARCH_31
    )


@pytest.mark.django_db
def test_english_admin_gets_english_panel_even_after_a_chinese_one_was_cached(client, around_midnight):
    client.force_login(around_midnight.level1)
    assert "审批不通过" in client.get("/admin/").content.decode()
    profile = UserProfile.get_for_user(around_midnight.level1)
    profile.preferred_language = "en"
    profile.save()
    html = client.get("/admin/").content.decode()
    assert "Operations overview" in html and "Declined" in html
    assert "运营概览" not in html and "审批不通过" not in html
