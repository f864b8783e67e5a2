"""A platform admin writes an operations notification in the admin and the enterprise finds it in its inbox;
the enterprise switches its e-mail alerts off in the member centre."""

import pytest
from playwright.sync_api import expect

from members import roles
from tests.e2e.conftest import DESKTOP
from tests.e2e.helpers import sign_in
from tests.factories.members import EnterpriseFactory
from tests.factories.users import UserFactory


@pytest.mark.django_db(transaction=True)
def test_admin_sends_a_notification_the_enterprise_reads_it_and_turns_mail_off(live_server, page, home):
    groups = roles.ensure_platform_groups()
    UserFactory(username="ops_admin", groups=[groups[roles.LEVEL1]])
    enterprise = EnterpriseFactory(name="福州云帆软件有限公司", certified=True)
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    sign_in(page, base, "ops_admin")
    page.goto(f"{base}/admin/notifications/")
    page.get_by_role("link", name="撰写通知").click()
    page.get_by_label("通知标题").fill("关于开展冬季银企对接会的通知")
    page.get_by_label("通知内容").fill("请有融资需求的企业于12月10日前报名。")
    page.get_by_label("发送对象").select_option(label="指定用户")
    page.get_by_label("指定用户（登录名）").fill("no_such_user")
    page.get_by_role("button", name="保存并发送").click()
    expect(page.get_by_text("找不到以下用户（或已停用）：no_such_user")).to_be_visible()
    expect(page.get_by_label("通知标题")).to_have_value("关于开展冬季银企对接会的通知")
    page.get_by_label("发送对象").select_option(label="全部企业会员")
    page.get_by_role("button", name="保存并发送").click()
    expect(page.get_by_text("已发送给 1 人")).to_be_visible()
    expect(page.locator("table.notification-log tbody tr").first).to_contain_text("已发送")
    page.context.clear_cookies()

    sign_in(page, base, enterprise.account.username)
    page.goto(f"{base}/member/messages/")
    expect(page.get_by_text("关于开展冬季银企对接会的通知")).to_be_visible()
    page.get_by_role("link", name="提醒设置").click()
    checkbox = page.get_by_label("接收邮件提醒")
    expect(checkbox).to_be_checked()
    checkbox.uncheck()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("提醒设置已保存")).to_be_visible()
    expect(page.get_by_label("接收邮件提醒")).not_to_be_checked()
