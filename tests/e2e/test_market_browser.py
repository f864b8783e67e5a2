"""The loan journey in real chromium: a certified enterprise matches, puts two products in the cart and
applies with an attachment; the bank accepts and signs in the Wagtail admin; the enterprise sees the
result and rates the bank."""

import re

import pytest
from playwright.sync_api import expect

from finance_market.choices import ApplicationStatus
from finance_market.models import LoanApplication, Rating
from tests.e2e.helpers import sign_in
from tests.factories.market import LoanProductPageFactory
from tests.factories.users import PASSWORD
from tests.finance_market.conftest import market  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_match_cart_apply_then_bank_signs_and_enterprise_rates(live_server, page, market, tmp_path):  # noqa: F811
    second = LoanProductPageFactory(parent=market.page_a, title="甲银行制造业贷", industries=[market.manufacturing])
    base = live_server.url
    enterprise = market.ent_a
    statement = tmp_path / "财务报表.pdf"
    statement.write_bytes(b"%PDF-1.4\n% demo statement\n")

    sign_in(page, base, enterprise.credit_code, PASSWORD)
    expect(page).to_have_url(f"{base}/member/")
    page.goto(f"{base}/market/match/")
    page.get_by_label("申请金额（万元）").fill("100")
    page.get_by_label("期限（月）").fill("12")
    page.get_by_label("资金用途").fill("采购原材料")
    page.get_by_role("button", name="开始匹配").click()
    results = page.locator(".match-result")
    expect(results.first).to_contain_text("甲银行制造业贷")  # targeted at its industry: ranked first
    expect(results.first).to_contain_text("专门面向贵企业所属行业")
    results.filter(has_text="甲银行制造业贷").get_by_role("button", name=re.compile("加入购物车")).click()
    expect(page.get_by_text("已将“甲银行制造业贷”加入购物车")).to_be_visible()
    page.locator(".match-result").filter(has_text="乙银行信用贷").get_by_role(
        "button", name=re.compile("加入购物车")).click()

    page.goto(f"{base}/market/cart/")
    expect(page.locator(".cart-items > li")).to_have_count(2)
    page.get_by_role("link", name=re.compile("填写申请并提交")).click()
    expect(page.get_by_label("申请金额（万元）")).to_have_value("100")  # carried over from the match
    expect(page.get_by_label("联系人")).to_have_value(enterprise.contact_person)
    page.locator(f"input[name=p{second.pk}-attachments]").set_input_files(str(statement))
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(f"{base}/member/applications/")
    expect(page.get_by_text("已提交 2 份申请")).to_be_visible()
    application = LoanApplication.objects.get(product=second)
    assert application.attachments.count() == 1
    page.context.clear_cookies()

    # the bank accepts and signs in the Wagtail admin
    sign_in(page, base, market.staff_a.username, PASSWORD)
    page.goto(f"{base}/admin/finance_market/loanapplication/")
    expect(page.get_by_text(application.reference)).to_be_visible()
    assert LoanApplication.objects.exclude(institution=market.bank_a).exists()
    expect(page.locator("main")).not_to_contain_text("乙银行信用贷")  # the other bank's application is not listed
    page.get_by_role("row").filter(has_text=application.reference).get_by_role("link", name="查看与处理").click()
    materials = page.locator("#application-materials")
    expect(materials).to_contain_text("财务报表.pdf")  # read-only: 查看 and 下载, each logged
    expect(materials.get_by_role("link", name="下载")).to_be_visible()
    page.get_by_role("button", name="受理").click()
    expect(page.locator("#application-status")).to_have_text("银行审批中")
    page.locator("input[name=sign-credit_amount]").fill("80")
    page.get_by_role("button", name="签约（初步合作意向）").click()
    expect(page.locator("#application-status")).to_have_text("审批通过（已签约）")
    expect(page.get_by_text("反馈通知书已生成", exact=False).or_(page.get_by_text("报送期限"))).to_be_visible()
    page.context.clear_cookies()

    # the enterprise sees the result and rates the bank
    sign_in(page, base, enterprise.credit_code, PASSWORD)
    page.goto(f"{base}/member/")
    page.get_by_role("link", name="我的贷款申请").click()
    page.get_by_role("link", name=application.reference).click()
    expect(page.locator("#application-status")).to_have_text("审批通过（已签约）")
    expect(page.locator("#credit-amount")).to_contain_text("80")
    page.get_by_label("★★★★★", exact=True).check()
    page.get_by_label("评价").fill("审批快，服务好")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价")).to_be_visible()
    rating = Rating.objects.get(application=application)
    assert (rating.score, rating.comment) == (5, "审批快，服务好")
    assert LoanApplication.objects.get(pk=application.pk).status == ApplicationStatus.SIGNED
