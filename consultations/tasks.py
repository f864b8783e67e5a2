"""Background jobs (django-q2). The schedule itself is created by migration 0002_overdue_schedule."""

import datetime

from django.utils import timezone

from consultations import deadlines, lifecycle
from consultations.models import Consultation, ConsultationStatus

SCHEDULE_NAME = "consultations.flag_overdue"


def flag_overdue_consultations(now=None):
    """Flag every consultation still waiting for an answer past the one answer deadline (deadlines.py: the
    admin-editable 互动答复时限) and report it; returns how many were reported now. Safe to run as often as
    wanted: the report goes through the notify-once ledger (lifecycle.flag_overdue)."""
    now = now or timezone.now()
    days = deadlines.answer_working_days()
    # working days are never fewer than calendar days, so this narrows the scan without missing anyone
    candidates = Consultation.objects.filter(
        is_overdue=False,
        status__in=[ConsultationStatus.SUBMITTED, ConsultationStatus.ACCEPTED],
        waiting_since__lte=now - datetime.timedelta(days=days),
    )
    flagged = 0
    for consultation in candidates.iterator():
        if deadlines.is_overdue(consultation.waiting_since, now, days) and lifecycle.flag_overdue(consultation):
            flagged += 1
    return flagged


def send_due_notifications(now=None):
    """Send every operations notification whose time has come (schedule created by migration
    0004_notification_schedule); returns how many recipients were reached. Safe to run concurrently."""
    from consultations import outreach

    now = now or timezone.now()
    return sum(outreach.send_notification(notification, now) for notification in outreach.due(now))
