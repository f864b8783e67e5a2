"""User statistics (F-STAT-13, F-STAT-16): enterprise registrations, certifications, applying and approved
enterprises over a period and cumulatively up to its end, how often the applying enterprises applied, the daily
or monthly trend, and new registrations per 园区, per 镇街 and per industry (门类).

Definitions (docs/statistics.md): a registration is an enterprise account's ``Enterprise`` row, dated by its
``created_at`` (注册时间, written with the account by ``members.services.register_enterprise``); a
certification is an enterprise whose status is certified, dated by ``certified_at`` (a rejection clears it);
申请企业 and 获批企业 are the report's own (``reports.metrics``: distinct enterprises among the applications
submitted in the period, and among those of them that are signed). Every figure is an aggregate query: the
number of queries does not depend on the number of enterprises.
"""

import datetime as dt

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from members.models import CertificationStatus, Enterprise, Park, Region, RegistrationSource
from reports import periods, reports
from reports.tables import Column, Table, ratio

CERTIFIED = CertificationStatus.CERTIFIED
# The platform opened long after this; "cumulative" means everything before the period's end.
EARLIEST = dt.date(2000, 1, 1)
DAILY_TREND_DAYS = 31  # F-STAT-13: a week or a month day by day, longer periods month by month
# 进件次数: how many applications an applying enterprise submitted in the period (key, label, low, high).
APPLICATION_COUNT_BUCKETS = [
    ("once", _("1次"), 1, 1),
    ("twice", _("2次"), 2, 2),
    ("thrice", _("3次"), 3, 3),
    ("more", _("3次以上"), 4, None),
]


def cumulative(period):
    """Everything up to the end of ``period``."""
    return periods.date_range(EARLIEST, period.last_day)


def _within(field, period):
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _registered(period, prefix=""):
    return _within(f"{prefix}created_at", period)


def registrations(period):
    """The enterprises registered in ``period``."""
    return Enterprise.objects.filter(_registered(period))


def _certified(period, prefix=""):
    return Q(**{f"{prefix}status": CERTIFIED}) & _within(f"{prefix}certified_at", period)


def _enterprise_counts(period, total, count="pk", prefix=""):
    """Aggregates over ``count`` (enterprises, reached through ``prefix``): registrations and certifications in
    ``period``, registrations up to the end of ``total``."""
    return {
        "registered": Count(count, filter=_registered(period, prefix)),
        "certified": Count(count, filter=_certified(period, prefix)),
        "registered_total": Count(count, filter=_registered(total, prefix)),
    }


def enterprise_figures(period):
    """Registrations and certifications in ``period`` and up to its end: one query."""
    total = cumulative(period)
    return Enterprise.objects.aggregate(
        **_enterprise_counts(period, total), certified_total=Count("pk", filter=_certified(total))
    )


def application_figures(period):
    """申请企业 and 获批企业 with the application report's definitions (one query per span)."""
    return reports.applications(period).aggregate(**reports.metrics("enterprises", "signed_enterprises"))


def summary(period):
    """Two rows: the period's figures and the cumulative ones up to its end."""
    figures = enterprise_figures(period)
    in_period = application_figures(period)
    up_to_end = application_figures(cumulative(period))
    return [
        {
            "name": period.label,
            "registered": figures["registered"],
            "certified": figures["certified"],
            "applying": in_period["enterprises"],
            "approved": in_period["signed_enterprises"],
        },
        {
            "name": str(_("截至%(day)s累计") % {"day": f"{period.last_day:%Y-%m-%d}"}),
            "registered": figures["registered_total"],
            "certified": figures["certified_total"],
            "applying": up_to_end["enterprises"],
            "approved": up_to_end["signed_enterprises"],
        },
    ]


def application_counts(period):
    """进件次数: of the enterprises that applied in ``period``, how many submitted 1, 2, 3 or more than 3
    applications in it, and their share. One query: the per-enterprise counts are a subquery."""
    per_enterprise = reports.applications(period).order_by().values("enterprise_id").annotate(n=Count("status"))
    buckets = {}
    for key, _label, low, high in APPLICATION_COUNT_BUCKETS:
        condition = Q(n__gte=low) if high is None else Q(n__gte=low, n__lte=high)
        buckets[key] = Count("enterprise_id", filter=condition)
    counts = per_enterprise.aggregate(**buckets)
    total = sum(counts.values())
    return [
        {"dim_key": key, "name": str(label), "enterprises": counts[key], "share": ratio(counts[key], total)}
        for key, label, *_rest in APPLICATION_COUNT_BUCKETS
    ]


def sources(period):
    """注册来源 (PC端, 公众号, 管理员创建) of the period's registrations, with shares."""
    found = dict(
        registrations(period)
        .order_by()
        .values("account__registration_source")
        .annotate(n=Count("pk"))
        .values_list("account__registration_source", "n")
    )
    total = sum(found.values())
    return [
        {
            "dim_key": value,
            "name": str(label),
            "registered": found.get(value, 0),
            "share": ratio(found.get(value, 0), total),
        }
        for value, label in RegistrationSource.choices
        if found.get(value) or value != RegistrationSource.ADMIN
    ]


