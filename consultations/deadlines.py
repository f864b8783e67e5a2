"""Answer deadlines in working days.

Until a shared working-day calendar (chinese-calendar + editable overrides) is available to this app,
a working day is Monday to Friday. Everything here goes through :func:`add_working_days`, the one
call to switch to the shared calendar.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def add_working_days(start, days):
    """The date ``days`` working days after the date ``start``."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def answer_working_days():
    return getattr(settings, "CONSULTATION_ANSWER_WORKING_DAYS", 3)


def is_overdue(waiting_since, now=None, days=None):
    """True once the whole last working day of the answer period has passed."""
    if waiting_since is None:
        return False
    now = timezone.localtime(now or timezone.now())
    due = add_working_days(timezone.localtime(waiting_since).date(), answer_working_days() if days is None else days)
    return now.date() > due
