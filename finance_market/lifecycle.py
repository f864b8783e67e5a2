"""The one state machine of loan applications (DESIGN §5).

    submitted ─accept→ accepted ─request_info→ info_requested ─resubmit→ resubmitted ─request_info→ …
    accepted | resubmitted ─sign→ signed          accepted | info_requested | resubmitted ─refuse→ refused
    any open status ─withdraw→ withdrawn (the enterprise, before a decision)
    signed | disbursed ─disburse→ disbursed (one Disbursement each; partial ones add up to the credit granted)
    disbursed ─settle→ settled          signed ─not_disburse→ not_disbursed (with a reason)

``TRANSITIONS`` is the whole table and ``MACHINE`` hands it to the portal's one lifecycle engine
(``core.lifecycle.apply``), the only code that changes a status. Each call is one transaction: the row is
locked (select_for_update), the history row (``core.models.LifecycleEvent``), the audit-log entry
(wagtail.log_actions.log), the 反馈通知书 on a decision and the 站内信 to the other party are written
together or not at all. This module keeps what only the marketplace knows: who may act, what each step
checks and changes, and whom it tells. Submission, urging, reporting notices and rating live here too.
"""

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from core import lifecycle as engine
from core.lifecycle import Transition, TransitionError
from core.workdays import add_workdays, is_workday, workdays_between
from finance_market.choices import OPEN_STATUSES, RaterSide
from finance_market.choices import ApplicationStatus as S
from finance_market.models import (
    Disbursement,
    FeedbackNotice,
    LoanApplication,
    MarketSettings,
    NonDisbursementReason,
    Rating,
    RefusalReason,
    Urge,
)
from finance_market.permissions import can_read_all, enterprise_of, is_staff_of, is_supervisor, signs_off_notices
from members import notify
from members.models import Enterprise, MessageKind

INSTITUTION = "institution"
ENTERPRISE = "enterprise"
LOAN_ACTIONS = ("disburse", "settle", "not_disburse")  # the steps after 已签约


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("accept", gettext_lazy("受理"), (S.SUBMITTED,), S.ACCEPTED, INSTITUTION),
        Transition("request_info", gettext_lazy("要求补充材料"), (S.ACCEPTED, S.RESUBMITTED), S.INFO_REQUESTED,
                   INSTITUTION),
        Transition("resubmit", gettext_lazy("提交补充材料"), (S.INFO_REQUESTED,), S.RESUBMITTED, ENTERPRISE),
        Transition("sign", gettext_lazy("签约（初步合作意向）"), (S.ACCEPTED, S.RESUBMITTED), S.SIGNED, INSTITUTION),
        Transition("refuse", gettext_lazy("拒绝"), (S.ACCEPTED, S.INFO_REQUESTED, S.RESUBMITTED), S.REFUSED,
                   INSTITUTION),
        Transition("withdraw", gettext_lazy("撤回申请"), OPEN_STATUSES, S.WITHDRAWN, ENTERPRISE),
        Transition("disburse", gettext_lazy("登记放款"), (S.SIGNED, S.DISBURSED), S.DISBURSED, INSTITUTION),
        Transition("settle", gettext_lazy("登记结清"), (S.DISBURSED,), S.SETTLED, INSTITUTION),
        Transition("not_disburse", gettext_lazy("登记未放款"), (S.SIGNED,), S.NOT_DISBURSED, INSTITUTION),
    )
}


def _settings():
    return MarketSettings.load()


def _is_actor(transition_actor, application, user):
    if transition_actor == INSTITUTION:
        return is_staff_of(user, application.institution_id)
    enterprise = enterprise_of(user)
    return enterprise is not None and enterprise.pk == application.enterprise_id


def _notify_enterprise(application, title, body, sender=None):
    notify.send(application.enterprise.account, title, body, kind=MessageKind.APPLICATION,
                 link=application.get_member_url(), sender=sender)


