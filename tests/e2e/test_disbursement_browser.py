"""After the signing, in real chromium: the bank records a disbursement on its application page, the enterprise
sees it in its 办理记录 with the repayment plan, and when the reminder job runs the enterprise has the 站内信."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.workdays import workdays_between
from finance_market import repayment
from finance_market.lifecycle import apply_transition
from finance_market.models import MarketSettings
from finance_market.tasks import remind_repayments
from tests.e2e.helpers import sign_in
from tests.finance_market.conftest import market, submit  # noqa: F401  (the shared small market fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def reminder_day(due, days):
    """The first day on which ``due`` is at most ``days`` working days away."""
    day = due - dt.timedelta(days=days * 3 + 14)
    while workdays_between(day, due) > days:
        day += dt.timedelta(days=1)
    return day


def test_bank_records_a_disbursement_the_enterprise_sees_the_plan_and_gets_the_reminder(live_server, page,
                                                                                          market):  # noqa: F811
    app = submit(market.ent_a, market.product_a)
    app = apply_transition(app, "accept", market.staff_a)
    app = apply_transition(app, "sign", market.staff_a, credit_amount=Decimal("800000"))

    sign_in(page, live_server.url, market.staff_a, via="session")
    page.goto(f"{live_server.url}/admin/market/applications/{app.pk}/")
    expect(page.locator("#id_disburse-amount")).to_have_value("80.00")  # what is left of the credit
    page.locator("#id_disburse-amount").fill("50")
    page.locator("#id_disburse-annual_rate").fill("4.35")
    page.locator("#id_disburse-term_months").fill("12")
    page.locator("#id_disburse-repayment_method").select_option(label="等额本金")
    page.get_by_role("button", name="登记放款").click()
    expect(page.locator("#application-status")).to_have_text("已放款")
    expect(page.locator("#disbursement-list caption")).to_have_text("累计已放款 50.00 万元（授信额度 80.00 万元）")
    expect(page.get_by_role("button", name="登记结清")).to_be_visible()

    sign_in(page, live_server.url, market.ent_a.account, via="session")
    page.goto(f"{live_server.url}{app.get_member_url()}")
    expect(page.locator("#application-status")).to_have_text("已放款")
    today = timezone.localdate()
    expect(page.locator("ol.history li[data-action=disburse]")).to_contain_text(f"已放款 50.00 万元（{today}）")
    [plan] = repayment.plans(app)
    first = plan.rows[0]
    first_row = page.locator(".repayment-table tbody tr").first
    expect(first_row).to_contain_text(f"{first.due_date:%Y-%m-%d}")
    expect(first_row).to_contain_text(str(first.payment))
    expect(page.locator(".repayment-table tbody tr")).to_have_count(12)

    days = MarketSettings.load().repayment_reminder_days
    assert remind_repayments(today=reminder_day(first.due_date, days)) == 1
    assert remind_repayments(today=reminder_day(first.due_date, days)) == 0  # the job runs again: nothing new
    page.goto(f"{live_server.url}/member/messages/")
    reminder = page.get_by_role("link", name=re.compile(rf"还款提醒：贷款申请 {app.reference} 第 1 期"))
    expect(reminder).to_have_count(1)
    reminder.click()
    expect(page.locator("body")).to_contain_text(f"{first.due_date.year}年{first.due_date.month}月{first.due_date.day}日")
