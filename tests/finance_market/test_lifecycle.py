"""Every allowed transition, every refused one, and what each leaves behind (history, audit log, messages)."""

from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from finance_market.choices import ApplicationStatus as S
from finance_market.lifecycle import TRANSITIONS, TransitionError, apply_transition
from finance_market.models import FeedbackNotice, LoanApplication, NonDisbursementReason
from members.models import Message
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db

BANK_ACTIONS = {"accept", "request_info", "sign", "refuse", "disburse", "settle", "not_disburse"}


def disbursement(amount="300000", day=None, rate="4.35", term=12, method="equal_instalment"):
    return {"amount": Decimal(amount), "disbursed_on": day or timezone.localdate(), "annual_rate": Decimal(rate),
            "term_months": term, "repayment_method": method}


def _do(app, action, market, **kwargs):
    by = market.staff_a if TRANSITIONS[action].actor == "institution" else market.ent_a.account
    defaults = {"note": "请补充流水" if action == "request_info" else "", "credit_amount": None, "reason": None}
    if action == "sign":
        defaults["credit_amount"] = Decimal("800000")
    if action == "refuse":
        defaults["reason"] = market.reason
    if action == "disburse":
        defaults["disbursement"] = disbursement()
    if action == "settle":
        defaults["settled_on"] = timezone.localdate()
    if action == "not_disburse":
        defaults["reason"] = NonDisbursementReason.objects.get(name="企业放弃用款")
    defaults.update(kwargs)
    return apply_transition(app, action, by, **defaults)


def _bring_to(app, status, market):
    path = {S.SUBMITTED: [], S.ACCEPTED: ["accept"], S.INFO_REQUESTED: ["accept", "request_info"],
            S.RESUBMITTED: ["accept", "request_info", "resubmit"], S.SIGNED: ["accept", "sign"],
            S.REFUSED: ["accept", "refuse"], S.WITHDRAWN: ["withdraw"],
            S.DISBURSED: ["accept", "sign", "disburse"], S.SETTLED: ["accept", "sign", "disburse", "settle"],
            S.NOT_DISBURSED: ["accept", "sign", "not_disburse"]}[status]
    for action in path:
        app = _do(app, action, market, note="说明")
    return app


def test_submission_has_reference_deadline_history_and_tells_the_bank(market):
    app = submit(market.ent_a, market.product_a)
    assert app.reference.startswith("DK") and app.status == S.SUBMITTED
    assert app.accept_due > app.submitted_at.date()
    assert list(app.events.values_list("to_status", flat=True)) == [S.SUBMITTED]
    assert Message.objects.filter(recipient=market.staff_a, title__contains=app.reference).exists()
    assert not Message.objects.filter(recipient=market.staff_b).exists()


def test_uncertified_enterprise_cannot_submit(market):
    with pytest.raises(TransitionError):
        submit(market.pending, market.product_a)
    assert not LoanApplication.objects.exists()


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_each_allowed_transition_writes_history_log_and_message(market, action):
    transition = TRANSITIONS[action]
    app = _bring_to(submit(market.ent_a, market.product_a), transition.sources[0], market)
    events_before = app.events.count()
    messages_before = Message.objects.count()
    app = _do(app, action, market, note="处理说明")
    app.refresh_from_db()
    assert app.status == transition.target
    last = app.events.last()
    assert app.events.count() == events_before + 1
    assert (last.from_status, last.to_status, last.note) == (transition.sources[0], transition.target, "处理说明")
    assert ModelLogEntry.objects.filter(action=f"finance_market.{action}", object_id=str(app.pk)).exists()
    assert Message.objects.count() > messages_before
    other_party = market.ent_a.account if action in BANK_ACTIONS else market.staff_a
    assert Message.objects.filter(recipient=other_party, title__contains=app.reference).exists()


ALL_STATUSES = list(S.values)
ILLEGAL = [(action, status) for action, t in TRANSITIONS.items() for status in ALL_STATUSES
           if status not in t.sources]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_each_illegal_transition_is_refused_and_changes_nothing(market, action, status):
    app = _bring_to(submit(market.ent_a, market.product_a), status, market)
    events = app.events.count()
    with pytest.raises(TransitionError):
        _do(app, action, market)
    app.refresh_from_db()
    assert app.status == status and app.events.count() == events


@pytest.mark.parametrize("action", sorted(BANK_ACTIONS))
def test_enterprise_cannot_take_bank_actions(market, action):
    app = _bring_to(submit(market.ent_a, market.product_a), TRANSITIONS[action].sources[0], market)
    with pytest.raises(TransitionError):
        apply_transition(app, action, market.ent_a.account, note="x", credit_amount=1, reason=market.reason,
                         disbursement=disbursement(), settled_on=timezone.localdate())


def test_bank_cannot_withdraw_for_the_enterprise(market, application):
    with pytest.raises(TransitionError):
        apply_transition(application, "withdraw", market.staff_a)


def test_other_bank_cannot_accept(market, application):
    with pytest.raises(TransitionError):
        apply_transition(application, "accept", market.staff_b)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_supervisor_cannot_decide(market, application):
    with pytest.raises(TransitionError):
        apply_transition(application, "accept", market.supervisor)


def test_sign_needs_a_positive_credit_amount(market, application):
    app = _do(application, "accept", market)
    with pytest.raises(TransitionError):
        _do(app, "sign", market, credit_amount=Decimal("0"))
    app.refresh_from_db()
    assert app.status == S.ACCEPTED


def test_refuse_needs_a_reason_and_request_info_a_note(market, application):
    app = _do(application, "accept", market)
    with pytest.raises(TransitionError):
        apply_transition(app, "refuse", market.staff_a, reason=None)
    with pytest.raises(TransitionError):
        apply_transition(app, "request_info", market.staff_a, note="  ")


def test_decision_generates_feedback_notice_due_in_working_days(market, application):
    app = _do(_do(application, "accept", market), "sign", market)
    notice = FeedbackNotice.objects.get(application=app)
    assert notice.result == S.SIGNED and "80.00万元" in notice.content
    assert notice.due_date > app.decided_at.date() and notice.reported_at is None
    assert app.credit_amount == Decimal("800000")


def test_refusal_records_reason_and_tells_the_enterprise_why(market, application):
    app = _do(_do(application, "accept", market), "refuse", market, note="流水不足")
    assert app.refusal_reason == market.reason
    message = Message.objects.filter(recipient=market.ent_a.account).first()
    assert "资料不完整" in message.body and "流水不足" in message.body