def _notify_staff(application, title, body, sender=None, kind=MessageKind.APPLICATION, with_supervisors=False):
    recipients = list(notify.institution_staff(application.institution_id))
    if with_supervisors:
        recipients += notify.supervisors()
    notify.send(recipients, title, body, kind=kind, link=application.get_admin_url(), sender=sender)


@transaction.atomic
def submit(*, enterprise, institution, product=None, need=None, by, amount, term_months, purpose, contact_person,
           contact_phone, repayment_method="", guarantee_offered="", extra_data=None, checkout_token=None,
           source="pc", is_first_loan=True, now=None):
    """Create an application in 已提交 with its reference and accept deadline, and tell the bank."""
    if not enterprise.is_certified:
        raise TransitionError(_("企业通过平台认证后才能申请贷款。"))
    now = now or timezone.now()
    application = LoanApplication.objects.create(
        reference=uuid.uuid4().hex[:20],  # replaced below by the readable DK… number
        enterprise=enterprise, institution=institution, product=product, need=need,
        product_title=product.title if product else _("融资需求对接"), amount=amount, term_months=term_months,
        purpose=purpose, contact_person=contact_person, contact_phone=contact_phone,
        repayment_method=repayment_method, guarantee_offered=guarantee_offered, extra_data=extra_data or {},
        checkout_token=checkout_token, source=source, is_first_loan=is_first_loan, submitted_at=now,
        accept_due=add_workdays(now, _settings().accept_within_days),
    )
    application.reference = f"DK{timezone.localtime(now):%Y%m%d}{application.pk:06d}"
    application.save(update_fields=["reference"])
    engine.record(MACHINE, application, "submit", "", by, when=now)
    _notify_staff(application, _("新的贷款申请 %(ref)s") % {"ref": application.reference},
                  _("%(ent)s 申请“%(product)s”%(amount)s万元，请于 %(due)s 前受理。") % {
                      "ent": enterprise.name, "product": application.product_title,
                      "amount": f"{application.amount_wan:.2f}", "due": application.accept_due})
    return application


# 年利率 a disbursement may carry, in % a year (the calculator's range)
RATE_RANGE = (Decimal("0"), Decimal("36"))
TERM_RANGE = (1, 360)


def _signed_on(app):
    return timezone.localdate(app.decided_at) if app.decided_at else None


def _check_disbursement(app, values, now):
    """A disbursement's figures (a dict: amount in yuan, disbursed_on, annual_rate, term_months,
    repayment_method), checked against the locked application: the sum paid out may not exceed the credit
    granted (授信额度); the date is not in the future nor before the signing."""
    from finance_market.models.loans import PLAN_METHODS

    if not values:
        raise TransitionError(_("请填写放款信息。"))
    amount = Decimal(values["amount"])
    if amount <= 0:
        raise TransitionError(_("放款金额须大于零。"))
    if app.credit_amount is not None and app.disbursed_amount + amount > app.credit_amount:
        raise TransitionError(_("累计放款金额不能超过授信额度 %(credit)s 万元（已放款 %(done)s 万元）。") % {
            "credit": f"{app.credit_amount_wan:.2f}", "done": f"{app.disbursed_amount_wan:.2f}"})
    day = values["disbursed_on"]
    if day > timezone.localdate(now):
        raise TransitionError(_("放款日期不能晚于今天。"))
    signed_on = _signed_on(app)
    if signed_on and day < signed_on:
        raise TransitionError(_("放款日期不能早于签约日期 %s。") % signed_on)
    if not RATE_RANGE[0] <= Decimal(values["annual_rate"]) <= RATE_RANGE[1]:
        raise TransitionError(_("年利率须在 %(low)s%% 到 %(high)s%% 之间。") % {
            "low": RATE_RANGE[0], "high": RATE_RANGE[1]})
    if not TERM_RANGE[0] <= int(values["term_months"]) <= TERM_RANGE[1]:
        raise TransitionError(_("期限须在 1 到 360 个月之间。"))
    if values["repayment_method"] not in PLAN_METHODS:
        raise TransitionError(_("请选择等额本息、等额本金或按月付息、到期还本。"))


