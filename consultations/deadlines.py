"""Answer deadlines in Chinese working days (statutory holidays skipped, 调休 Saturdays counted).

There is one answer deadline for consultations: the admin-editable 互动答复时限 (网站检查设置, in the inspection,
a layer above). The inspection hands it down at start-up with ``use_answer_days_from``; without it (the
inspection not installed) ``CONSULTATION_ANSWER_WORKING_DAYS`` (default 5) applies.
"""

from django.conf import settings
from django.utils import timezone

from core.workdays import add_workdays

_answer_days_source = None


def use_answer_days_from(source):
    """Take the answer deadline from ``source()`` (a number of working days) from now on."""
    global _answer_days_source
    _answer_days_source = source


def add_working_days(start, days):
    """The date ``days`` working days after the date ``start`` (the shared portal calendar)."""
    return add_workdays(start, days)


def answer_working_days():
    if _answer_days_source is not None:
        return _answer_days_source()
    return getattr(settings, "CONSULTATION_ANSWER_WORKING_DAYS", 5)


def is_overdue(waiting_since, now=None, days=None):
    """True once the whole last working day of the answer period has passed."""
    if waiting_since is None:
        return False
    now = timezone.localtime(now or timezone.now())
    due = add_working_days(timezone.localtime(waiting_since).date(), answer_working_days() if days is None else days)
    return now.date() > due
