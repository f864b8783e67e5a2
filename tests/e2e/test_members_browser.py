"""Registration → activation by SMS code → login → certification in the Wagtail admin → login → member centre."""

import re

import pytest
from playwright.sync_api import expect

from members import roles, sms
from members.models import Enterprise
from tests.e2e.helpers import CAPTCHA, sign_in
from tests.factories.members import make_uscc
from tests.factories.users import PASSWORD, UserFactory


def sign_out(page):
    page.locator("header").get_by_role("button", name="退出").click()


@pytest.mark.django_db(transaction=True)
def test_register_activate_get_certified_and_use_the_member_centre(live_server, page, home):
    groups = roles.ensure_platform_groups()
    UserFactory(username="operator", groups=[groups[roles.LEVEL1]])
    base = live_server.url
    code = make_uscc(2026)

    page.goto(f"{base}/")
    page.locator("header").get_by_role("link", name="注册").click()
    expect(page.get_by_role("heading", name="企业注册")).to_be_visible()
    page.get_by_label("企业名称").fill("福州云帆软件有限公司")
    page.get_by_label("统一社会信用代码").fill(code[:-1] + ("0" if code[-1] != "0" else "1"))  # one typo
    page.get_by_label("联系人").fill("周敏")
    page.get_by_label("手机号码").fill("13712345678")
    page.get_by_label("电子邮箱").fill("zhoumin@example.cn")
    page.locator("input[name=password1]").fill("Yunfan#2026")
    page.locator("input[name=password2]").fill("Yunfan#2026")
    page.locator("input[name=captcha_1]").fill(CAPTCHA)
    page.get_by_role("button", name="提交注册").click()

    expect(page.get_by_text("统一社会信用代码校验位（第18位）不正确")).to_be_visible()
    expect(page.get_by_label("企业名称")).to_have_value("福州云帆软件有限公司")  # kept what was typed
    page.get_by_label("统一社会信用代码").fill(code.lower())
    page.locator("input[name=password1]").fill("Yunfan#2026")
    page.locator("input[name=password2]").fill("Yunfan#2026")
    page.locator("input[name=captcha_1]").fill(CAPTCHA)
    page.get_by_role("button", name="提交注册").click()

    # not signed in yet: the account waits for the SMS code (or the e-mail link)
    expect(page).to_have_url(re.compile(r"/accounts/activate/"))
    expect(page.get_by_text("注册成功")).to_be_visible()
    sign_in(page, base, code, "Yunfan#2026", succeeds=False)
    expect(page.get_by_text("账号尚未激活")).to_be_visible()
    page.get_by_role("link", name=re.compile("输入短信验证码激活")).click()
    sms_code = re.search(r"(\d{6})", sms.outbox[-1]["text"]).group(1)
    page.get_by_label("短信验证码").fill(sms_code)
    page.locator("#id_captcha_1").fill(CAPTCHA)  # the code form's captcha (the resend form has its own)
    page.get_by_role("button", name="激活", exact=True).click()
    # activating signs no one in: on to the login page, the code already filled in
    expect(page).to_have_url(f"{base}/accounts/login/?username={code}")
    expect(page.get_by_text("账号已激活，请登录")).to_be_visible()
    expect(page.get_by_label("用户名 / 统一社会信用代码")).to_have_value(code)
    page.locator("input[name=password]").fill("Yunfan#2026")
    page.locator("input[name=captcha_1]").fill(CAPTCHA)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(f"{base}/member/")
    expect(page.locator(".status")).to_have_text("待审核")
    sign_out(page)

    # a platform admin certifies it in the Wagtail admin
    sign_in(page, base, "operator", PASSWORD)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{base}/admin/members/enterprise/")
    page.get_by_role("link", name="审核认证").click()
    expect(page.get_by_text("福州云帆软件有限公司").first).to_be_visible()
    page.get_by_role("button", name="认证通过").click()
    expect(page.get_by_text("已通过认证")).to_be_visible()
    assert Enterprise.objects.get(credit_code=code).is_certified
    page.context.clear_cookies()

    # the enterprise signs in with its code and sees the outcome
    sign_in(page, base, code, "Yunfan#2026")
    expect(page).to_have_url(f"{base}/member/")
    expect(page.locator(".status")).to_have_text("已认证")
    expect(page.locator(".unread-count")).to_have_text("1 条未读")
    page.get_by_role("link", name="企业认证已通过").click()
    expect(page.get_by_role("heading", name="企业认证已通过")).to_be_visible()
    page.get_by_role("link", name="站内信").first.click()
    expect(page.locator(".unread-count")).to_have_text("0 条未读")