def _check_payload(transition, app, by, note, *, credit_amount=None, reason=None, disbursement=None,
                   settled_on=None):
    if transition.action == "disburse":
        _check_disbursement(app, disbursement, timezone.now())
    if transition.action == "settle":
        if settled_on is None:
            raise TransitionError(_("请填写结清日期。"))
        if settled_on > timezone.localdate():
            raise TransitionError(_("结清日期不能晚于今天。"))
        first = app.disbursements.order_by("disbursed_on").first()
        if first and settled_on < first.disbursed_on:
            raise TransitionError(_("结清日期不能早于首笔放款日期 %s。") % first.disbursed_on)
    if transition.action == "not_disburse" and not isinstance(reason, NonDisbursementReason):
        raise TransitionError(_("请选择未放款原因。"))
    if transition.action == "request_info" and not note.strip():
        raise TransitionError(_("请说明需要补充的材料。"))
    if transition.action == "sign" and (credit_amount is None or Decimal(credit_amount) <= 0):
        raise TransitionError(_("签约须填写大于零的授信额度。"))
    if transition.action == "refuse" and not isinstance(reason, RefusalReason):
        raise TransitionError(_("拒绝须选择拒绝原因。"))


def _feedback_content(application):
    result = application.get_status_display()
    lines = [
        _("反馈通知书"),
        _("申请编号：%s") % application.reference,
        _("申请企业：%s") % application.enterprise.name,
        _("金融机构：%s") % application.institution.name,
        _("贷款产品：%s") % application.product_title,
        _("申请金额：%s万元，期限%s个月") % (f"{application.amount_wan:.2f}", application.term_months),
        _("处理结果：%s") % result,
    ]
    if application.status == S.SIGNED:
        lines.append(_("授信额度：%s万元") % f"{application.credit_amount_wan:.2f}")
    else:
        lines.append(_("拒绝原因：%s") % application.refusal_reason)
    if application.decision_note:
        lines.append(_("说明：%s") % application.decision_note)
    lines.append(_("决定时间：%s") % f"{timezone.localtime(application.decided_at):%Y-%m-%d %H:%M}")
    return "\n".join(lines)


def _workdays_waiting(app, now):
    """Working days the bank spent waiting for the enterprise's extra material: from the latest
    request_info to ``now``. They do not count against the decide deadline (DESIGN §5)."""
    requested = engine.last_step(app, "request_info")
    if requested is None:
        return 0
    return workdays_between(timezone.localdate(requested.created_at), timezone.localdate(now))


def _record_disbursement(app, by, values, now):
    """The Disbursement row of a ``disburse`` step, with what the statistics count fixed on it: the
    application's first payment (and its 获贷天数), the enterprise's first on the platform (首贷; the enterprise
    row is locked so two first payments of one enterprise cannot both count)."""
    Enterprise.objects.select_for_update().filter(pk=app.enterprise_id).first()
    is_first = not app.disbursements.exists()
    platform_first = is_first and not Disbursement.objects.filter(enterprise_id=app.enterprise_id).exists()
    day = values["disbursed_on"]
    return Disbursement.objects.create(
        application=app, enterprise_id=app.enterprise_id, institution_id=app.institution_id,
        product_id=app.product_id, amount=Decimal(values["amount"]), disbursed_on=day,
        annual_rate=Decimal(values["annual_rate"]), term_months=int(values["term_months"]),
        repayment_method=values["repayment_method"], is_first=is_first, platform_first_loan=platform_first,
        days_from_application=(day - timezone.localdate(app.submitted_at)).days if is_first else None,
        recorded_by=by if by is not None and by.is_authenticated else None, recorded_at=now)


