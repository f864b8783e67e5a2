"""Chinese working days: 国庆 and 春节 weeks, 调休 Saturdays, years past chinese-calendar's data."""

import datetime as dt

import pytest

from core.models import WorkdayOverride
from core.workdays import (
    add_workdays,
    is_workday,
    missing_schedule_years,
    workdays_between,
)
from members import roles
from members.models import Message
from members.workdays import warn_missing_schedule
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_national_day_week_is_skipped():
    # 2026-09-30 (Wed) + 3 working days: 10-01..10-07 are holidays, 10-08 Thu, 10-09 Fri, 10-10 调休 Saturday
    assert add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_adjusted_saturday_counts_and_plain_sunday_does_not():
    assert is_workday(D(2026, 10, 10))  # 调休 Saturday
    assert is_workday(D(2026, 9, 20))  # 调休 Sunday
    assert not is_workday(D(2026, 10, 11))


def test_spring_festival_is_skipped():
    # 2026-02-13 (Fri) + 1: 02-14 is a 调休 Saturday
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    # 2026-02-14 + 1: 02-15..02-23 holiday, 02-24 Tue
    assert add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_plain_weekend():
    assert add_workdays(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Fri → Mon
    assert workdays_between(D(2026, 11, 20), D(2026, 11, 27)) == 5


def test_year_past_chinese_calendar_falls_back_to_weekdays_plus_overrides():
    # 2027-01-01 is a Friday; without overrides it counts as a working day
    assert add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 1)
    WorkdayOverride.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    WorkdayOverride.objects.create(date=D(2027, 1, 2), is_workday=True, note="调休")
    assert add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 2)
    assert add_workdays(D(2026, 12, 31), 2) == D(2027, 1, 4)


def test_override_wins_over_chinese_calendar():
    WorkdayOverride.objects.create(date=D(2026, 11, 23), is_workday=False, note="临时停工")
    assert add_workdays(D(2026, 11, 20), 1) == D(2026, 11, 24)


def test_platform_admins_are_told_once_when_next_years_holidays_are_missing():
    groups = roles.ensure_platform_groups()
    admin = UserFactory(username="ops", groups=[groups[roles.LEVEL1]])
    outsider = UserFactory(username="someone")
    assert missing_schedule_years(D(2026, 12, 1)) == [2027]
    assert warn_missing_schedule(D(2026, 12, 1)) == [2027]
    warn_missing_schedule(D(2026, 12, 1))
    assert Message.objects.filter(recipient=admin, title__contains="2027").count() == 1
    assert not Message.objects.filter(recipient=outsider).exists()
    WorkdayOverride.objects.create(date=D(2027, 2, 10), is_workday=False, note="春节")
    assert missing_schedule_years(D(2026, 12, 1)) == []
