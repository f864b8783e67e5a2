"""运营概览 (F-STAT-10): the panel on the Wagtail admin dashboard of the people who may see 用户统计.

Today's and cumulative registrations and applications, the last 30 days day by day, applications by status and
by source, registrations by source. The definitions are the reports' own (docs/statistics.md): a registration is
an ``Enterprise`` row dated by ``created_at``; the applications of a day are those submitted in it and 签约 those
of them whose status is signed, so a figure here equals the one 用户统计 / 贷款申请统计 show for the same days.

Cost: eight aggregate queries whatever the number of rows, and the result is cached for five minutes under a key
holding the local date (a new day starts with fresh figures) and the language (the rows carry their labels).
"""

import datetime as dt

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from finance_market import queries as market
from finance_market.choices import ApplicationSource, ApplicationStatus
from reports import periods, reports, user_report
from reports.tables import Column, Table

CACHE_SECONDS = 5 * 60
TREND_DAYS = 30
APPLICATION_FIGURES = ("applications", "amount", "signed")


def cache_key(today):
    return f"portal:statistics:ops-overview:{translation.get_language()}:{today.isoformat()}"


def _by_choice(queryset, field, choices):
    """{label, count} for every choice in its order (zeros included): one grouped query."""
    found = dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))
    return [{"dim_key": value, "name": str(label), "count": found.get(value, 0)} for value, label in choices]


def compute(today):
    """Every figure of the panel for the local day ``today``, as plain data."""
    day = periods.date_range(today, today)
    up_to_today = user_report.cumulative(day)
    last_days = periods.date_range(today - dt.timedelta(days=TREND_DAYS - 1), today)
    wanted = reports.metrics(*APPLICATION_FIGURES)

    enterprises = user_report.enterprise_figures(day)  # today's and cumulative registrations: one query
    applied_today = reports.applications(day).aggregate(**wanted)
    applied_total = reports.applications(up_to_today).aggregate(**wanted)
    disbursed = market.disbursed_on_and_up_to(today)
    applied_today["disbursed_amount"], applied_total["disbursed_amount"] = disbursed["day"], disbursed["total"]

    registered = reports.per_bucket(user_report.registrations(last_days), "created_at", True, n=Count("pk"))
    applied = reports.per_bucket(reports.applications(last_days), "submitted_at", True, n=Count("status"))
    trend = [
        {
            "name": name,
            "registered": registered.get(bucket, {}).get("n", 0),
            "applications": applied.get(bucket, {}).get("n", 0),
        }
        for bucket, name in periods.trend_steps(last_days, True)
    ]
    everything = reports.applications(up_to_today)
    return {
        "today": today,
        "computed_at": timezone.localtime(),
        "summary": [
            {"name": str(_("今日")), "registered": enterprises["registered"], **applied_today},
            {"name": str(_("累计")), "registered": enterprises["registered_total"], **applied_total},
        ],
        "trend": trend,
        "statuses": _by_choice(everything, "status", ApplicationStatus.choices),
        "application_sources": _by_choice(everything, "source", ApplicationSource.choices),
        "registration_sources": user_report.sources(up_to_today),
        "first_day": last_days.first_day,
    }


def figures(today=None):
    """The panel's figures for ``today`` (the local date by default), from the cache when computed in the last
    five minutes."""
    today = today or timezone.localdate()
    key = cache_key(today)
    found = cache.get(key)
    if found is None:
        found = compute(today)
        cache.set(key, found, CACHE_SECONDS)
    return found


def tables(found):
    """The panel's tables: the figures as text (each chart's numbers are also its table's rows)."""
    pie = {"type": "pie", "label": "name", "values": ["count"]}
    return [
        Table(
            "ops_summary",
            _("今日与累计"),
            [
                Column("name", _("统计范围"), "text"),
                Column("registered", _("注册企业")),
                Column("applications", _("申请笔数")),
                Column("amount", _("申请金额（万元）"), "wan"),
                Column("signed", _("签约笔数")),
                Column("disbursed_amount", _("放款金额（万元）"), "wan"),
            ],
            found["summary"],
            note=_("今日为北京时间零点起；申请按提交时间统计，签约为其中已签约的申请（含其后已放款、已结清、未放款的）；"
                   "放款按放款日期统计。"),
        ),
        Table(
            "ops_trend",
            _("近30天每日注册与申请"),
            [
                Column("name", _("日期"), "text"),
                Column("registered", _("注册企业")),
                Column("applications", _("申请笔数")),
            ],
            found["trend"],
            chart={"type": "bar", "label": "name", "values": ["registered", "applications"]},
        ),
        Table(
            "ops_statuses",
            _("申请状态分布"),
            [
                Column("name", _("当前状态"), "text"),
                Column("count", _("申请笔数")),
            ],
            found["statuses"],
            chart=pie,
        ),
        Table(
            "ops_application_sources",
            _("申请来源"),
            [
                Column("name", _("申请来源"), "text"),
                Column("count", _("申请笔数")),
            ],
            found["application_sources"],
            chart=pie,
        ),
        Table(
            "ops_registration_sources",
            _("注册来源"),
            [
                Column("name", _("注册来源"), "text"),
                Column("registered", _("注册企业")),
                Column("share", _("占比"), "rate"),
            ],
            found["registration_sources"],
            chart={"type": "pie", "label": "name", "values": ["registered"]},
        ),
    ]