def _effect(transition, app, by, note, now, *, credit_amount=None, reason=None, disbursement=None,
            settled_on=None):
    """Dates, deadlines and the decision a step sets besides the status; returns what the history keeps."""
    data = {}
    if transition.action == "disburse":
        row = _record_disbursement(app, by, disbursement, now)
        app.disbursed_amount += row.amount
        return {"disbursement": row.pk, "amount": str(row.amount), "disbursed_on": row.disbursed_on.isoformat(),
                "annual_rate": str(row.annual_rate), "term_months": row.term_months,
                "repayment_method": row.repayment_method, "total": str(app.disbursed_amount)}
    if transition.action == "settle":
        app.settled_on = settled_on
        return {"settled_on": settled_on.isoformat()}
    if transition.action == "not_disburse":
        app.not_disbursed_reason = reason
        return {"reason": reason.name}
    if transition.action == "accept":
        app.accepted_at = now
        app.decide_due = add_workdays(now, _settings().decide_within_days)
    elif transition.action == "resubmit" and app.decide_due:
        waited = _workdays_waiting(app, now)
        if waited:
            app.decide_due = add_workdays(app.decide_due, waited)
            data["decide_due_extended_by"] = waited
            data["decide_due"] = str(app.decide_due)
    elif transition.action in ("sign", "refuse"):
        app.decided_at = now
        app.decision_note = note
        if transition.action == "sign":
            app.credit_amount = Decimal(credit_amount)
            data["credit_amount"] = str(app.credit_amount)
        else:
            app.refusal_reason = reason
            data["reason"] = reason.name
    return data


def _after_loan(transition, app, by, note, now, *, disbursement=None, settled_on=None, reason=None, **_rest):
    """The enterprise's 站内信 (and SMS when it opted in) after 放款, 结清 or 未放款."""
    if transition.action == "disburse":
        row = app.disbursements.order_by("-pk").first()
        body = _("银行已于 %(day)s 放款 %(amount)s 万元（年利率 %(rate)s%%，%(term)s 个月，%(method)s），"
                 "累计已放款 %(total)s 万元。还款计划见申请页面。") % {
            "day": date_zh(row.disbursed_on), "amount": f"{row.amount_wan:.2f}", "rate": row.annual_rate,
            "term": row.term_months, "method": row.get_repayment_method_display(),
            "total": f"{app.disbursed_amount_wan:.2f}"}
    elif transition.action == "settle":
        body = _("贷款已于 %s 结清。") % date_zh(app.settled_on)
    else:
        body = _("银行登记该贷款未放款。原因：%(reason)s。%(note)s") % {"reason": app.not_disbursed_reason,
                                                                   "note": note}
    _notify_enterprise(app, _("贷款申请 %(ref)s：%(status)s") % {"ref": app.reference,
                                                              "status": app.get_status_display()}, body, sender=by)
    notify.sms_status_alert(app.enterprise.account, app.reference, app.get_status_display())


def _after(transition, app, by, note, now, **_payload):
    """Messages (and on a decision the 反馈通知书) for a transition just applied."""
    if transition.action in LOAN_ACTIONS:
        _after_loan(transition, app, by, note, now, **_payload)
        return
    ref = app.reference
    if transition.actor == ENTERPRISE:
        title = _("企业%(action)s：%(ref)s") % {"action": transition.label, "ref": ref}
        body = note or app.enterprise.name
        if transition.action == "resubmit" and app.decide_due:
            body = _("%(note)s（等待补充材料的时间不计入审批期限，审批期限顺延至 %(due)s）") % {
                "note": body, "due": app.decide_due}
        _notify_staff(app, title, body, sender=by)
        return
    if transition.action == "accept":
        body = _("银行已受理，将在 %s 前作出决定。") % app.decide_due
    elif transition.action == "request_info":
        body = _("请补充以下材料：%s") % note
    elif transition.action == "sign":
        body = _("银行已同意，授信额度 %s 万元，请留意银行联系。") % f"{app.credit_amount_wan:.2f}"
    else:
        body = _("很遗憾，银行未通过该申请。原因：%(reason)s。%(note)s") % {"reason": app.refusal_reason, "note": note}
    _notify_enterprise(app, _("贷款申请 %(ref)s：%(status)s") % {"ref": ref, "status": app.get_status_display()},
                       body, sender=by)
    notify.sms_status_alert(app.enterprise.account, ref, app.get_status_display())
    if transition.action in ("sign", "refuse"):
        notice = FeedbackNotice.objects.create(
            application=app, result=app.status, content=_feedback_content(app), generated_at=now,
            due_date=add_workdays(now, _settings().feedback_within_days))
        _notify_staff(app, _("请报送反馈通知书 %s") % ref,
                      _("反馈通知书已生成，请于 %s 前报送人民银行。") % notice.due_date)


