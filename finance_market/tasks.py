"""Scheduled jobs (django-q2, see migration 0002): overdue detection for F-LOAN-6/8.

Idempotent: each item is marked overdue by a conditional UPDATE (``…_overdue_at IS NULL``), and only the
run that wins that update sends the messages, so re-running (or two workers racing) sends nothing twice.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from finance_market.choices import ApplicationStatus as S
from finance_market.lifecycle import institution_staff, supervisors
from finance_market.models import FeedbackNotice, LoanApplication
from members.models import MessageKind
from members.services import send_message


def _alert(application, title, body):
    recipients = {u.pk: u for u in institution_staff(application.institution_id)}
    recipients.update({u.pk: u for u in supervisors()})
    for user in recipients.values():
        send_message(user, title, body, kind=MessageKind.URGE, link=application.get_admin_url())


def _mark(queryset, field, now):
    """Mark each row of ``queryset`` overdue once; yields the rows this run marked."""
    for obj in queryset:
        with transaction.atomic():
            if type(obj).objects.filter(pk=obj.pk, **{f"{field}__isnull": True}).update(**{field: now}):
                yield obj


def scan_overdue(today=None):
    """Find and mark overdue acceptances, decisions and feedback notices; returns counts."""
    today = today or timezone.localdate()
    now = timezone.now()
    counts = {"accept": 0, "decide": 0, "notice": 0}
    base = LoanApplication.objects.select_related("institution", "enterprise")
    for app in _mark(base.filter(status=S.SUBMITTED, accept_due__lt=today, accept_overdue_at__isnull=True),
                     "accept_overdue_at", now):
        counts["accept"] += 1
        log(app, "finance_market.overdue", data={"reference": app.reference, "kind": "accept"})
        _alert(app, _("受理逾期：贷款申请 %s") % app.reference,
               _("%(ent)s 的申请应于 %(due)s 前受理，现已逾期。") % {"ent": app.enterprise.name, "due": app.accept_due})
    # INFO_REQUESTED is left out: the clock stops while the bank waits for the enterprise's material.
    deciding = (S.ACCEPTED, S.RESUBMITTED)
    for app in _mark(base.filter(status__in=deciding, decide_due__lt=today, decide_overdue_at__isnull=True),
                     "decide_overdue_at", now):
        counts["decide"] += 1
        log(app, "finance_market.overdue", data={"reference": app.reference, "kind": "decide"})
        _alert(app, _("审批逾期：贷款申请 %s") % app.reference,
               _("%(ent)s 的申请应于 %(due)s 前作出决定，现已逾期。") % {"ent": app.enterprise.name,
                                                                  "due": app.decide_due})
    notices = FeedbackNotice.objects.select_related("application__institution").filter(
        reported_at__isnull=True, due_date__lt=today, overdue_at__isnull=True)
    for notice in _mark(notices, "overdue_at", now):
        counts["notice"] += 1
        app = notice.application
        log(app, "finance_market.overdue", data={"reference": app.reference, "kind": "notice"})
        _alert(app, _("反馈通知书逾期未报送：%s") % app.reference,
               _("反馈通知书应于 %s 前报送人民银行，现已逾期。") % notice.due_date)
    return counts
