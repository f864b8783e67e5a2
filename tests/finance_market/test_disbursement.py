"""After 已签约: 放款 (partial ones add up to the credit granted), 结清, 未放款; who may record them; the repayment
plan from the calculator's formulas; the reminder sent once; the bank's and the enterprise's pages."""

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from finance_market import repayment
from finance_market.choices import ApplicationStatus as S
from finance_market.lifecycle import TransitionError, apply_transition
from finance_market.models import Disbursement, MarketSettings, NonDisbursementReason
from finance_market.tasks import remind_repayments
from members.models import Message
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def loan(amount="300000", day=None, rate="4.35", term=12, method="equal_instalment"):
    return {"amount": Decimal(amount), "disbursed_on": day or timezone.localdate(), "annual_rate": Decimal(rate),
            "term_months": term, "repayment_method": method}


def signed(market, enterprise=None, credit="800000", when=None):
    """An application of ``enterprise`` (A by default) to bank A, signed for ``credit`` yuan (at ``when``)."""
    extra = {"now": when} if when else {}
    app = submit(enterprise or market.ent_a, market.product_a, **extra)
    app = apply_transition(app, "accept", market.staff_a, now=when)
    return apply_transition(app, "sign", market.staff_a, credit_amount=Decimal(credit), now=when)


# --- the lifecycle ----------------------------------------------------------------------------------------

def test_partial_disbursements_add_up_and_the_status_is_disbursed_from_the_first(market):
    app = signed(market)
    app = apply_transition(app, "disburse", market.staff_a, disbursement=loan("300000"))
    assert app.status == S.DISBURSED and app.disbursed_amount == Decimal("300000")
    app = apply_transition(app, "disburse", market.staff_a, disbursement=loan("500000"))
    app.refresh_from_db()
    assert app.status == S.DISBURSED and app.disbursed_amount == Decimal("800000")
    assert [d.amount for d in app.disbursements.all()] == [Decimal("300000"), Decimal("500000")]
    assert [e.action for e in app.events.all()][-2:] == ["disburse", "disburse"]
    assert ModelLogEntry.objects.filter(action="finance_market.disburse", object_id=str(app.pk)).count() == 2
    message = Message.objects.filter(recipient=market.ent_a.account, title__contains="已放款").first()
    assert "50.00 万元" in message.body and "累计已放款 80.00 万元" in message.body


def test_the_sum_paid_out_may_not_exceed_the_credit_granted(market):
    app = signed(market)
    apply_transition(app, "disburse", market.staff_a, disbursement=loan("600000"))
    with pytest.raises(TransitionError, match="累计放款金额不能超过授信额度 80.00 万元（已放款 60.00 万元）"):
        apply_transition(app, "disburse", market.staff_a, disbursement=loan("200000.01"))
    app.refresh_from_db()
    assert app.disbursed_amount == Decimal("600000") and app.disbursements.count() == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"disbursed_on": timezone.localdate() + dt.timedelta(days=1)}, "放款日期不能晚于今天"),
    ({"annual_rate": Decimal("36.01")}, "年利率须在"),
    ({"amount": Decimal("0")}, "放款金额须大于零"),
    ({"term_months": 0}, "期限须在"),
    ({"repayment_method": "revolving"}, "请选择等额本息"),
])
def test_bad_disbursement_figures_are_refused_and_change_nothing(market, change, message):
    app = signed(market)
    with pytest.raises(TransitionError, match=message):
        apply_transition(app, "disburse", market.staff_a, disbursement={**loan(), **change})
    app.refresh_from_db()
    assert app.status == S.SIGNED and not app.disbursements.exists()