MACHINE = engine.register(engine.Machine(
    model=LoanApplication, log_prefix="finance_market", transitions=TRANSITIONS,
    is_actor=lambda transition, app, user: _is_actor(transition.actor, app, user),
    check=_check_payload, effect=_effect, after=_after,
    forbidden=lambda transition, app: TransitionError(_("您无权对该申请执行“%s”。") % transition.label),
    status_message=gettext_lazy("申请当前状态为“%(status)s”，不能%(action)s。"),
    log_extra=lambda app: {"reference": app.reference}, log_note=True,
    related=("enterprise__account", "institution"),
    labels={"submit": gettext_lazy("提交申请"), "urge": gettext_lazy("催办"),
            "enterprise_urge": gettext_lazy("企业催办")},
))


def allowed_transitions(application, user):
    """The transitions ``user`` may apply to ``application`` now (for buttons)."""
    return MACHINE.allowed(application, user)


def apply_transition(application, action, by, *, note="", credit_amount=None, reason=None, now=None, key=None,
                     disbursement=None, settled_on=None):
    """Apply ``action`` to ``application`` for user ``by`` through the lifecycle engine; returns the updated
    application. Raises TransitionError (and changes nothing) when the action is unknown, not the user's to
    take, or not allowed from the current status. ``disbursement`` (a dict, for ``disburse``) and
    ``settled_on`` (for ``settle``) carry the figures of the steps after 已签约; a repeated ``key`` (the
    form's submission token) is a no-op."""
    return engine.apply(MACHINE, application, action, by, note=note, now=now, key=key, credit_amount=credit_amount,
                        reason=reason, disbursement=disbursement, settled_on=settled_on)


@transaction.atomic
def report_notice(notice, by, now=None):
    """The institution reports its 反馈通知书 to 人民银行 (F-LOAN-8)."""
    notice = FeedbackNotice.objects.select_for_update().select_related("application").get(pk=notice.pk)
    if not is_staff_of(by, notice.application.institution_id):
        raise TransitionError(_("只有该金融机构可以报送此通知书。"))
    if notice.reported_at:
        raise TransitionError(_("该通知书已报送。"))
    notice.reported_at = now or timezone.now()
    notice.reported_by = by
    notice.save(update_fields=["reported_at", "reported_by"])
    log(notice.application, "finance_market.report_notice", user=by, data={"reference": notice.application.reference})
    notify.send(notify.supervisors(), _("反馈通知书 %s") % notice.application.reference, notice.content,
                kind=MessageKind.APPLICATION, link=notice.application.get_admin_url(), sender=by)
    return notice


@transaction.atomic
def sign_off_notice(notice, by, now=None):
    """人民银行 signs off (签收) a reported 反馈通知书: who and when are kept on the notice, in the audit log, and
    the institution is told. Only supervisors; only a reported notice, once."""
    notice = FeedbackNotice.objects.select_for_update().select_related("application").get(pk=notice.pk)
    if not signs_off_notices(by):
        raise TransitionError(_("只有人民银行监管人员可以签收反馈通知书。"))
    if notice.reported_at is None:
        raise TransitionError(_("该通知书尚未报送，不能签收。"))
    if notice.signed_at:
        raise TransitionError(_("该通知书已签收。"))
    notice.signed_at = now or timezone.now()
    notice.signed_by = by
    notice.save(update_fields=["signed_at", "signed_by"])
    app = notice.application
    log(app, "finance_market.sign_notice", user=by, data={"reference": app.reference})
    _notify_staff(app, _("反馈通知书 %s 已签收") % app.reference,
                  _("人民银行已于 %s 签收该反馈通知书。") % f"{timezone.localtime(notice.signed_at):%Y-%m-%d %H:%M}",
                  sender=by)
    return notice


