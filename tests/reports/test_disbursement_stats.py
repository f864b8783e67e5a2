"""放款 statistics on the hand-built data set (tests/reports/conftest.py) plus disbursements recorded through the
lifecycle, every figure worked out by hand:

    T8  丙 甲银行产品  submitted 2026-02-10, signed 60万     paid 60万 on 02-20   (丙's first loan on the platform)
    T7  丙 乙银行产品  submitted 2026-03-20, signed 150万    paid 150万 on 03-25  (5 days; not 丙's first loan)
    T1  甲 甲银行产品  submitted 2026-03-31 23:30, 80万      paid 50万 on 03-31 (0 days, 甲's first) + 30万 on 04-02
    T4  乙 乙银行产品  submitted 2026-04-01 00:10, no credit  paid 300万 on 04-03  (2 days, 乙's first)

March: 200万 paid out in 2 payments to 2 applications of 2 enterprises (both 制造业, 城关街道 and 西山镇); 获贷天数
(0 + 5) / 2 = 2.5; 首贷 1 of 2 = 50 %; 平均放款金额 100万; 平均授信额度 (80 + 150) / 2 = 115万.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.money import WAN
from finance_market import queries
from finance_market.choices import ApplicationStatus as S
from finance_market.lifecycle import apply_transition
from members.models import Enterprise, Industry
from reports import overview, periods, user_report
from tests.factories.members import EnterpriseFactory
from tests.reports.conftest import at, make

pytestmark = pytest.mark.django_db
REPORT = "/admin/statistics/applications/"
MARCH = periods.month(2026, 3)
APRIL = periods.month(2026, 4)


def pay(app, staff, wan, day):
    return apply_transition(app, "disburse", staff, disbursement={
        "amount": Decimal(wan) * WAN, "disbursed_on": day, "annual_rate": Decimal("4.35"), "term_months": 12,
        "repayment_method": "equal_instalment"})


@pytest.fixture
def loans(data):
    a = data.apps
    a.a8 = make("T8", data.ent_c, data.product_a, at(2026, 2, 10, 9, 0), S.SIGNED, 60, credit=60)
    pay(a.a8, data.staff_a, 60, dt.date(2026, 2, 20))
    pay(a.a7, data.staff_b, 150, dt.date(2026, 3, 25))
    pay(a.a1, data.staff_a, 50, dt.date(2026, 3, 31))
    pay(a.a1, data.staff_a, 30, dt.date(2026, 4, 2))
    pay(a.a4, data.staff_b, 300, dt.date(2026, 4, 3))
    return data


def test_march_totals(loans):
    figures = queries.disbursement_totals(MARCH.start, MARCH.end)
    assert figures == {
        "disbursed_amount": 200 * WAN, "disbursements": 2, "disbursed_applications": 2, "disbursed_enterprises": 2,
        "first_disbursed": 2, "first_loans": 1, "mean_days": 2.5, "mean_disbursed": 100 * WAN,
        "first_loan_share": 0.5}


def test_april_counts_the_second_payment_of_a_march_loan_but_not_as_a_first(loans):
    figures = queries.disbursement_totals(dt.date(2026, 4, 1), dt.date(2026, 5, 1))
    assert (figures["disbursed_amount"], figures["disbursements"], figures["disbursed_applications"]) == (
        330 * WAN, 2, 2)
    assert (figures["first_disbursed"], figures["first_loans"], figures["mean_days"]) == (1, 1, 2.0)
    assert figures["mean_disbursed"] == 165 * WAN and figures["first_loan_share"] == 1.0


def test_one_bank_and_an_empty_period(loans):
    bank_a = queries.disbursement_totals(MARCH.start, MARCH.end, loans.bank_a)
    assert (bank_a["disbursed_amount"], bank_a["first_loans"]) == (50 * WAN, 1)
    empty = queries.disbursement_totals(dt.date(2025, 1, 1), dt.date(2025, 2, 1))
    assert empty["disbursed_amount"] == 0 and empty["mean_disbursed"] is None
    assert empty["mean_days"] is None and empty["first_loan_share"] is None


def _by_name(rows, *keys):
    return {str(row["name"]): tuple(row[k] for k in keys) for row in rows}


def test_march_per_bank_product_industry_and_region(loans):
    keys = ("disbursed_amount", "disbursed_applications", "first_loans", "mean_days")
    by_bank = queries.disbursement_breakdown("institution", MARCH.start, MARCH.end)
    assert [str(r["name"]) for r in by_bank] == [loans.bank_b.name, loans.bank_a.name]  # largest amount first
    assert _by_name(by_bank, *keys) == {loans.bank_b.name: (150 * WAN, 1, 0, 5.0),
                                        loans.bank_a.name: (50 * WAN, 1, 1, 0.0)}
    assert _by_name(queries.disbursement_breakdown("product", MARCH.start, MARCH.end), "disbursed_amount") == {
        "乙银行信用贷": (150 * WAN,), "甲银行信用贷": (50 * WAN,)}
    manufacturing = Industry.objects.get(code="C").name
    assert _by_name(queries.disbursement_breakdown("industry", MARCH.start, MARCH.end), *keys) == {
        manufacturing: (200 * WAN, 2, 1, 2.5)}
    assert _by_name(queries.disbursement_breakdown("region", MARCH.start, MARCH.end), "disbursed_amount") == {
        "城关街道": (50 * WAN,), "西山镇": (150 * WAN,)}


def test_top_five_by_amount(loans):
    top = queries.disbursement_top("product", dt.date(2026, 1, 1), dt.date(2026, 5, 1))
    assert [(str(r["name"]), r["disbursed_amount"]) for r in top] == [("乙银行信用贷", 450 * WAN),
                                                                      ("甲银行信用贷", 140 * WAN)]


def test_product_day_and_cumulative(loans):
    rows = queries.product_day_and_cumulative(dt.date(2026, 3, 31))
    assert [(r["name"], r["day_disbursements"], r["day_amount"], r["total_disbursements"], r["total_amount"])
            for r in rows] == [("乙银行信用贷", 0, 0, 1, 150 * WAN), ("甲银行信用贷", 1, 50 * WAN, 2, 110 * WAN)]


def test_signing_counts_stay_after_disbursement_and_the_mean_credit(loans):
    from reports import reports

    march = reports.totals(MARCH)
    assert (march["signed"], march["signed_amount"], march["avg_credit"]) == (2, 230 * WAN, 115 * WAN)


def report_cell(html, table, column):
    start = html.index(f'id="table-{table}"')
    match = re.search(rf'data-column="{column}">(?:<a href="[^"]*">)?([^<]*)<', html[start:])
    return match.group(1)


def test_the_report_page_and_its_excel_file_show_the_disbursement_tables(client, loans):
    client.force_login(loans.supervisor)
    html = client.get(f"{REPORT}?period=month&year=2026&month=3").content.decode()
    assert report_cell(html, "disbursed", "disbursed_amount") == "200.00"
    assert report_cell(html, "disbursed", "mean_days") == "2.5"
    assert report_cell(html, "disbursed", "first_loan_share") == "50.0%"
    assert report_cell(html, "disbursed", "avg_credit") == "115.00"
    assert report_cell(html, "disbursed_product_day", "total_amount") == "150.00"
    assert "当日为 2026-03-31" in html
    response = client.get(f"{REPORT}?period=month&year=2026&month=3&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert {"放款汇总", "按金融机构放款", "按贷款产品放款", "按行业放款", "按镇街放款", "贷款产品放款（当日与累计）",
            "放款金额前五的金融机构", "放款金额前五的贷款产品"} <= set(book.sheetnames)
    sheet = book["放款汇总"]
    header = [cell.value for cell in sheet[2]]
    row = dict(zip(header, [cell.value for cell in sheet[3]], strict=True))
    assert (row["放款金额（万元）"], row["放款笔数"], row["首贷笔数"], row["获贷天数（平均）"]) == (200.0, 2, 1, 2.5)


def test_a_bank_sees_only_its_own_disbursements(client, loans):
    client.force_login(loans.staff_a)
    html = client.get(f"{REPORT}?period=month&year=2026&month=3&institution={loans.bank_b.pk}").content.decode()
    assert report_cell(html, "disbursed", "disbursed_amount") == "50.00"
    assert 'id="table-disbursed_institution"' not in html and 'id="table-top_institutions"' not in html


def test_the_public_data_page_shows_the_disbursement_figures(client, loans):
    overview.refresh_overview()
    html = client.get("/data/").content.decode()
    section = html[html.index('id="disbursement-counters"'):]
    assert re.search(r'data-counter="disbursed_amount">\s*590\.00<', section)  # 60 + 150 + 50 + 30 + 300
    assert "各镇街放款" in html


def test_registrations_by_industry(market):
    manufacturing, agriculture = Industry.objects.get(code="C"), Industry.objects.get(code="A")
    for industry, day in ((Industry.objects.get(code="34"), 3), (manufacturing, 5), (agriculture, 6),
                          (None, 7), (manufacturing, 40)):
        enterprise = EnterpriseFactory(industry=industry)
        Enterprise.objects.filter(pk=enterprise.pk).update(created_at=at(2026, 3, 1, 9, 0) + dt.timedelta(days=day))
    Enterprise.objects.filter(pk__in=[market.ent_a.pk, market.ent_b.pk]).update(created_at=at(2025, 1, 1, 9, 0))
    rows = {str(r["name"]): (r["registered"], r["registered_total"]) for r in user_report.by_industry(MARCH)}
    # 甲 (机械, a 制造业 division) and 乙 (no industry) registered in 2025: only in the cumulative figures; the
    # enterprise registered on 10 April is in neither
    assert rows == {manufacturing.name: (2, 3), agriculture.name: (1, 1), "未填写": (1, 2)}
