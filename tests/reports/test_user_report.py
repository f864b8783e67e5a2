"""Every figure of 用户统计 (F-STAT-13, F-STAT-16) against the hand-built data in user_data.py."""

import datetime as dt

import pytest

from members.models import Enterprise, Park, Region
from reports import periods, user_report
from tests.reports.user_data import build

MARCH = periods.month(2026, 3)


@pytest.fixture
def users(market):
    return build(market)


def by_name(rows):
    return {str(row["name"]): row for row in rows}


@pytest.mark.django_db
def test_march_summary_counts_registrations_certifications_applying_and_approved_enterprises(users):
    period, total = user_report.summary(MARCH)
    assert period["name"] == "2026年3月"
    assert (period["registered"], period["certified"], period["applying"], period["approved"]) == (3, 2, 5, 3)
    assert total["name"] == "截至2026-03-31累计"
    assert (total["registered"], total["certified"], total["applying"], total["approved"]) == (7, 5, 5, 4)


@pytest.mark.django_db
def test_registration_and_certification_follow_shanghai_midnight(users):
    # 乙 registered at 03-01 00:00:00 and 丁 certified at 03-01 00:00:30 count in March, 丁's registration at
    # 02-28 23:59:59 in February; 戊 registered at 04-01 00:10 (still 03-31 in UTC) counts in April.
    feb = user_report.enterprise_figures(periods.month(2026, 2))
    april = user_report.enterprise_figures(periods.month(2026, 4))
    assert (feb["registered"], feb["certified"]) == (2, 1)  # 甲, 丁 / 甲
    assert (april["registered"], april["certified"]) == (1, 1)  # 戊 / 戊
    assert april["registered_total"] == 8 and april["certified_total"] == 6
    q1 = user_report.enterprise_figures(periods.quarter(2026, 1))
    assert (q1["registered"], q1["certified"]) == (7, 5)


@pytest.mark.django_db
def test_rejected_and_pending_enterprises_are_registered_but_not_certified(users):
    mid_march = user_report.enterprise_figures(
        periods.date_range(MARCH.first_day.replace(day=15), MARCH.first_day.replace(day=15))
    )
    assert (mid_march["registered"], mid_march["certified"]) == (1, 0)  # 己, rejected


@pytest.mark.django_db
def test_applying_and_approved_enterprises_use_the_application_reports_definitions(users):
    april = user_report.application_figures(periods.month(2026, 4))
    assert april == {"enterprises": 1, "signed_enterprises": 1}  # 甲's application at 04-01 00:00:00
    feb = user_report.application_figures(periods.month(2026, 2))
    assert feb == {"enterprises": 1, "signed_enterprises": 1}  # 庚's at 02-28 23:59:59


@pytest.mark.django_db
def test_application_counts_are_bucketed_once_twice_three_times_and_more(users):
    rows = by_name(user_report.application_counts(MARCH))
    assert list(rows) == ["1次", "2次", "3次", "3次以上"]
    assert [rows[name]["enterprises"] for name in rows] == [2, 1, 1, 1]
    assert [rows[name]["share"] for name in rows] == [
        pytest.approx(0.4),
        pytest.approx(0.2),
        pytest.approx(0.2),
        pytest.approx(0.2),
    ]


@pytest.mark.django_db
def test_application_counts_only_count_applications_of_the_period(users):
    # In the first quarter 庚 applied twice (02-28 and 03-08); 甲's 04-01 application is not in it.
    q1 = by_name(user_report.application_counts(periods.quarter(2026, 1)))
    assert [q1[name]["enterprises"] for name in q1] == [1, 2, 1, 1]  # 辛 / 乙, 庚 / 丁 / 甲 (4)
    april = by_name(user_report.application_counts(periods.month(2026, 4)))
    assert [april[name]["enterprises"] for name in april] == [1, 0, 0, 0]


@pytest.mark.django_db
def test_empty_period_gives_zero_counts_and_no_share(users):
    rows = user_report.application_counts(periods.month(2025, 7))
    assert [(row["enterprises"], row["share"]) for row in rows] == [(0, None)] * 4
    period, total = user_report.summary(periods.month(2025, 7))
    assert (period["registered"], total["registered"], total["applying"]) == (0, 0, 0)


@pytest.mark.django_db
def test_trend_is_daily_up_to_31_days(users):
    rows = user_report.trend(MARCH)
    assert len(rows) == 31 and rows[0]["name"] == "03-01" and rows[-1]["name"] == "03-31"
    first, last = rows[0], rows[-1]
    assert (first["registered"], first["certified"], first["applications"]) == (1, 1, 1)  # 乙 / 丁 / 乙
    assert (last["registered"], last["certified"], last["applications"]) == (1, 1, 1)  # 待认证 / 乙 / 甲
    assert sum(row["applications"] for row in rows) == 11
    assert sum(row["registered"] for row in rows) == 3 and sum(row["certified"] for row in rows) == 2
    assert rows[14]["registered"] == 1  # 03-15: 己