def in_batch(items, step, describe):
    """Run ``step(item)`` on each item, each in its own transaction; one refusal does not stop the rest.
    Returns (done, [(describe(item), reason)])."""
    done, failed = [], []
    for item in items:
        try:
            done.append(step(item))
        except TransitionError as error:
            failed.append((describe(item), str(error)))
    return done, failed


@transaction.atomic
def urge(application, by, note):
    """催办 (F-LOAN-10) by a supervisor or platform admin: recorded (催办记录 and the application's 办理记录,
    which the enterprise sees), logged, and sent to the institution."""
    if not can_read_all(by):
        raise TransitionError(_("只有人民银行监管人员和平台管理员可以催办。"))
    if not note.strip():
        raise TransitionError(_("请填写催办说明。"))
    app = LoanApplication.objects.select_for_update().get(pk=application.pk)
    if not (app.is_open or (app.is_decided and not FeedbackNotice.objects.filter(
            application=app, reported_at__isnull=False).exists())):
        raise TransitionError(_("该申请已办结，无需催办。"))
    record = Urge.objects.create(application=app, by=by, note=note)
    side = "supervisor" if is_supervisor(by) else "platform"
    engine.record(MACHINE, app, "urge", app.status, by, note=note, data={"side": side})
    _notify_staff(app, _("催办：贷款申请 %s") % app.reference, note, sender=by, kind=MessageKind.URGE)
    return record


def urge_workday(day):
    """The working day an urge made on ``day`` counts for: ``day`` itself, or the next working day when made
    on a weekend or holiday (the day the bank reads it)."""
    while not is_workday(day):
        day += datetime.timedelta(days=1)
    return day


def enterprise_urge_refusal(application, user, now=None):
    """Why ``user`` may not urge ``application`` now (a Chinese sentence), or None when they may."""
    if not _is_actor(ENTERPRISE, application, user):
        return _("只有申请企业本身可以催办该申请。")
    deadline = application.current_due
    if deadline is None:
        if application.status == S.INFO_REQUESTED:
            return _("银行正在等待贵企业补充材料，补充后再计算办理期限。")
        return _("该申请已办结，无需催办。")
    today = timezone.localdate(now or timezone.now())
    if not application.is_overdue_on(today):
        return _("办理期限（%s）尚未届满，期限过后才能催办。") % date_zh(deadline)
    slot = urge_workday(today)
    if application.events.filter(action="enterprise_urge", data__workday=slot.isoformat()).exists():
        return _("您已催办过，每个工作日只能催办一次，请于 %s 再催办。") % date_zh(
            urge_workday(slot + datetime.timedelta(days=1)))
    return None


@transaction.atomic
def enterprise_urge(application, by, note="", now=None):
    """The enterprise urges its own overdue application, once per working day: the bank is told and the step
    is in the 办理记录. Refused (TransitionError, nothing written) before the deadline or a second time."""
    app = LoanApplication.objects.select_for_update().select_related("enterprise", "institution").get(
        pk=application.pk)
    now = now or timezone.now()
    refusal = enterprise_urge_refusal(app, by, now)
    if refusal:
        raise TransitionError(refusal)
    note = note.strip()
    slot = urge_workday(timezone.localdate(now))
    record = Urge.objects.create(application=app, by=by, note=note or _("企业催办"))
    engine.record(MACHINE, app, "enterprise_urge", app.status, by, note=note,
                  data={"workday": slot.isoformat(), "deadline": app.current_due.isoformat()}, when=now)
    body = _("%(ent)s 催办贷款申请 %(ref)s（办理期限 %(due)s 已过）。%(note)s") % {
        "ent": app.enterprise.name, "ref": app.reference, "due": date_zh(app.current_due), "note": note}
    _notify_staff(app, _("企业催办：贷款申请 %s") % app.reference, body, sender=by, kind=MessageKind.URGE)
    return record


