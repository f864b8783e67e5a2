"""本行核查 (F-LOAN-13, issue 18): the bank records its own 信用状况 and 反欺诈评分 on the application page; the page
says where the values come from; every change is in the audit log; the enterprise never sees the scores; no one
else (another bank, 人民银行, the platform) enters them, nor after a decision."""

import pytest
from wagtail.models import ModelLogEntry

from finance_market import lifecycle, needs
from finance_market.choices import RepaymentMethod
from finance_market.models import LoanApplication
from tests.finance_market.conftest import W, submit
from tests.refusals import assert_not_found, assert_redirects_to

pytestmark = pytest.mark.django_db


def url(application, action=""):
    return f"/admin/market/applications/{application.pk}/" + (f"{action}/" if action else "")


def check(client, user, application, credit_status="无不良记录", score="86"):
    client.force_login(user)
    return client.post(url(application, "credit_check"), {"credit_check-credit_status": credit_status,
                                                          "credit_check-anti_fraud_score": score})


def test_the_bank_records_its_check_which_is_shown_with_its_source_and_audited(client, market, application):
    client.force_login(market.staff_a)
    before = client.get(url(application)).content.decode()
    assert "本行尚未核查" in before and 'id="credit-check"' in before
    assert_redirects_to(check(client, market.staff_a, application), url(application))
    page = client.get(url(application)).content.decode()
    assert "核查结果已保存" in page and "无不良记录" in page and ">86<" in page
    assert f"本行核查：{market.staff_a}" in page
    saved = LoanApplication.objects.get(pk=application.pk)
    assert (saved.credit_status, saved.anti_fraud_score, saved.credit_checked_by) == ("无不良记录", 86,
                                                                                       market.staff_a)
    check(client, market.staff_a, application, "有逾期记录", "41")  # corrected: both steps are in the log
    entries = ModelLogEntry.objects.filter(action="finance_market.credit_check", object_id=str(application.pk))
    assert [(e.user, e.data["anti_fraud_score"], e.data["before"]["anti_fraud_score"])
            for e in entries.order_by("timestamp", "pk")] == [(market.staff_a, 86, None), (market.staff_a, 41, 86)]
    check(client, market.staff_a, application, "有逾期记录", "41")  # the same again: nothing new
    assert entries.count() == 2
    # the enterprise's page does not show the bank's scores, nor its 办理记录 the check
    client.force_login(market.ent_a.account)
    member = client.get(application.get_member_url()).content.decode()
    assert "有逾期记录" not in member and "反欺诈" not in member
    assert not application.events.filter(action="credit_check").exists()


def test_a_wrong_score_is_refused_in_chinese_and_the_input_kept(client, market, application):
    response = check(client, market.staff_a, application, "良好", "150")
    page = response.content.decode()
    assert response.status_code == 200 and "反欺诈评分须为0到100的整数。" in page and 'value="良好"' in page
    assert LoanApplication.objects.get(pk=application.pk).anti_fraud_score is None


@pytest.mark.parametrize("who", ["supervisor", "level1"])
def test_the_supervisor_and_the_platform_read_but_do_not_enter_the_check(client, market, application, who):
    user = getattr(market, who)
    client.force_login(user)
    assert 'id="credit-check"' not in client.get(url(application)).content.decode()
    assert_redirects_to(check(client, user, application), url(application))
    assert "只有受理该申请的机构可以录入核查结果。" in client.get(url(application)).content.decode()
    saved = LoanApplication.objects.get(pk=application.pk)
    assert (saved.credit_status, saved.anti_fraud_score, saved.credit_checked_by) == ("", None, None)


def test_another_bank_does_not_even_see_the_application(client, market, application):
    assert_not_found(check(client, market.staff_b, application))
    assert LoanApplication.objects.get(pk=application.pk).credit_status == ""


def test_the_check_is_closed_with_the_decision(client, market, application):
    lifecycle.apply_transition(application, "accept", market.staff_a)
    lifecycle.apply_transition(application, "refuse", market.staff_a, reason=market.reason)
    client.force_login(market.staff_a)
    assert 'id="credit-check"' not in client.get(url(application)).content.decode()
    check(client, market.staff_a, application)
    assert "申请已办结，核查结果不能再修改。" in client.get(url(application)).content.decode()
    assert LoanApplication.objects.get(pk=application.pk).credit_status == ""


def test_values_from_the_financing_need_say_so_until_the_bank_checks(client, market):
    need = needs.enter_on_behalf(market.ent_a, market.level1, amount=100 * W, term_months=12, purpose="设备",
                                 repayment_method=RepaymentMethod.EQUAL_PRINCIPAL, credit_status="良好",
                                 anti_fraud_score=90)
    application = submit(market.ent_a, market.product_a, need=need)
    client.force_login(market.staff_a)
    page = client.get(url(application)).content.decode()
    assert "来自企业融资需求（平台录入），本行尚未核查" in page and ">90<" in page