def test_a_disbursement_may_not_predate_the_signing(market):
    app = signed(market, when=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(TransitionError, match="不能早于签约日期"):
        apply_transition(app, "disburse", market.staff_a,
                         disbursement=loan(day=timezone.localdate() - dt.timedelta(days=4)))


@pytest.mark.parametrize("who", ["other_bank", "enterprise", "supervisor"])
def test_only_the_signing_bank_records_the_steps_after_signing(market, who):
    user = {"other_bank": market.staff_b, "enterprise": market.ent_a.account, "supervisor": market.supervisor}[who]
    app = signed(market)
    with pytest.raises(TransitionError, match="您无权对该申请执行“登记放款”"):
        apply_transition(app, "disburse", user, disbursement=loan())
    with pytest.raises(TransitionError, match="您无权对该申请执行“登记未放款”"):
        apply_transition(app, "not_disburse", user, reason=NonDisbursementReason.objects.first())
    app = apply_transition(app, "disburse", market.staff_a, disbursement=loan())
    with pytest.raises(TransitionError, match="您无权对该申请执行“登记结清”"):
        apply_transition(app, "settle", user, settled_on=timezone.localdate())
    app.refresh_from_db()
    assert app.status == S.DISBURSED and app.disbursements.count() == 1


def test_wrong_states_are_refused(market, application):
    with pytest.raises(TransitionError, match="不能登记放款"):
        apply_transition(application, "disburse", market.staff_a, disbursement=loan())
    app = signed(market)
    with pytest.raises(TransitionError, match="不能登记结清"):
        apply_transition(app, "settle", market.staff_a, settled_on=timezone.localdate())
    app = apply_transition(app, "disburse", market.staff_a, disbursement=loan())
    with pytest.raises(TransitionError, match="不能登记未放款"):
        apply_transition(app, "not_disburse", market.staff_a, reason=NonDisbursementReason.objects.first())
    app = apply_transition(app, "settle", market.staff_a, settled_on=timezone.localdate())
    with pytest.raises(TransitionError, match="不能登记放款"):
        apply_transition(app, "disburse", market.staff_a, disbursement=loan("1"))
    assert app.status == S.SETTLED and app.settled_on == timezone.localdate()


def test_not_disbursed_needs_a_reason_and_keeps_it(market):
    app = signed(market)
    with pytest.raises(TransitionError, match="请选择未放款原因"):
        apply_transition(app, "not_disburse", market.staff_a, reason=None)
    reason = NonDisbursementReason.objects.get(name="企业放弃用款")
    app = apply_transition(app, "not_disburse", market.staff_a, reason=reason, note="已另行融资")
    assert app.status == S.NOT_DISBURSED and app.not_disbursed_reason == reason
    assert app.events.last().data == {"reason": "企业放弃用款"}


def test_the_same_submission_key_records_one_disbursement(market):
    app = signed(market)
    key = uuid.uuid4()
    apply_transition(app, "disburse", market.staff_a, disbursement=loan(), key=key)
    apply_transition(app, "disburse", market.staff_a, disbursement=loan(), key=key)
    app.refresh_from_db()
    assert app.disbursements.count() == 1 and app.disbursed_amount == Decimal("300000")


def test_first_loan_and_days_to_loan_are_fixed_on_the_disbursement(market):
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    first = signed(market, when=ten_days_ago)
    apply_transition(first, "disburse", market.staff_a, disbursement=loan())
    apply_transition(first, "disburse", market.staff_a, disbursement=loan("100000"))
    second = signed(market)
    apply_transition(second, "disburse", market.staff_a, disbursement=loan())
    other = signed(market, enterprise=market.ent_b)
    apply_transition(other, "disburse", market.staff_a, disbursement=loan())
    rows = [(d.application_id, d.is_first, d.platform_first_loan, d.days_from_application)
            for d in Disbursement.objects.order_by("pk")]
    assert rows == [(first.pk, True, True, 10), (first.pk, False, False, None), (second.pk, True, False, 0),
                    (other.pk, True, True, 0)]


# --- the repayment plan -----------------------------------------------------------------------------------

class Row:
    def __init__(self, **values):
        self.__dict__.update(values)


def test_equal_instalment_plan_by_hand():
    """12万 over 12 months at 12 % a year: r = 1 %, payment = 120000·0.01·1.01¹²/(1.01¹²−1) = 10661.85;
    month 1: interest 1200.00, principal 9461.85; due on the disbursement's day, clamped to the month's end."""
    plan = repayment.plan(Row(amount=Decimal("120000"), term_months=12, annual_rate=Decimal("12"),
                              repayment_method="equal_instalment", disbursed_on=dt.date(2026, 1, 31)))
    first, second, last = plan.rows[0], plan.rows[1], plan.rows[-1]
    assert (first.due_date, first.payment, first.interest, first.principal) == (
        dt.date(2026, 2, 28), Decimal("10661.85"), Decimal("1200.00"), Decimal("9461.85"))
    assert second.due_date == dt.date(2026, 3, 31) and second.interest == Decimal("1105.38")
    assert last.due_date == dt.date(2027, 1, 31) and last.remaining == Decimal("0.00")
    assert sum(row.principal for row in plan.rows) == Decimal("120000")


def test_equal_principal_and_interest_first_plans_by_hand():
    principal = repayment.plan(Row(amount=Decimal("120000"), term_months=12, annual_rate=Decimal("12"),
                                   repayment_method="equal_principal", disbursed_on=dt.date(2026, 3, 15)))
    assert [(r.payment, r.principal, r.interest) for r in principal.rows[:2]] == [
        (Decimal("11200.00"), Decimal("10000.00"), Decimal("1200.00")),
        (Decimal("11100.00"), Decimal("10000.00"), Decimal("1100.00"))]
    assert principal.total_interest == Decimal("7800.00")
    bullet = repayment.plan(Row(amount=Decimal("100000"), term_months=3, annual_rate=Decimal("6"),
                                repayment_method="interest_first", disbursed_on=dt.date(2026, 3, 15)))
    assert [(r.due_date, r.payment) for r in bullet.rows] == [
        (dt.date(2026, 4, 15), Decimal("500.00")), (dt.date(2026, 5, 15), Decimal("500.00")),
        (dt.date(2026, 6, 15), Decimal("100500.00"))]


# --- the reminder -----------------------------------------------------------------------------------------

def _disbursed_on_16_october(market):
    """Paid out Friday 16 October 2026: the first instalment is due Monday 16 November 2026."""
    app = signed(market, when=dt.datetime(2026, 10, 12, 10, tzinfo=SH))
    return apply_transition(app, "disburse", market.staff_a, disbursement=loan(day=dt.date(2026, 10, 16)))


def test_the_reminder_is_sent_n_working_days_before_the_due_date_once(market, django_capture_on_commit_callbacks):
    settings = MarketSettings.load()
    settings.repayment_reminder_days = 3
    settings.save()
    account = market.ent_a.account
    account.email = "ent_a@example.cn"
    account.save()
    app = _disbursed_on_16_october(market)
    reminders = Message.objects.filter(recipient=account, title__startswith="还款提醒")
    assert remind_repayments(today=dt.date(2026, 11, 10)) == 0  # Tue: 4 working days before
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_repayments(today=dt.date(2026, 11, 11)) == 1  # Wed: Thu, Fri, Mon
    [message] = reminders
    assert message.title == f"还款提醒：贷款申请 {app.reference} 第 1 期"
    assert "2026年11月16日" in message.body and "25592.97" in message.body
    assert message.link == app.get_member_url()
    assert [m.subject for m in mail.outbox] == [f"【融资服务门户】{message.title}"]
    assert remind_repayments(today=dt.date(2026, 11, 11)) == 0
    assert remind_repayments(today=dt.date(2026, 11, 13)) == 0
    assert reminders.count() == 1


def test_a_settled_loan_gets_no_reminder(market):
    app = _disbursed_on_16_october(market)
    apply_transition(app, "settle", market.staff_a, settled_on=dt.date(2026, 11, 2))
    assert remind_repayments(today=dt.date(2026, 11, 13)) == 0


# --- the pages ----------------------------------------------------------------------------------------------

def _form(prefix, **values):
    return {f"{prefix}-{key}": value for key, value in values.items()}


def _disburse_post(amount="30", token=None, day=None):
    return _form("disburse", amount=amount, disbursed_on=(day or timezone.localdate()).isoformat(), annual_rate="4.35",
                 term_months="12", repayment_method="equal_principal", note="", token=str(token or uuid.uuid4()))


def test_the_bank_records_a_disbursement_on_its_application_page(client, market):
    app = signed(market)
    client.force_login(market.staff_a)
    url = f"/admin/market/applications/{app.pk}/"
    page = client.get(url).content.decode()
    assert "登记放款" in page and "登记未放款" in page and "尚可放款 80.00 万元" in page
    token = uuid.uuid4()
    response = client.post(f"{url}disburse/", _disburse_post("30", token))
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(f"{url}disburse/", _disburse_post("30", token))  # the same form posted twice
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.DISBURSED and app.disbursed_amount == Decimal("300000")
    page = client.get(url).content.decode()
    assert "累计已放款 30.00 万元（授信额度 80.00 万元）" in page and "还款计划" in page and "登记结清" in page


def test_a_disbursement_form_with_errors_keeps_the_input(client, market):
    app = signed(market)
    client.force_login(market.staff_a)
    url = f"/admin/market/applications/{app.pk}/"
    response = client.post(f"{url}disburse/", _disburse_post("80.01"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "放款金额不能超过尚可放款的 80.00 万元" in page and 'value="80.01"' in page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.post(f"{url}disburse/", _disburse_post("10", day=tomorrow)).content.decode()
    assert "放款日期不能晚于今天" in page
    assert not Disbursement.objects.exists()


def test_another_bank_cannot_open_or_post_to_the_application(client, market):
    app = signed(market)
    client.force_login(market.staff_b)
    assert client.post(f"/admin/market/applications/{app.pk}/disburse/", _disburse_post()).status_code == 404
    assert not Disbursement.objects.exists()


def test_the_enterprise_sees_the_disbursement_plan_and_trail(client, market):
    app = signed(market)
    apply_transition(app, "disburse", market.staff_a,
                     disbursement=loan("120000", rate="12", method="equal_instalment"))
    client.force_login(market.ent_a.account)
    page = client.get(app.get_member_url()).content.decode()
    assert "已放款" in page and "累计已放款 12.00 万元" in page
    # the first instalment of the hand-worked plan, named on a phone where the table head is hidden
    assert '<td data-label="应还金额（元）">10661.85</td>' in page
    assert '<td data-label="放款金额（万元）">12.00</td>' in page
    assert f"已放款 12.00 万元（{timezone.localdate().isoformat()}）" in page


def test_the_notice_list_and_print_show_the_disbursement_to_the_supervisor(client, market):
    app = signed(market)
    apply_transition(app, "disburse", market.staff_a, disbursement=loan("300000"))
    client.force_login(market.supervisor)
    listing = client.get("/admin/finance_market/feedbacknotice/").content.decode()
    assert "已放款 30.00 万元" in listing
    page = client.get(f"/admin/market/notices/{app.feedback_notice.pk}/print/").content.decode()
    assert "放款情况" in page and "放款 30.00 万元" in page
