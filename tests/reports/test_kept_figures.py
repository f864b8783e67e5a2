"""The application report of a month, quarter or year reads the figures kept per period (finance_market.figures);
every table must equal the live count over the applications, platform-wide and for one bank, right after each
step that changes a figure, and a rebuild from scratch must give the very rows kept step by step."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.money import WAN
from finance_market import figures
from finance_market.choices import ApplicationStatus as S
from finance_market.lifecycle import apply_transition
from finance_market.models import ApplicationFigures, DisbursementFigures, LoanApplication
from members.models import Industry
from reports import periods, reports
from tests.finance_market.conftest import submit
from tests.reports.conftest import at, make

pytestmark = pytest.mark.django_db

PERIODS = [periods.month(2026, 2), periods.month(2026, 3), periods.month(2026, 4), periods.quarter(2026, 1),
           periods.quarter(2026, 2), periods.year(2026), periods.year(2025),
           periods.date_range(dt.date(2026, 3, 15), dt.date(2026, 4, 10)),
           periods.date_range(dt.date(2026, 1, 1), dt.date(2026, 6, 30))]


def tables(period, institution=None):
    return {table.key: table.rows for table in reports.application_tables(period, institution)}


def live_tables(monkeypatch, period, institution=None):
    with monkeypatch.context() as patch:
        patch.setattr(reports, "stored", lambda *args, **kwargs: None)
        patch.setattr(figures, "kept_period", lambda *args, **kwargs: None)  # the 放款 tables too
        return tables(period, institution)


def assert_kept_equals_live(monkeypatch, data, extra=()):
    for period in [*PERIODS, *extra]:
        for institution in (None, data.bank_a, data.bank_b):
            kept = tables(period, institution)
            assert kept == live_tables(monkeypatch, period, institution), (period.label, institution)


def kept_rows():
    rows = set()
    for model, source in ((ApplicationFigures, figures.APPLICATIONS), (DisbursementFigures, figures.DISBURSEMENTS)):
        rows |= {(model.__name__, *row.values()) for row in model.objects.filter(**{f"{source.figures[0]}__gt": 0})
                 .values("period", "period_start", "scope", "dimension", "key", *source.figures)}
    return rows


def pay(application, staff, wan, day):
    return apply_transition(application, "disburse", staff, disbursement={
        "amount": Decimal(wan) * WAN, "disbursed_on": day, "annual_rate": Decimal("4.35"), "term_months": 12,
        "repayment_method": "equal_instalment"})


def this_year():
    today = timezone.localdate()
    return [periods.month(today.year, today.month), periods.quarter(today.year, (today.month - 1) // 3 + 1),
            periods.year(today.year)]


def test_the_report_of_a_month_quarter_and_year_reads_the_kept_figures_and_equals_the_live_count(
        data, monkeypatch):
    march = reports.stored(periods.month(2026, 3))
    assert march[("all", "")]["applications"] == 5 and march[("all", "")]["enterprises"] == 3
    assert reports.stored(periods.quarter(2026, 1))[("all", "")]["applications"] == 6
    assert reports.stored(periods.date_range(dt.date(2026, 3, 1), dt.date(2026, 3, 31))) is None  # live
    assert_kept_equals_live(monkeypatch, data)


def test_each_step_shows_at_once_in_the_kept_figures(data, monkeypatch):
    a3 = data.apps.a3  # 丙 at 乙银行, submitted 2026-03-01
    apply_transition(a3, "accept", data.staff_b)
    assert_kept_equals_live(monkeypatch, data)
    apply_transition(a3, "refuse", data.staff_b, reason=data.r2, note="资料不全")
    assert reports.totals(periods.month(2026, 3))["refused"] == 3
    assert_kept_equals_live(monkeypatch, data)

    late = make("T9", data.ent_d, data.product_b, at(2026, 4, 20, 10, 0), S.ACCEPTED, 90)
    apply_transition(late, "sign", data.staff_b, credit_amount=Decimal("90") * WAN)
    april = reports.totals(periods.month(2026, 4))
    assert (april["signed"], april["signed_enterprises"], april["signed_amount"]) == (2, 2, 390 * WAN)
    assert_kept_equals_live(monkeypatch, data)
    apply_transition(late, "disburse", data.staff_b, disbursement={
        "amount": 50 * WAN, "disbursed_on": timezone.localdate(), "annual_rate": Decimal("4.35"), "term_months": 12,
        "repayment_method": "equal_instalment"})
    assert_kept_equals_live(monkeypatch, data)

    late.refresh_from_db()
    late.credit_amount = 70 * WAN  # a corrected credit amount (an admin edit, not a lifecycle step)
    late.save()
    assert reports.totals(periods.quarter(2026, 2))["signed_amount"] == 370 * WAN
    assert_kept_equals_live(monkeypatch, data)


def test_a_new_submission_and_a_withdrawal_count_in_this_month_at_once(data, monkeypatch):
    month = this_year()[0]
    before = reports.totals(month)["applications"]
    application = submit(data.ent_a, data.product_a)
    assert reports.totals(month)["applications"] == before + 1
    assert_kept_equals_live(monkeypatch, data, this_year())
    apply_transition(application, "withdraw", data.ent_a.account)
    assert_kept_equals_live(monkeypatch, data, this_year())


def test_an_enterprise_changing_industry_region_or_capital_moves_its_applications(data, monkeypatch):
    ent_c = data.ent_c  # 制造业, 西山镇, 100万: T3 and T7 in March
    ent_c.industry = Industry.objects.get(code="I")
    ent_c.region = None
    ent_c.registered_capital = 2000 * WAN
    ent_c.save()
    capital = {row["dim_key"]: row["applications"] for row in reports.breakdown("capital", periods.month(2026, 3))}
    assert capital == {"lt100": 2, "gt1000": 3}
    assert_kept_equals_live(monkeypatch, data)


def test_payments_show_at_once_in_the_kept_disbursement_figures(data, monkeypatch):
    a = data.apps
    a8 = make("T8", data.ent_c, data.product_a, at(2026, 2, 10, 9, 0), S.SIGNED, 60, credit=60)
    pay(a.a7, data.staff_b, 150, dt.date(2026, 3, 25))
    pay(a8, data.staff_a, 60, dt.date(2026, 3, 26))  # 丙's second loan paid out in March
    pay(a.a1, data.staff_a, 50, dt.date(2026, 3, 31))
    march = reports.disbursement_tables(periods.month(2026, 3))[0].rows[0]
    assert (march["disbursed_applications"], march["disbursed_enterprises"]) == (3, 2)
    assert_kept_equals_live(monkeypatch, data)
    pay(a.a1, data.staff_a, 30, dt.date(2026, 4, 2))  # a second part, in the next month and quarter
    pay(a.a4, data.staff_b, 300, dt.date(2026, 4, 3))
    q2 = reports.disbursement_tables(periods.quarter(2026, 2))[0].rows[0]
    assert (q2["disbursed_amount"], q2["disbursements"], q2["disbursed_applications"], q2["first_disbursed"]) == (
        330 * WAN, 2, 2, 1)
    assert_kept_equals_live(monkeypatch, data)
    data.ent_a.industry = Industry.objects.get(code="I")  # 甲's payments move to another 门类
    data.ent_a.region = None
    data.ent_a.save()
    assert_kept_equals_live(monkeypatch, data)


def test_a_deleted_product_moves_its_applications_and_payments_to_unknown(data, monkeypatch):
    pay(data.apps.a7, data.staff_b, 150, dt.date(2026, 3, 25))
    data.product_b.delete()  # T3, T4, T6, T7 keep their numbers, without a product
    product = {row["dim_key"]: row["applications"] for row in reports.breakdown("product", periods.month(2026, 3))}
    assert product == {data.product_a.pk: 2, "none": 3}
    assert_kept_equals_live(monkeypatch, data)


def test_a_deleted_application_leaves_the_figures(data, monkeypatch):
    data.apps.a6.delete()
    assert reports.totals(periods.month(2026, 3))["enterprises"] == 2
    assert_kept_equals_live(monkeypatch, data)


def test_a_rebuild_gives_the_rows_kept_step_by_step(data):
    apply_transition(data.apps.a3, "accept", data.staff_b)
    apply_transition(data.apps.a3, "sign", data.staff_b, credit_amount=Decimal("120") * WAN)
    data.ent_a.region = data.other_region
    data.ent_a.save()
    data.apps.a5.delete()
    pay(data.apps.a7, data.staff_b, 100, dt.date(2026, 3, 25))
    pay(data.apps.a7, data.staff_b, 50, dt.date(2026, 5, 2))
    kept = kept_rows()
    assert kept
    call_command("rebuild_report_figures", stdout=io.StringIO())
    assert kept_rows() == kept


def test_a_write_around_the_model_shows_only_after_a_rebuild(data, monkeypatch):
    """QuerySet.update sends no signal: the kept figures lag until rebuild_report_figures (bulk loads)."""
    LoanApplication.objects.filter(pk=data.apps.a3.pk).update(status=S.SIGNED, credit_amount=10 * WAN)
    march = periods.month(2026, 3)
    assert reports.totals(march)["signed"] == 2
    assert live_tables(monkeypatch, march)["summary"][0]["signed"] == 3
    call_command("rebuild_report_figures", stdout=io.StringIO())
    assert reports.totals(march)["signed"] == 3
    assert_kept_equals_live(monkeypatch, data)