def record_credit_check(application, by, *, credit_status, anti_fraud_score, now=None):
    """本行核查 (F-LOAN-13): the institution's staff enter the 信用状况 and 反欺诈评分 from their own credit enquiry
    and anti-fraud check, while the application is open. Written to the audit log with the values before
    (Wagtail's 历史), not to the 办理记录 the enterprise reads: the enterprise does not see the bank's scores.
    Posting the same values again changes and logs nothing."""
    with transaction.atomic():
        app = LoanApplication.objects.select_for_update().get(pk=application.pk)
        if not is_staff_of(by, app.institution_id):
            raise TransitionError(_("只有受理该申请的机构可以录入核查结果。"))
        if not app.is_open:
            raise TransitionError(_("申请已办结，核查结果不能再修改。"))
        credit_status = (credit_status or "").strip()
        if not credit_status or anti_fraud_score is None or not 0 <= int(anti_fraud_score) <= 100:
            raise TransitionError(_("请填写信用状况和0到100之间的反欺诈评分。"))
        unchanged = (app.credit_status, app.anti_fraud_score) == (credit_status, int(anti_fraud_score))
        if unchanged and app.credit_checked_at:
            return app
        before = {"credit_status": app.credit_status, "anti_fraud_score": app.anti_fraud_score}
        app.credit_status, app.anti_fraud_score = credit_status, int(anti_fraud_score)
        app.credit_checked_by, app.credit_checked_at = by, now or timezone.now()
        app.save(update_fields=["credit_status", "anti_fraud_score", "credit_checked_by", "credit_checked_at"])
        log(app, "finance_market.credit_check", user=by, data={
            "reference": app.reference, "credit_status": credit_status, "anti_fraud_score": app.anti_fraud_score,
            "before": before})
    return app


def trail_label(event):
    """What the enterprise's 办理记录 says for one history row: the urge and by whom, else the new status."""
    if event.action == "urge":
        return _("人民银行催办") if event.data.get("side") == "supervisor" else _("平台催办")
    if event.action == "enterprise_urge":
        return _("企业催办")
    if event.action == "disburse" and "amount" in event.data:
        return _("已放款 %(amount)s 万元（%(day)s）") % {
            "amount": f"{Decimal(event.data['amount']) / 10000:.2f}", "day": event.data.get("disbursed_on", "")}
    if event.action == "not_disburse" and event.data.get("reason"):
        return _("未放款（%s）") % event.data["reason"]
    return event.get_to_status_display()


def date_zh(day):
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def rate(application, by, score, comment=""):
    """One rating per side after a decision; the side follows from who ``by`` is."""
    app = LoanApplication.objects.select_for_update().get(pk=application.pk)
    if _is_actor(ENTERPRISE, app, by):
        side = RaterSide.ENTERPRISE
    elif _is_actor(INSTITUTION, app, by):
        side = RaterSide.INSTITUTION
    else:
        raise TransitionError(_("只有申请双方可以评价。"))
    if not app.is_decided:
        raise TransitionError(_("申请办结后才能评价。"))
    if not 1 <= int(score) <= 5:
        raise TransitionError(_("评分须为1到5星。"))
    if Rating.objects.filter(application=app, side=side).exists():
        raise TransitionError(_("您已评价过该申请。"))
    rating = Rating.objects.create(application=app, side=side, score=int(score), comment=comment, by=by)
    log(app, "finance_market.rate", user=by, data={"reference": app.reference, "side": side, "score": int(score)})
    return rating
