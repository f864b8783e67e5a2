"""融资需求 management: the enterprise edits its own need until it is claimed (F-NEED-3), the platform keeps
credit status and anti-fraud score (F-NEED-2) and enters needs collected offline (F-NEED-4)."""

from decimal import Decimal

import pytest

from finance_market import needs
from finance_market.choices import NeedStatus
from finance_market.lifecycle import TransitionError
from finance_market.models import FinancingNeed
from members.models import Message
from tests.refusals import assert_sends_to_admin_home

pytestmark = pytest.mark.django_db

EDIT = {"amount": "250", "term_months": "36", "purpose": "购置检测设备", "repayment_method": "equal_principal"}


def published_need(market, enterprise=None):
    enterprise = enterprise or market.ent_a
    need = needs.publish(enterprise, enterprise.account, amount=Decimal("1000000"), term_months=12,
                         purpose="补充流动资金", repayment_method="equal_instalment")
    return needs.review(need, market.level1, approve=True)


def test_enterprise_edits_its_published_need_which_goes_back_to_review(client, market):
    need = published_need(market)
    client.force_login(market.ent_a.account)
    form = client.get(f"/market/needs/{need.pk}/edit/").content.decode()
    assert 'name="amount" value="100.00"' in form and "补充流动资金" in form  # the amount shown in 万元
    response = client.post(f"/market/needs/{need.pk}/edit/", EDIT)
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.amount, need.term_months, need.purpose) == (Decimal("2500000"), 36, "购置检测设备")
    assert need.status == NeedStatus.PENDING and need.updated_at is not None
    client.force_login(market.staff_a)
    assert "购置检测设备" not in client.get("/market/needs/").content.decode()  # not before the re-review


def test_edit_form_keeps_what_was_typed_on_error(client, market):
    need = published_need(market)
    client.force_login(market.ent_a.account)
    body = client.post(f"/market/needs/{need.pk}/edit/", {**EDIT, "amount": "abc"}).content.decode()
    assert "购置检测设备" in body and 'value="36"' in body
    need.refresh_from_db()
    assert need.purpose == "补充流动资金" and need.status == NeedStatus.PUBLISHED


def test_enterprise_cannot_edit_another_enterprises_need(client, market):
    need = published_need(market)
    client.force_login(market.ent_b.account)
    assert client.get(f"/market/needs/{need.pk}/edit/").status_code == 403
    assert client.post(f"/market/needs/{need.pk}/edit/", EDIT).status_code == 403
    need.refresh_from_db()
    assert need.purpose == "补充流动资金" and need.status == NeedStatus.PUBLISHED
    with pytest.raises(TransitionError):
        needs.update(need, market.ent_b.account, **{**EDIT, "amount": Decimal("1")})


@pytest.mark.parametrize("user", ["staff_a", "level1"])
def test_bank_and_platform_cannot_edit_an_enterprises_need_from_the_site(client, market, user):
    need = published_need(market)
    client.force_login(getattr(market, user))
    assert client.post(f"/market/needs/{need.pk}/edit/", EDIT).status_code == 403
    need.refresh_from_db()
    assert need.purpose == "补充流动资金"


def test_claimed_need_can_no_longer_be_edited(client, market):
    need = published_need(market)
    needs.claim(need, market.staff_a)
    client.force_login(market.ent_a.account)
    response = client.post(f"/market/needs/{need.pk}/edit/", EDIT, follow=True)
    assert "不能再修改" in response.content.decode()
    need.refresh_from_db()
    assert need.status == NeedStatus.CLAIMED and need.purpose == "补充流动资金"
    assert "/edit/" not in client.get("/market/needs/").content.decode()


def test_platform_sets_credit_status_and_anti_fraud_score_shown_to_banks(client, market):
    need = published_need(market)
    client.force_login(market.level1)
    url = f"/admin/finance_market/financingneed/edit/{need.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"credit_status": "良好", "anti_fraud_score": "87"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.credit_status, need.anti_fraud_score) == ("良好", 87)
    assert need.purpose == "补充流动资金"  # the enterprise's own text is not on that form
    assert client.post(url, {"credit_status": "良好", "anti_fraud_score": "101"}).status_code == 200
    need.refresh_from_db()
    assert need.anti_fraud_score == 87
    client.force_login(market.staff_b)
    body = client.get("/market/needs/").content.decode()
    assert "良好" in body and "87" in body


@pytest.mark.parametrize("user", ["staff_a", "supervisor"])
def test_only_platform_admins_edit_credit_fields_or_enter_needs(client, market, user):
    need = published_need(market)
    client.force_login(getattr(market, user))
    assert_sends_to_admin_home(
        client.post(f"/admin/finance_market/financingneed/edit/{need.pk}/", {"credit_status": "差"}))
    need.refresh_from_db()
    assert need.credit_status == ""
    response = client.post("/admin/finance_market/financingneed/create/", {
        "enterprise": market.ent_a.pk, "amount": "100000", "term_months": "6", "purpose": "代录", "repayment_method":
        "equal_instalment"})
    assert_sends_to_admin_home(response)
    assert not FinancingNeed.objects.filter(purpose="代录").exists()


def test_platform_enters_a_need_on_behalf_of_an_enterprise(client, market):
    client.force_login(market.level1)
    assert client.get("/admin/finance_market/financingneed/create/").status_code == 200
    response = client.post("/admin/finance_market/financingneed/create/", {
        "enterprise": market.ent_a.pk, "amount": "500000", "term_months": "12", "purpose": "辅导中心收集：扩大产能",
        "repayment_method": "interest_first", "credit_status": "良好", "anti_fraud_score": "90"})
    assert response.status_code == 302
    need = FinancingNeed.objects.get(purpose="辅导中心收集：扩大产能")
    assert need.enterprise == market.ent_a and need.status == NeedStatus.PUBLISHED
    assert need.entered_by == market.level1 and need.amount == Decimal("500000")
    assert Message.objects.filter(recipient=market.ent_a.account, title__contains="录入融资需求").exists()
    client.force_login(market.staff_a)
    assert "辅导中心收集" in client.get("/market/needs/").content.decode()


def test_needs_cannot_be_entered_for_uncertified_enterprises(client, market):
    client.force_login(market.level1)
    response = client.post("/admin/finance_market/financingneed/create/", {
        "enterprise": market.pending.pk, "amount": "500000", "term_months": "12", "purpose": "未认证",
        "repayment_method": "interest_first"})
    assert response.status_code == 200 and not FinancingNeed.objects.exists()
    with pytest.raises(TransitionError):
        needs.enter_on_behalf(market.pending, market.level1, amount=Decimal("1"), term_months=1, purpose="x",
                              repayment_method="other")


def test_credit_status_filter_names_the_blank_value_instead_of_an_empty_link(client, market):
    published_need(market)
    rated = published_need(market, market.ent_b)
    FinancingNeed.objects.filter(pk=rated.pk).update(credit_status="良好")
    client.force_login(market.level1)
    body = client.get("/admin/finance_market/financingneed/").content.decode()
    assert '<a href="?credit_status="></a>' not in body
    assert "未填写</a>" in body and "良好</a>" in body
    blank = client.get("/admin/finance_market/financingneed/?credit_status=").content.decode()
    assert "甲企业" in blank and "乙企业" not in blank
