"""F-REG-16 in the browser: an enterprise picks its 园区 and fills 研发人员数 and 资产负债率 on its profile."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from members.models import Park
from tests.e2e.helpers import sign_in
from tests.factories.members import EnterpriseFactory
from tests.factories.users import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_enterprise_fills_park_rd_staff_and_debt_ratio(live_server, page):
    Park.objects.create(name="高新技术产业园")
    enterprise = EnterpriseFactory()
    base = live_server.url
    sign_in(page, base, enterprise.credit_code, PASSWORD)
    page.goto(f"{base}/member/profile/")
    page.get_by_label("所在园区").select_option(label="高新技术产业园")
    page.get_by_label("研发人员数").fill("12")
    ratio = page.locator("input[name^=debt_ratio_]").first
    ratio.fill("120")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("资产负债率不能大于100。")).to_be_visible()
    expect(page.get_by_label("研发人员数")).to_have_value("12")
    expect(page.locator("input[name^=debt_ratio_]").first).to_have_value("120")

    page.locator("input[name^=debt_ratio_]").first.fill("45.5")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("资料已保存。")).to_be_visible()
    enterprise.refresh_from_db()
    assert enterprise.park.name == "高新技术产业园" and enterprise.rd_staff == 12
    assert enterprise.financials.get().debt_ratio == Decimal("45.50")
