"""精准授权 in real chromium: a certified enterprise applies and ticks the grant; the bank sees its external
credit records (with source and date) on the application page and its 企业画像; the enterprise revokes the grant
in the member centre; the bank no longer sees the records; the enterprise sees who viewed its data."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from finance_market.models import LoanApplication
from members.models import CreditRecord, DataGrant
from tests.e2e.helpers import sign_in
from tests.factories.users import PASSWORD
from tests.finance_market.conftest import market  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_enterprise_grants_on_applying_bank_reads_records_enterprise_revokes_and_sees_the_log(
        live_server, page, market):  # noqa: F811
    base = live_server.url
    enterprise = market.ent_a
    CreditRecord.objects.create(credit_code=enterprise.credit_code, kind="tax_rating", value="A级", period="2025",
                                source="市税务局", record_date=datetime.date(2026, 4, 30))

    # the enterprise applies and ticks the grant
    sign_in(page, base, enterprise.credit_code, PASSWORD)
    page.goto(f"{base}{market.product_a.url}")
    page.get_by_role("button", name=re.compile("立即申请")).click()
    page.get_by_label("申请金额（万元）").fill("100")
    page.get_by_label("期限（月）").fill("12")
    page.get_by_label("资金用途").fill("采购原材料")
    page.get_by_label("授权所申请的金融机构查看本企业的经营数据和外部信用记录").check()
    page.get_by_label("授权期限").select_option("6")
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(f"{base}/member/applications/")
    application = LoanApplication.objects.get(enterprise=enterprise)
    assert DataGrant.objects.get().institution == market.bank_a
    page.context.clear_cookies()

    # the bank sees the records with source and date, and opens the 企业画像
    sign_in(page, base, market.staff_a.username, PASSWORD)
    page.goto(f"{base}/admin/market/applications/{application.pk}/")
    records = page.locator("#credit-records")
    expect(records).to_contain_text("纳税信用等级")
    expect(records).to_contain_text("A级")
    expect(records).to_contain_text("市税务局")
    expect(records).to_contain_text("2026-04-30")
    page.get_by_role("link", name="企业画像").click()
    expect(page.locator("#enterprise-identity")).to_contain_text(enterprise.credit_code)
    expect(page.locator("#credit-records")).to_contain_text("A级")
    page.context.clear_cookies()

    # the enterprise revokes it in the member centre
    sign_in(page, base, enterprise.credit_code, PASSWORD)
    page.goto(f"{base}/member/")
    page.get_by_role("link", name="数据授权").click()
    page.get_by_role("button", name=f"撤销对{market.bank_a.name}的授权").click()
    expect(page.get_by_text("已撤销对甲银行的数据授权")).to_be_visible()
    expect(page.locator("#data-grants .grant-state")).to_contain_text("已撤销")
    page.context.clear_cookies()

    # the bank no longer sees them
    sign_in(page, base, market.staff_a.username, PASSWORD)
    page.goto(f"{base}/admin/market/applications/{application.pk}/")
    expect(page.locator("#grant-refusal")).to_contain_text("撤销对贵机构的数据授权")
    expect(page.locator("#credit-records")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("A级")
    page.context.clear_cookies()

    # the enterprise sees who viewed its data
    sign_in(page, base, enterprise.credit_code, PASSWORD)
    page.goto(f"{base}/member/")
    page.get_by_role("link", name="谁查看了我的数据").click()
    rows = page.locator("#data-views tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("企业画像")
    expect(rows.nth(1)).to_contain_text(application.reference)
    expect(page.locator("#data-views")).to_contain_text("甲银行")
