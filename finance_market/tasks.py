"""Scheduled jobs (django-q2, see migrations 0002 and 0014): overdue detection for F-LOAN-6/8, and the
repayment reminders (还款提醒) of disbursed loans.

Idempotent: each overdue item is reported through the notify-once ledger (keys ``overdue-accept:…``,
``overdue-decide:…`` on the application, ``overdue:finance_market.feedbacknotice:<pk>``), so re-running, or
two workers racing, sends nothing twice. The ``…_overdue_at`` fields only show the admins since when an item
is overdue.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.workdays import workdays_between
from finance_market.choices import ApplicationStatus as S
from finance_market.lifecycle import date_zh
from finance_market.models import Disbursement, FeedbackNotice, LoanApplication, MarketSettings
from finance_market.repayment import plan
from members import notify
from members.models import MessageKind

OVERDUE_KEYS = {"accept": "overdue-accept", "decide": "overdue-decide"}


def _report(obj, field, key, now, application, title, body, kind):
    """Mark ``obj`` overdue (``field``, shown in the admin) and tell the institution and the supervisors,
    once; True when this run reported it."""
    with transaction.atomic():
        recipients = list(notify.institution_staff(application.institution_id)) + list(notify.supervisors())
        if not notify.notify_once(key, recipients, title, body, kind=MessageKind.URGE,
                                  link=application.get_admin_url()):
            return False
        type(obj).objects.filter(pk=obj.pk, **{f"{field}__isnull": True}).update(**{field: now})
        log(application, "finance_market.overdue", data={"reference": application.reference, "kind": kind})
    return True


def scan_overdue(today=None):
    """Find and report overdue acceptances, decisions and feedback notices; returns counts."""
    today = today or timezone.localdate()
    now = timezone.now()
    counts = {"accept": 0, "decide": 0, "notice": 0}
    base = LoanApplication.objects.select_related("institution", "enterprise")
    for app in base.filter(status=S.SUBMITTED, accept_due__lt=today, accept_overdue_at__isnull=True):
        counts["accept"] += _report(
            app, "accept_overdue_at", notify.key_for(OVERDUE_KEYS["accept"], app), now, app,
            _("受理逾期：贷款申请 %s") % app.reference,
            _("%(ent)s 的申请应于 %(due)s 前受理，现已逾期。") % {"ent": app.enterprise.name, "due": app.accept_due},
            "accept")
    # INFO_REQUESTED is left out: the clock stops while the bank waits for the enterprise's material.
    deciding = (S.ACCEPTED, S.RESUBMITTED)
    for app in base.filter(status__in=deciding, decide_due__lt=today, decide_overdue_at__isnull=True):
        counts["decide"] += _report(
            app, "decide_overdue_at", notify.key_for(OVERDUE_KEYS["decide"], app), now, app,
            _("审批逾期：贷款申请 %s") % app.reference,
            _("%(ent)s 的申请应于 %(due)s 前作出决定，现已逾期。") % {"ent": app.enterprise.name,
                                                                  "due": app.decide_due},
            "decide")
    notices = FeedbackNotice.objects.select_related("application__institution").overdue(today).filter(
        overdue_at__isnull=True)
    for notice in notices:
        app = notice.application
        counts["notice"] += _report(
            notice, "overdue_at", notify.key_for("overdue", notice), now, app,
            _("反馈通知书逾期未报送：%s") % app.reference,
            _("反馈通知书应于 %s 前报送人民银行，现已逾期。") % notice.due_date, "notice")
    return counts


def remind_repayments(today=None):
    """还款提醒: tell the enterprise of each instalment of a disbursed (not yet settled) loan once it is due
    within N working days (MarketSettings.repayment_reminder_days), by 站内信 and e-mail, once per
    instalment (notify-once key ``repayment-reminder:finance_market.disbursement:<pk>:<instalment>``); a run
    missed on the reminder day is made up by the next while the instalment is not yet due. Returns how many
    reminders this run sent."""
    today = today or timezone.localdate()
    days = MarketSettings.load().repayment_reminder_days
    horizon = today + datetime.timedelta(days=days * 3 + 14)  # wider than N working days across any holiday
    sent = 0
    disbursements = Disbursement.objects.filter(application__status=S.DISBURSED).select_related(
        "application__enterprise__account", "application__institution")
    for disbursement in disbursements:
        app = disbursement.application
        for row in plan(disbursement).rows:
            if row.due_date < today:
                continue
            if row.due_date > horizon or workdays_between(today, row.due_date) > days:
                break
            key = notify.key_for("repayment-reminder", disbursement, row.number)
            title = _("还款提醒：贷款申请 %(ref)s 第 %(n)s 期") % {"ref": app.reference, "n": row.number}
            body = _("%(bank)s 的贷款第 %(n)s/%(count)s 期应于 %(day)s 还款 %(payment)s 元（本金 %(principal)s 元，"
                     "利息 %(interest)s 元），请按时还款。") % {
                "bank": app.institution.name, "n": row.number, "count": disbursement.term_months,
                "day": date_zh(row.due_date), "payment": row.payment, "principal": row.principal,
                "interest": row.interest}
            sent += notify.notify_once(key, app.enterprise.account, title, body, kind=MessageKind.APPLICATION,
                                       link=app.get_member_url())
    return sent
