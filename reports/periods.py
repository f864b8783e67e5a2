"""Report periods: a month, a quarter, a year or any range of days, with boundaries in Asia/Shanghai.

A period is the half-open interval [start, end) of aware datetimes at local midnight, so an
application at 2026-03-31 23:30 (Shanghai) is in March and Q1, one at 2026-04-01 00:10 in April and Q2,
whatever the database's own time zone.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("month", "quarter", "year", "range")


def local_zone():
    return ZoneInfo(settings.TIME_ZONE)


def local_midnight(day):
    return dt.datetime(day.year, day.month, day.day, tzinfo=local_zone())


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: dt.date
    last_day: dt.date  # inclusive
    label: str

    @property
    def start(self):
        return local_midnight(self.first_day)

    @property
    def end(self):
        return local_midnight(self.last_day + dt.timedelta(days=1))

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1

    def query(self):
        """The GET parameters that select this period again (for links and drill-down)."""
        if self.kind == "month":
            return {"period": "month", "year": self.first_day.year, "month": self.first_day.month}
        if self.kind == "quarter":
            return {"period": "quarter", "year": self.first_day.year, "quarter": (self.first_day.month - 1) // 3 + 1}
        if self.kind == "year":
            return {"period": "year", "year": self.first_day.year}
        return {"period": "range", "from": self.first_day.isoformat(), "to": self.last_day.isoformat()}


def trend_steps(period, daily):
    """The buckets of a trend over ``period``: each day, or the first day of each month, empty ones included,
    with the label a chart shows ("03-31" or "2026-03")."""
    day = period.first_day if daily else period.first_day.replace(day=1)
    while day <= period.last_day:
        yield day, (f"{day:%m-%d}" if daily else f"{day:%Y-%m}")
        day = day + dt.timedelta(days=1) if daily else (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month(year, month_no):
    first = dt.date(year, month_no, 1)
    nxt = dt.date(year + month_no // 12, month_no % 12 + 1, 1)
    return Period("month", first, nxt - dt.timedelta(days=1), _("%(year)s年%(month)s月") % {"year": year,
                                                                                          "month": month_no})


def quarter(year, quarter_no):
    first = dt.date(year, 3 * quarter_no - 2, 1)
    last_month = month(year, 3 * quarter_no)
    return Period("quarter", first, last_month.last_day, _("%(year)s年第%(q)s季度") % {"year": year, "q": quarter_no})


def year(year_no):
    return Period("year", dt.date(year_no, 1, 1), dt.date(year_no, 12, 31), _("%s年") % year_no)


def date_range(first, last):
    return Period("range", first, last, f"{first:%Y-%m-%d} ~ {last:%Y-%m-%d}")


class PeriodError(ValueError):
    pass


def _int(params, name, low, high):
    label = {"year": _("年份"), "month": _("月份"), "quarter": _("季度")}[name]
    try:
        value = int(params.get(name, ""))
    except (TypeError, ValueError):
        raise PeriodError(_("请选择有效的%s。") % label) from None
    if not low <= value <= high:
        raise PeriodError(_("%(name)s应在%(low)s到%(high)s之间。") % {"name": label, "low": low, "high": high})
    return value


def _date(params, name):
    try:
        return dt.date.fromisoformat(params.get(name, ""))
    except (TypeError, ValueError):
        raise PeriodError(_("日期格式应为 年-月-日，如 2026-03-31。")) from None


def from_params(params, today=None):
    """The period the GET parameters ask for; the current month when none is given.
    Raises PeriodError with a Chinese message when they are malformed."""
    today = today or timezone.localdate()
    kind = params.get("period") or "month"
    if kind not in KINDS:
        raise PeriodError(_("未知的统计周期。"))
    if kind == "range":
        first, last = _date(params, "from"), _date(params, "to")
        if last < first:
            raise PeriodError(_("结束日期不能早于开始日期。"))
        if (last - first).days > 366 * 10:
            raise PeriodError(_("统计区间不能超过十年。"))
        return date_range(first, last)
    year_no = _int(params, "year", 2000, 2100) if params.get("year") else today.year
    if kind == "year":
        return year(year_no)
    if kind == "quarter":
        q = _int(params, "quarter", 1, 4) if params.get("quarter") else (today.month - 1) // 3 + 1
        return quarter(year_no, q)
    m = _int(params, "month", 1, 12) if params.get("month") else today.month
    return month(year_no, m)
