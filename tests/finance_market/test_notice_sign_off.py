"""人民银行 signs off (签收) a reported 反馈通知书, one by one or several at once, and prints one as a formatted
notice; banks and platform admins cannot sign, another bank cannot print."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from finance_market import lifecycle
from finance_market.models import FeedbackNotice
from members.models import Message
from tests.finance_market.conftest import submit
from tests.refusals import assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(market):
    app = submit(market.ent_a, market.product_a)
    lifecycle.apply_transition(app, "accept", market.staff_a)
    lifecycle.apply_transition(app, "sign", market.staff_a, credit_amount=Decimal("800000"))
    return FeedbackNotice.objects.get(application=app)


def _sign(client, user, notice):
    client.force_login(user)
    return client.post(f"/admin/market/applications/{notice.application_id}/sign_notice/")


def test_a_supervisor_signs_off_a_reported_notice_and_the_bank_is_told(client, market, notice):
    lifecycle.report_notice(notice, market.staff_a)
    client.force_login(market.supervisor)
    page = client.get(f"/admin/market/applications/{notice.application_id}/").content.decode()
    assert "待人民银行签收" in page and "sign_notice" in page
    _sign(client, market.supervisor, notice)
    notice.refresh_from_db()
    assert notice.signed_by == market.supervisor and notice.signed_at is not None
    assert Message.objects.filter(recipient=market.staff_a, title__contains="已签收").exists()
    page = client.get(f"/admin/market/applications/{notice.application_id}/").content.decode()
    assert "签收人：" in page and str(market.supervisor) in page


@pytest.mark.parametrize("who", ["staff_a", "level1"])
def test_banks_and_platform_admins_cannot_sign_off_a_notice(client, market, notice, who):
    lifecycle.report_notice(notice, market.staff_a)
    response = _sign(client, getattr(market, who), notice)
    notice.refresh_from_db()
    assert notice.signed_at is None
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["只有人民银行监管人员可以签收反馈通知书。"]


def test_a_notice_not_yet_reported_cannot_be_signed_off(client, market, notice):
    response = _sign(client, market.supervisor, notice)
    notice.refresh_from_db()
    assert notice.signed_at is None
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["该通知书尚未报送，不能签收。"]


def test_a_supervisor_signs_off_several_notices_from_the_list(client, market, notice):
    lifecycle.report_notice(notice, market.staff_a)
    client.force_login(market.supervisor)
    page = client.get("/admin/finance_market/feedbacknotice/").content.decode()
    assert 'form="batch-sign"' in page and "签收所选" in page
    client.post("/admin/market/batch/sign/", {"pk": [notice.pk]})
    notice.refresh_from_db()
    assert notice.signed_by == market.supervisor


def test_the_print_view_is_a_formatted_notice(client, market, notice):
    client.force_login(market.supervisor)
    response = client.get(f"/admin/market/notices/{notice.pk}/print/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="notice-title">反馈通知书</h1>' in page
    assert f"<th scope=\"row\">申请编号</th><td>{notice.application.reference}</td>" in page
    assert "<th scope=\"row\">授信额度</th><td>80.00万元</td>" in page
    assert "notice-print.css" in page and "data-print" in page and market.bank_a.name in page


def test_the_bank_prints_its_own_notice_and_another_bank_is_refused(client, market, notice):
    client.force_login(market.staff_a)
    assert client.get(f"/admin/market/notices/{notice.pk}/print/").status_code == 200
    client.force_login(market.staff_b)
    assert_not_found(client.get(f"/admin/market/notices/{notice.pk}/print/"))


def test_the_notice_list_links_to_the_print_view(client, market, notice):
    client.force_login(market.staff_a)
    assert f"/admin/market/notices/{notice.pk}/print/" in client.get(
        "/admin/finance_market/feedbacknotice/").content.decode()
