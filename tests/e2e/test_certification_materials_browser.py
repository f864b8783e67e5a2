"""Issue 22 in the browser: an enterprise uploads its 营业执照, enters the legal representative's identity and
signs the 信用信息查询授权书 in its member centre; the platform reviews the materials and certifies it."""

import re

import pytest
from playwright.sync_api import expect

from members import roles
from members.models import AuthorisationAcceptance, CreditAuthorisationText, Enterprise
from tests.e2e.helpers import sign_in
from tests.factories.members import EnterpriseFactory
from tests.factories.users import PASSWORD, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_enterprise_submits_materials_and_signs_then_the_platform_certifies(live_server, page):
    if not CreditAuthorisationText.objects.exists():  # the migration's row; each browser test's flush removes it
        CreditAuthorisationText.objects.create(title="信用信息查询授权书", body="本企业授权平台查询本企业信用信息。")
    groups = roles.ensure_platform_groups()
    UserFactory(username="operator", groups=[groups[roles.LEVEL1]])
    enterprise = EnterpriseFactory(name="福州云帆软件有限公司")
    base = live_server.url

    sign_in(page, base, enterprise.credit_code, PASSWORD)
    page.goto(f"{base}/member/certification/")
    expect(page.get_by_role("heading", name="信用信息查询授权书")).to_be_visible()
    page.get_by_label("营业执照").set_input_files(
        files=[{"name": "执照.txt", "mimeType": "text/plain", "buffer": b"not a licence"}])
    page.get_by_label("法定代表人姓名").fill("张三")
    page.get_by_label("法定代表人身份证号码").fill("110105194912310021")
    page.get_by_label("我已阅读并同意《信用信息查询授权书》").check()
    page.get_by_role("button", name="提交认证材料").click()
    expect(page.get_by_text("营业执照请上传 PDF、JPG 或 PNG 文件。")).to_be_visible()
    expect(page.get_by_text("身份证号码校验位不正确，请核对后重新输入。")).to_be_visible()
    expect(page.get_by_label("法定代表人姓名")).to_have_value("张三")

    page.get_by_label("营业执照").set_input_files(
        files=[{"name": "执照.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_label("法定代表人身份证号码").fill("11010519491231002X")
    page.get_by_label("我已阅读并同意《信用信息查询授权书》").check()
    page.get_by_role("button", name="提交认证材料").click()
    expect(page.get_by_text("认证材料已提交，请等待平台审核。")).to_be_visible()
    expect(page.locator(".id-number")).to_have_text("1101**********002X")
    assert AuthorisationAcceptance.objects.get().ip_address == "127.0.0.1"
    page.context.clear_cookies()

    sign_in(page, base, "operator", PASSWORD)
    page.goto(f"{base}/admin/member-review/enterprise/{enterprise.pk}/certify/")
    expect(page.get_by_text("张三")).to_be_visible()
    expect(page.get_by_role("link", name="查看营业执照")).to_be_visible()
    page.get_by_role("button", name="认证通过").click()
    expect(page.get_by_text("已通过认证")).to_be_visible()
    assert Enterprise.objects.get(pk=enterprise.pk).is_certified
    page.context.clear_cookies()

    sign_in(page, base, enterprise.credit_code, PASSWORD)
    page.goto(f"{base}/member/certification/")
    expect(page.locator(".status")).to_have_text("已认证")
    expect(page).to_have_url(re.compile(r"/member/certification/$"))