def trend(period):
    """Registrations, certifications and applications per day (periods up to 31 days) or per month."""
    daily = period.days <= DAILY_TREND_DAYS
    registered = reports.per_bucket(registrations(period), "created_at", daily, n=Count("pk"))
    certified = reports.per_bucket(Enterprise.objects.filter(_certified(period)), "certified_at", daily, n=Count("pk"))
    applied = reports.per_bucket(
        reports.applications(period),
        "submitted_at",
        daily,
        n=Count("status"),
        enterprises=Count("enterprise_id", distinct=True),
    )
    rows = []
    for day, name in periods.trend_steps(period, daily):
        rows.append(
            {
                "name": name,
                "registered": registered.get(day, {}).get("n", 0),
                "certified": certified.get(day, {}).get("n", 0),
                "applications": applied.get(day, {}).get("n", 0),
                "applying": applied.get(day, {}).get("enterprises", 0),
            }
        )
    return rows


def by_dictionary(model, field, period):
    """New registrations and certifications in ``period`` and registrations up to its end, per entry of a
    dictionary (园区 ``Park`` or 镇街 ``Region``, in its own order, entries with none included), plus
    未填写 for enterprises without one when there are any. Two queries."""
    total = cumulative(period)
    figures = _enterprise_counts(period, total, "enterprises", "enterprises__")
    rows = [
        {"dim_key": row.pop("pk"), **row}
        for row in model.objects.order_by("sort_order", "name").values("pk", "name").annotate(**figures)
    ]
    unknown = Enterprise.objects.filter(**{f"{field}__isnull": True}).aggregate(**_enterprise_counts(period, total))
    if any(unknown.values()):
        rows.append({"dim_key": reports.UNKNOWN, "name": str(_("未填写")), **unknown})
    registered = sum(row["registered"] for row in rows)
    for row in rows:
        row["share"] = ratio(row["registered"], registered)
    return rows


def by_industry(period):
    """New registrations and certifications in ``period`` and registrations up to its end per industry 门类
    (an enterprise in a 大类 counts under its 门类; the same grouping as the application report's 按行业), most
    registrations first, 未填写 last when there are any. One grouped query."""
    total = cumulative(period)
    rows = list(Enterprise.objects.annotate(
        dim_key=Coalesce("industry__section_id", "industry_id"),
        section_name=Coalesce("industry__section__name", "industry__name"),
    ).order_by().values("dim_key").annotate(name=Max("section_name"), **_enterprise_counts(period, total)))
    rows = [row for row in rows if any(row[key] for key in ("registered", "certified", "registered_total"))]
    for row in rows:
        if row["dim_key"] is None:
            row["dim_key"], row["name"] = reports.UNKNOWN, str(_("未填写"))
    rows.sort(key=lambda r: (r["dim_key"] == reports.UNKNOWN, -r["registered"], -r["registered_total"],
                             str(r["name"])))
    registered = sum(row["registered"] for row in rows)
    for row in rows:
        row["share"] = ratio(row["registered"], registered)
    return rows


def _dictionary_columns(name_label):
    return [
        Column("name", name_label, "text"),
        Column("registered", _("新注册企业")),
        Column("share", _("新注册占比"), "rate"),
        Column("certified", _("新认证企业")),
        Column("registered_total", _("累计注册企业")),
    ]


# The tables of F-STAT-16 (下载企业分析数据 exports just these).
ENTERPRISE_ANALYSIS = ("parks", "regions", "industries")


def user_tables(period):
    """All tables of the 用户统计 page for ``period`` (what the page shows and the Excel file holds)."""
    daily = period.days <= DAILY_TREND_DAYS
    return [
        Table(
            "summary",
            _("用户汇总"),
            [
                Column("name", _("统计范围"), "text"),
                Column("registered", _("注册用户")),
                Column("certified", _("认证企业")),
                Column("applying", _("申请企业")),
                Column("approved", _("获批企业")),
            ],
            summary(period),
            note=_(
                "注册用户为企业账号；认证企业按认证时间统计；申请企业、获批企业按申请的提交时间统计，获批即已签约。"
            ),
        ),
        Table(
            "application_counts",
            _("进件次数分布"),
            [
                Column("name", _("进件次数"), "text"),
                Column("enterprises", _("企业数")),
                Column("share", _("占比"), "rate"),
            ],
            application_counts(period),
            chart={"type": "pie", "label": "name", "values": ["enterprises"]},
            note=_("本期提交过申请的企业，按其本期提交的申请笔数分组。"),
        ),
        Table(
            "trend",
            _("每日注册、认证与申请") if daily else _("每月注册、认证与申请"),
            [
                Column("name", _("日期") if daily else _("月份"), "text"),
                Column("registered", _("注册用户")),
                Column("certified", _("认证企业")),
                Column("applications", _("申请笔数")),
                Column("applying", _("申请企业数")),
            ],
            trend(period),
            chart={"type": "bar", "label": "name", "values": ["registered", "certified", "applications"]},
        ),
        Table(
            "sources",
            _("注册来源"),
            [
                Column("name", _("注册来源"), "text"),
                Column("registered", _("注册用户")),
                Column("share", _("占比"), "rate"),
            ],
            sources(period),
            chart={"type": "pie", "label": "name", "values": ["registered"]},
        ),
        Table(
            "parks",
            _("按园区新注册企业"),
            _dictionary_columns(_("园区")),
            by_dictionary(Park, "park", period),
            chart={"type": "bar", "label": "name", "values": ["registered", "certified"]},
        ),
        Table(
            "regions",
            _("按镇街新注册企业"),
            _dictionary_columns(_("镇街")),
            by_dictionary(Region, "region", period),
            chart={"type": "bar", "label": "name", "values": ["registered", "certified"]},
        ),
        Table(
            "industries",
            _("按行业新注册企业"),
            _dictionary_columns(_("行业门类")),
            by_industry(period),
            chart={"type": "bar", "label": "name", "values": ["registered", "certified"]},
        ),
    ]
