"""诉求直达 (F-CONS-8): an enterprise files an appeal on a phone, sees the hotline and 待受理, and after the
platform accepts it reads 处理中 with the platform's note."""

import pytest
from playwright.sync_api import expect

from consultations import lifecycle
from consultations.models import Complaint
from members import roles
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.factories.members import EnterpriseFactory
from tests.factories.users import UserFactory


@pytest.mark.django_db(transaction=True)
def test_enterprise_files_an_appeal_and_follows_its_status(live_server, page, home):
    groups = roles.ensure_platform_groups()
    operator = UserFactory(username="operator", groups=[groups[roles.LEVEL1]])
    enterprise = EnterpriseFactory(name="福州云帆软件有限公司", certified=True)
    base = live_server.url

    page.set_viewport_size(PHONE)
    sign_in(page, base, enterprise.account.username)
    page.goto(f"{base}/complaints/appeal/")
    expect(page.locator("#main .hotline")).to_contain_text("服务热线")
    page.get_by_label("需求类型").select_option(label="经营困难")
    page.get_by_label("诉求标题").fill("原材料涨价导致资金周转困难")
    page.get_by_label("诉求内容").fill("希望了解是否有纾困贷款或贴息政策。")
    page.get_by_role("button", name="提交诉求").click()
    expect(page.get_by_role("heading", name="原材料涨价导致资金周转困难")).to_be_visible()
    expect(page.locator(".status")).to_have_text("待受理")
    expect(page.locator(".appeal-stages [aria-current=step]")).to_have_text("待受理")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    lifecycle.apply(Complaint.objects.get(), "accept", operator, text="已转市工信局，5个工作日内答复。")
    page.reload()
    expect(page.locator(".status")).to_have_text("处理中")
    expect(page.get_by_text("已转市工信局，5个工作日内答复。")).to_be_visible()
