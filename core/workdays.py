"""Chinese working days (工作日): statutory holidays and 调休 Saturdays.

chinese-calendar knows the State Council's schedule up to the year it was released for and raises
NotImplementedError after that; beyond it we fall back to Monday–Friday. WorkdayOverride rows, edited by
the platform, always win, so next year's schedule can be entered before a new chinese-calendar ships.
"""

import datetime

import chinese_calendar

# Far enough to cover any deadline of a few dozen working days across 春节.
_WINDOW_FACTOR = 3
_WINDOW_EXTRA = 30


def calendar_knows(year):
    """Whether chinese-calendar has the official holiday schedule for ``year``."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _overrides(start, end):
    from core.models import WorkdayOverride

    return dict(WorkdayOverride.objects.filter(date__range=(start, end)).values_list("date", "is_workday"))


def _default_is_workday(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def is_workday(day, overrides=None):
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _default_is_workday(day)


def add_workdays(start, count):
    """The ``count``-th working day after ``start`` (``start`` itself is not counted).

    add_workdays(Friday, 1) is the next Monday (or later, across a holiday). ``start`` may be a date or an
    aware datetime (its local date is used).
    """
    if isinstance(start, datetime.datetime):
        from django.utils import timezone

        start = timezone.localtime(start).date()
    end = start + datetime.timedelta(days=count * _WINDOW_FACTOR + _WINDOW_EXTRA)
    overrides = _overrides(start, end)
    day, remaining = start, count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if day > end:  # a very long deadline: widen the window
            end = day + datetime.timedelta(days=remaining * _WINDOW_FACTOR + _WINDOW_EXTRA)
            overrides.update(_overrides(day, end))
        if is_workday(day, overrides):
            remaining -= 1
    return day


def workdays_between(start, end):
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_workday(start + datetime.timedelta(days=n), overrides)
    )


def missing_schedule_years(today=None):
    """Years (this and next) for which neither chinese-calendar nor any override gives the holidays."""
    from core.models import WorkdayOverride

    today = today or datetime.date.today()
    return [
        year for year in (today.year, today.year + 1)
        if not calendar_knows(year) and not WorkdayOverride.objects.filter(date__year=year).exists()
    ]

