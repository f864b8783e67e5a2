"""Answer deadlines in Chinese working days (statutory holidays skipped, 调休 Saturdays counted)."""

from django.conf import settings
from django.utils import timezone

from core.workdays import add_workdays


def add_working_days(start, days):
    """The date ``days`` working days after the date ``start`` (the shared portal calendar)."""
    return add_workdays(start, days)


def answer_working_days():
    return getattr(settings, "CONSULTATION_ANSWER_WORKING_DAYS", 3)


def is_overdue(waiting_since, now=None, days=None):
    """True once the whole last working day of the answer period has passed."""
    if waiting_since is None:
        return False
    now = timezone.localtime(now or timezone.now())
    due = add_working_days(timezone.localtime(waiting_since).date(), answer_working_days() if days is None else days)
    return now.date() > due
