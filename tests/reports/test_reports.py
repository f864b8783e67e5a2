"""Every figure of the application report against the hand-built data set (see conftest)."""

import pytest

from reports import periods, reports
from tests.reports.conftest import W

MARCH = periods.month(2026, 3)


def by_name(rows):
    return {str(row["name"]): row for row in rows}


@pytest.mark.django_db
def test_march_totals_count_applications_enterprises_amounts_and_success_rates(data):
    t = reports.totals(MARCH)
    assert t["applications"] == 5  # T1, T2, T3, T6, T7 (T5 is February, T4 April)
    assert t["enterprises"] == 3  # 甲, 丙, 戊
    assert t["amount"] == 630 * W
    assert t["signed"] == 2 and t["signed_enterprises"] == 2  # T1 (甲), T7 (丙)
    assert t["signed_amount"] == 230 * W  # credit granted: 80 + 150
    assert t["refused"] == 2
    assert t["success_rate"] == pytest.approx(0.4)
    assert t["enterprise_success_rate"] == pytest.approx(2 / 3)


@pytest.mark.django_db
def test_period_edges_follow_shanghai_time(data):
    march_refs = set(reports.applications(periods.month(2026, 3)).values_list("reference", flat=True))
    april_refs = set(reports.applications(periods.month(2026, 4)).values_list("reference", flat=True))
    feb_refs = set(reports.applications(periods.month(2026, 2)).values_list("reference", flat=True))
    assert "T1" in march_refs and "T3" in march_refs  # 03-31 23:30 and 03-01 00:00 Shanghai
    assert april_refs == {"T4"}  # 04-01 00:10 Shanghai (still 03-31 in UTC)
    assert feb_refs == {"T5"}
    q1 = set(reports.applications(periods.quarter(2026, 1)).values_list("reference", flat=True))
    q2 = set(reports.applications(periods.quarter(2026, 2)).values_list("reference", flat=True))
    assert q1 == {"T1", "T2", "T3", "T5", "T6", "T7"} and q2 == {"T4"}
    assert reports.totals(periods.year(2026))["applications"] == 7


@pytest.mark.django_db
def test_signed_amount_falls_back_to_the_amount_applied_for(data):
    t = reports.totals(periods.month(2026, 4))
    assert (t["signed"], t["signed_amount"], t["success_rate"]) == (1, 300 * W, 1.0)


@pytest.mark.django_db
def test_empty_period_gives_zeros_and_no_rate(data):
    t = reports.totals(periods.month(2025, 7))
    assert (t["applications"], t["enterprises"], t["amount"], t["signed"], t["signed_amount"]) == (0, 0, 0, 0, 0)
    assert t["success_rate"] is None and t["enterprise_success_rate"] is None
    assert reports.refusal_reasons(periods.month(2025, 7)) == []
    assert reports.breakdown("industry", periods.month(2025, 7)) == []


@pytest.mark.django_db
def test_refusal_reasons_count_and_share(data):
    q1 = by_name(reports.refusal_reasons(periods.quarter(2026, 1)))
    assert q1["资料不完整"]["count"] == 2 and q1["信用记录不良"]["count"] == 1
    assert q1["资料不完整"]["share"] == pytest.approx(2 / 3)
    march = reports.refusal_reasons(MARCH)
    assert [(r["name"], r["count"], r["share"]) for r in march] == [("资料不完整", 2, 1.0)]


@pytest.mark.django_db
def test_breakdowns_by_industry_institution_product_region_and_capital(data):
    industry = by_name(reports.breakdown("industry", MARCH))
    # 甲 (division 34 → section C) and 丙 (section C) fall in 制造业; 戊 has no industry
    manufacturing = [row for name, row in industry.items() if "制造" in name][0]
    assert manufacturing["applications"] == 4 and manufacturing["signed"] == 2
    assert industry["未填写"]["applications"] == 1
    institution = by_name(reports.breakdown("institution", MARCH))
    assert institution["甲银行"]["applications"] == 2 and institution["甲银行"]["signed_amount"] == 80 * W
    assert institution["乙银行"]["applications"] == 3 and institution["乙银行"]["enterprises"] == 2
    product = by_name(reports.breakdown("product", MARCH))
    assert product["甲银行信用贷"]["applications"] == 2 and product["乙银行信用贷"]["applications"] == 3
    region = by_name(reports.breakdown("region", MARCH))
    assert region["城关街道"]["applications"] == 2 and region["西山镇"]["applications"] == 2
    assert region["未填写"]["applications"] == 1
    capital = {row["dim_key"]: row["applications"] for row in reports.breakdown("capital", periods.quarter(2026, 1))}
    assert capital == {"lt100": 2, "100to500": 2, "500to1000": 1, "gt1000": 1}


@pytest.mark.django_db
def test_feedback_notices_and_urges_of_the_period(data):
    assert reports.notices(MARCH) == {"generated": 2, "reported": 2, "overdue": 1}
    assert reports.urges(MARCH) == {"urges": 1, "urged_applications": 1}
    assert reports.urges(periods.month(2026, 4)) == {"urges": 0, "urged_applications": 0}


@pytest.mark.django_db
def test_institution_scope_counts_only_its_own_applications(data):
    t = reports.totals(MARCH, institution=data.bank_a)
    assert (t["applications"], t["enterprises"], t["signed"], t["amount"]) == (2, 1, 1, 150 * W)
    assert reports.notices(MARCH, institution=data.bank_b)["overdue"] == 0
    assert reports.urges(MARCH, institution=data.bank_a)["urges"] == 0


@pytest.mark.django_db
def test_drilldown_lists_exactly_the_applications_behind_each_number(data):
    def refs(**kwargs):
        return sorted(reports.drilldown(MARCH, **kwargs).values_list("reference", flat=True))

    section_c = str(reports.breakdown("industry", MARCH)[0]["dim_key"])
    assert refs(dimension="industry", key=section_c) == ["T1", "T2", "T3", "T7"]
    assert refs(dimension="industry", key="none") == ["T6"]
    assert refs(outcome="signed") == ["T1", "T7"]
    assert refs(dimension="capital", key="100to500") == ["T3", "T7"]
    assert refs(dimension="reason", key=str(data.r1.pk)) == ["T2", "T6"]
    assert refs(dimension="region", key="none") == ["T6"]
    assert refs(subset="urged") == ["T3"]
    assert refs(subset="overdue_notice") == ["T1"]
    assert refs(dimension="institution", key=str(data.bank_b.pk), outcome="signed") == ["T7"]
    assert refs(dimension="product", key="not-a-number") == []


def test_periods_parse_parameters_and_reject_bad_ones():
    assert periods.from_params({"period": "quarter", "year": "2026", "quarter": "2"}).label == "2026年第2季度"
    p = periods.from_params({"period": "range", "from": "2026-03-31", "to": "2026-04-01"})
    assert p.days == 2 and p.end.isoformat() == "2026-04-02T00:00:00+08:00"
    with pytest.raises(periods.PeriodError, match="结束日期不能早于开始日期"):
        periods.from_params({"period": "range", "from": "2026-04-02", "to": "2026-04-01"})
    with pytest.raises(periods.PeriodError, match="月份"):
        periods.from_params({"period": "month", "year": "2026", "month": "13"})
    assert periods.month(2026, 12).last_day.isoformat() == "2026-12-31"
