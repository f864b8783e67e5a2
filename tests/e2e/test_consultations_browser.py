"""An enterprise asks a bank; the bank replies in the Wagtail admin; the enterprise reads the reply.
An anonymous board post appears only after a platform admin approves it."""

import re

import pytest
from playwright.sync_api import expect

from members import roles
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import CAPTCHA, sign_in
from tests.factories.members import EnterpriseFactory, InstitutionFactory, InstitutionStaffFactory
from tests.factories.users import UserFactory


@pytest.mark.django_db(transaction=True)
def test_enterprise_asks_a_bank_and_reads_the_reply_given_in_the_admin(live_server, page, home):
    roles.ensure_platform_groups()
    enterprise = EnterpriseFactory(name="福州云帆软件有限公司", certified=True)
    bank = InstitutionFactory(name="海峡银行")
    InstitutionFactory(name="另一家银行")
    InstitutionStaffFactory(username="strait_staff", institution=bank)
    base = live_server.url

    sign_in(page, base, enterprise.account.username)
    page.goto(f"{base}/consult/")
    page.get_by_role("link", name="发起咨询").click()
    page.get_by_label("咨询对象").select_option(label="海峡银行")
    page.get_by_label("咨询主题").fill("知识产权质押贷款")
    page.get_by_label("咨询内容").fill("我们有3项发明专利，可以质押贷款吗？")
    page.get_by_role("button", name="提交咨询").click()
    expect(page.get_by_role("heading", name="知识产权质押贷款")).to_be_visible()
    expect(page.locator(".status")).to_have_text("待受理")
    page.context.clear_cookies()

    sign_in(page, base, "strait_staff")
    page.goto(f"{base}/admin/consultations/consultation/")
    page.get_by_role("link", name="处理", exact=True).click()
    expect(page.get_by_text("我们有3项发明专利，可以质押贷款吗？")).to_be_visible()
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.locator(".status")).to_contain_text("处理中")
    page.get_by_label("答复内容").fill("可以，发明专利质押额度最高500万元。")
    page.get_by_role("button", name="答复", exact=True).click()
    expect(page.locator(".status")).to_contain_text("已答复")
    page.context.clear_cookies()

    sign_in(page, base, enterprise.account.username)
    page.goto(f"{base}/member/")
    expect(page.get_by_role("link", name=re.compile("知识产权质押贷款.*答复")).first).to_be_visible()
    page.goto(f"{base}/consult/")
    page.get_by_role("link", name="知识产权质押贷款").click()
    expect(page.get_by_text("可以，发明专利质押额度最高500万元。")).to_be_visible()
    expect(page.locator(".status")).to_have_text("已答复")


@pytest.mark.django_db(transaction=True)
def test_anonymous_board_post_appears_only_after_approval(live_server, page, home):
    groups = roles.ensure_platform_groups()
    UserFactory(username="operator", groups=[groups[roles.LEVEL1]])
    base = live_server.url

    page.set_viewport_size(PHONE)
    page.goto(f"{base}/board/")
    page.get_by_label("称呼").fill("陈先生")
    page.get_by_label(re.compile("联系电话")).fill("13605910088")
    page.get_by_label("留言标题").fill("希望开通夜间咨询")
    page.get_by_label("留言内容").fill("白天上班没时间，能否晚上也有人答复？<script>alert(1)</script>")
    page.locator("input[name=captcha_1]").fill(CAPTCHA)
    page.get_by_role("button", name="提交留言").click()
    expect(page.get_by_text("留言已提交，审核通过后将在本页公开。")).to_be_visible()
    expect(page.get_by_text("希望开通夜间咨询")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "operator")
    page.goto(f"{base}/admin/consultations/boardpost/")
    page.get_by_role("link", name="处理", exact=True).click()
    page.get_by_label("官方回复（选填）").fill("已安排工作日晚间值班答复。")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".status")).to_contain_text("已公开")
    page.context.clear_cookies()

    page.goto(f"{base}/board/")
    post = page.locator(".board-post", has_text="希望开通夜间咨询")
    expect(post).to_be_visible()
    expect(post).to_contain_text("已安排工作日晚间值班答复。")
    expect(post).to_contain_text("136****0088")
    expect(post).to_contain_text("<script>alert(1)</script>")  # shown as text, not run