@pytest.mark.django_db
def test_trend_is_monthly_beyond_31_days(users):
    assert len(user_report.trend(periods.date_range(MARCH.first_day, MARCH.last_day))) == 31
    rows = user_report.trend(periods.quarter(2026, 1))
    assert [row["name"] for row in rows] == ["2026-01", "2026-02", "2026-03"]
    assert [(r["registered"], r["certified"], r["applications"]) for r in rows] == [(2, 2, 0), (2, 1, 1), (3, 2, 11)]
    range_32 = user_report.trend(periods.date_range(MARCH.first_day, periods.month(2026, 4).first_day))
    assert [row["name"] for row in range_32] == ["2026-03", "2026-04"]
    assert range_32[1]["applications"] == 1  # only 04-01 is in the range


@pytest.mark.django_db
def test_registration_sources_with_shares(users):
    rows = by_name(user_report.sources(MARCH))
    assert list(rows) == ["PC端", "公众号"]  # nobody was created by an admin in March
    assert rows["PC端"]["registered"] == 2 and rows["公众号"]["registered"] == 1
    assert rows["PC端"]["share"] == pytest.approx(2 / 3)
    january = by_name(user_report.sources(periods.month(2026, 1)))
    assert january["管理员创建"]["registered"] == 1  # 辛


@pytest.mark.django_db
def test_new_registrations_per_park_every_park_listed(users):
    rows = by_name(user_report.by_dictionary(Park, "park", MARCH))
    assert list(rows)[:3] == ["高新园", "临港园", "空园区"]  # the dictionary's order
    assert (rows["高新园"]["registered"], rows["高新园"]["certified"], rows["高新园"]["registered_total"]) == (2, 1, 3)
    assert (rows["临港园"]["registered"], rows["临港园"]["certified"], rows["临港园"]["registered_total"]) == (1, 0, 2)
    assert (rows["空园区"]["registered"], rows["空园区"]["registered_total"]) == (0, 0)
    # 丁 (no park) was certified in March, 丁 and 辛 registered before its end
    assert (rows["未填写"]["registered"], rows["未填写"]["certified"], rows["未填写"]["registered_total"]) == (0, 1, 2)
    assert rows["高新园"]["share"] == pytest.approx(2 / 3) and rows["未填写"]["share"] == 0


@pytest.mark.django_db
def test_new_registrations_per_region(users):
    rows = by_name(user_report.by_dictionary(Region, "region", MARCH))
    assert rows["城关街道"]["registered"] == 1 and rows["西山镇"]["registered"] == 1  # 己 / 待认证
    assert rows["未填写"]["registered"] == 1  # 乙
    assert rows["城关街道"]["registered_total"] == 3  # 甲, 丁, 己
    april = by_name(user_report.by_dictionary(Region, "region", periods.month(2026, 4)))
    assert april["西山镇"]["registered"] == 1 and april["西山镇"]["certified"] == 1  # 戊


@pytest.mark.django_db
def test_no_unknown_row_when_every_enterprise_has_a_park(users):
    Enterprise.objects.filter(park__isnull=True).update(park=users.parks.empty)
    assert "未填写" not in by_name(user_report.by_dictionary(Park, "park", MARCH))


@pytest.mark.django_db
def test_demo_registrations_fill_the_last_month_and_seeding_again_changes_nothing(market):
    from django.utils import timezone

    from demo import reports as demo

    Park.objects.create(name="演示园区")
    demo.seed_registrations()
    before = list(Enterprise.objects.order_by("pk").values_list("pk", "created_at", "status", "park_id"))
    demo.seed_registrations()
    assert list(Enterprise.objects.order_by("pk").values_list("pk", "created_at", "status", "park_id")) == before
    today = timezone.localdate()
    # every other day over 60 days: 15 of them in the last 31 days, besides the market's three registered today
    last_month = periods.date_range(today - dt.timedelta(days=30), today)
    period, _total = user_report.summary(last_month)
    assert period["registered"] == 15 + 3 and 0 < period["certified"] < 15
    assert sum(row["registered"] for row in user_report.trend(last_month)) == 18
    parks = by_name(user_report.by_dictionary(Park, "park", last_month))
    assert parks["演示园区"]["registered"] > 0 and parks["未填写"]["registered"] > 0


@pytest.mark.django_db
def test_the_tables_take_thirteen_aggregate_queries_whatever_the_period(users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for period in (MARCH, periods.year(2026), periods.date_range(MARCH.first_day, MARCH.first_day)):
        with CaptureQueriesContext(connection) as queries:
            user_report.user_tables(period)
        assert len(queries) == 13  # 12 before 按行业新注册企业 (one grouped query) joined them
