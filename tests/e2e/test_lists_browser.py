"""An enterprise list in real chromium: visitors see it without contacts (on a phone too); a bank user sees them."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.factories.lists import EnterpriseListIndexPageFactory, EnterpriseListPageFactory, EnterpriseListRowFactory
from tests.factories.members import InstitutionFactory, InstitutionStaffFactory
from tests.factories.users import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_visitor_sees_the_list_without_contacts_and_a_bank_user_with_them(live_server, page, home):
    lists = EnterpriseListIndexPageFactory(parent=home, slug="lists", title="企业名录")
    growth = EnterpriseListPageFactory(parent=lists, slug="growth", title="2026年度成长型企业名录")
    EnterpriseListRowFactory(page=growth, enterprise_name="海峡精密机械有限公司", funding_need=Decimal("5000000"),
                             project_summary="数控机床生产线技术改造，需要流动资金和设备融资租赁支持",
                             contact_person="陈立群", contact_phone="13805910001")
    InstitutionStaffFactory(username="bank_staff", institution=InstitutionFactory(name="甲银行"))
    url = f"{live_server.url}/lists/growth/"

    page.set_viewport_size(PHONE)
    page.goto(url)
    table = page.locator(".table-scroll table")
    expect(table.get_by_role("cell", name="海峡精密机械有限公司")).to_be_visible()
    expect(page.get_by_text("企业联系人及联系电话仅对登录的金融机构会员开放")).to_be_visible()
    assert "13805910001" not in page.content() and "陈立群" not in page.content()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the wide table must scroll inside .table-scroll, not the page"

    page.get_by_role("link", name="金融机构会员登录").click()
    page.get_by_label("用户名 / 统一社会信用代码").fill("bank_staff")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="登录", exact=True).click()
    page.goto(url)
    expect(table.get_by_role("columnheader", name="联系电话")).to_be_visible()
    expect(table.get_by_role("cell", name="13805910001")).to_be_attached()
    expect(table.get_by_role("cell", name="陈立群")).to_be_attached()
    table.get_by_role("link", name="海峡精密机械有限公司").click()
    expect(page.get_by_role("heading", name="海峡精密机械有限公司")).to_be_visible()
    expect(page.get_by_role("link", name="13805910001")).to_be_visible()
    expect(page.get_by_text("500.00 万元")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.get_by_role("link", name="返回名录").click()
    expect(page).to_have_url(url)
