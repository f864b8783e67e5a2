"""Application statistics (F-STAT-1..6, 9, 14): every figure is an aggregate over the applications submitted in
the period (the period's cohort), optionally narrowed to one institution. For a calendar month, quarter or year
it is read from the figures the marketplace keeps per period (finance_market.figures, through
``queries.stored_figures``: exact and up to date with every write); for a range of days, and the daily trend,
it is one aggregate query.

Definitions (DESIGN §13): success = signed. 申请企业 = distinct enterprises with an application in the
period; 签约 = applications of the period that were signed (whatever followed: 已放款, 已结清 and 未放款 were
signed first), their amount is the credit granted (授信额度, the amount applied for when none was recorded);
success rate per application = signed / applications, per enterprise = enterprises with a signing / applying
enterprises; 平均授信额度 = 签约金额 / 签约笔数.

放款 is counted separately, by the day the money was paid out (finance_market.queries.disbursement_totals and
the functions beside it): 放款金额, 平均放款金额, 获贷天数, 首贷占比, per bank, product, industry and 镇街.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.params import int_param
from finance_market import queries as market
from finance_market.choices import ApplicationStatus
from members.models import FinancialInstitution, Industry, Region
from reports.periods import local_zone, trend_steps
from reports.tables import Column, Table, ratio

REFUSED = ApplicationStatus.REFUSED
IS_SIGNED = market.IS_SIGNED  # a signing stays one after 放款, 结清 or 未放款
# 注册资本 buckets (F-STAT-11): < 100万, 100–500万, 500–1000万, > 1000万 (yuan)
CAPITAL_BUCKETS = market.CAPITAL_BUCKETS
UNKNOWN = market.UNKNOWN
metrics = market.application_metrics  # the aggregates of the application figures (all, or those named)
EMPTY = {"applications": 0, "enterprises": 0, "amount": Decimal("0"), "signed": 0, "signed_enterprises": 0,
         "signed_amount": Decimal("0"), "refused": 0}


def _with_rates(row):
    row["success_rate"] = ratio(row["signed"], row["applications"])
    row["enterprise_success_rate"] = ratio(row["signed_enterprises"], row["enterprises"])
    row["avg_credit"] = row["signed_amount"] / row["signed"] if row["signed"] else None
    return row


# dimension → (title, group key expression, name expression or None). The drill-down filters on the very same
# key expression, so the list behind a number is exactly what the number counted.
DIMENSIONS = {name: (title, *market.APPLICATION_DIMENSIONS[name]) for name, title in (
    ("industry", _("按行业")), ("institution", _("按金融机构")), ("product", _("按贷款产品")), ("region", _("按镇街")),
    ("capital", _("按注册资本")))}
DIMENSION_NAME_COLUMN = {"industry": _("行业门类"), "institution": _("金融机构"), "product": _("贷款产品"),
                         "region": _("镇街"), "capital": _("注册资本")}


def applications(period=None, institution=None):
    """The applications a report counts: submitted in ``period``, of ``institution`` when given."""
    if period is None:
        return market.submitted_applications(institution=institution)
    return market.submitted_applications(period.start, period.end, institution)


def stored(period, institution=None):
    """The figures kept for a month, quarter or year (finance_market.figures), None for a range of days."""
    if period.kind not in market.STORED_PERIODS:
        return None
    return market.stored_figures(period.kind, period.first_day, institution)


def _names(dimension, keys):
    """{key: name} of a breakdown's rows, as the live query names them (an industry key is its 门类's id)."""
    ids = [key for key in keys if isinstance(key, int)]
    if dimension == "product":
        return market.product_titles(ids)
    model = {"industry": Industry, "institution": FinancialInstitution, "region": Region}[dimension]
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


def _stored_key(dimension, key):
    if dimension == "capital":
        return key
    return None if key == UNKNOWN else int(key)


def totals(period, institution=None, figures=None):
    """The summary figures of the period (the kept row of a month, quarter or year; a live query otherwise)."""
    figures = stored(period, institution) if figures is None else figures
    if figures is None:
        row = applications(period, institution).aggregate(**metrics())
    else:
        row = {name: figures.get(("all", ""), EMPTY)[name] for name in EMPTY}
    return _with_rates(row)


def breakdown(dimension, period, institution=None, figures=None):
    _title, key_expr, name_expr = DIMENSIONS[dimension]
    figures = stored(period, institution) if figures is None else figures
    if figures is None or (dimension == "institution" and institution is not None):
        annotations = metrics()
        if name_expr is not None:
            annotations["name"] = Max(name_expr)
        rows = list(
            applications(period, institution).annotate(dim_key=key_expr).order_by().values("dim_key")
            .annotate(**annotations)
        )
    else:
        rows = [{"dim_key": _stored_key(dimension, key), **{name: row[name] for name in EMPTY}}
                for (kept, key), row in figures.items() if kept == dimension]
        if dimension != "capital":
            names = _names(dimension, [row["dim_key"] for row in rows])
            for row in rows:
                row["name"] = names.get(row["dim_key"])
    if dimension == "capital":
        labels = {key: str(label) for key, label, *_ in CAPITAL_BUCKETS}
        order = [key for key, *_ in CAPITAL_BUCKETS] + [UNKNOWN]
        for row in rows:
            row["name"] = labels.get(row["dim_key"], str(_("未填写")))
        rows.sort(key=lambda r: order.index(r["dim_key"]))
    else:
        for row in rows:
            if row["dim_key"] is None:
                row["dim_key"], row["name"] = UNKNOWN, str(_("未填写"))
        rows.sort(key=lambda r: (-r["applications"], str(r["name"])))
    return [_with_rates(row) for row in rows]


def refusal_reasons(period, institution=None, figures=None):
    figures = stored(period, institution) if figures is None else figures
    if figures is None:
        rows = list(
            applications(period, institution).filter(status=REFUSED).order_by().values("refusal_reason_id")
            .annotate(name=Max("refusal_reason__name"), count=Count("status"))
        )
    else:
        rows = [{"refusal_reason_id": None if key == UNKNOWN else int(key), "count": row["applications"]}
                for (kept, key), row in figures.items() if kept == "reason"]
        names = market.refusal_reason_names(row["refusal_reason_id"] for row in rows if row["refusal_reason_id"])
        for row in rows:
            row["name"] = names.get(row["refusal_reason_id"])
    total = sum(row["count"] for row in rows)
    for row in rows:
        row["dim_key"] = row.pop("refusal_reason_id") or UNKNOWN
        row["name"] = row["name"] or str(_("未选择原因"))
        row["share"] = ratio(row["count"], total)
    rows.sort(key=lambda r: (-r["count"], r["name"]))
    return rows


def per_bucket(queryset, field, daily, **annotations):
    """{day (or first day of the month): row} of ``annotations`` over ``queryset``, grouped by the local
    (Asia/Shanghai) day or month of the datetime ``field``: one grouped query."""
    trunc = (TruncDate if daily else TruncMonth)(field, tzinfo=local_zone())
    found = {}
    for row in queryset.annotate(bucket=trunc).order_by("bucket").values("bucket").annotate(**annotations):
        bucket = row["bucket"]
        found[bucket.date() if isinstance(bucket, dt.datetime) else bucket] = row
    return found


def trend(period, institution=None):
    """Applications and signings per day (periods up to 62 days) or per month, empty days/months included; the
    months of a quarter or a year are the kept monthly figures."""
    daily = period.days <= 62
    if not daily and period.kind in market.STORED_PERIODS:
        months = [day for day, _name in trend_steps(period, daily)]
        found = {day: {"bucket": day, **{name: row[name] for name in EMPTY}}
                 for day, row in market.stored_monthly_figures(months, institution).items()}
    else:
        found = per_bucket(applications(period, institution), "submitted_at", daily, **metrics())
    empty = {**EMPTY, "avg_credit": None}
    rows = []
    for day, name in trend_steps(period, daily):
        row = found.get(day, {**empty, "bucket": day})
        row["name"] = name
        rows.append(row)
    return rows


def notices(period, institution=None):
    """反馈通知书 generated in the period: how many, reported, overdue (flagged, reported late or unreported
    past the due date)."""
    return market.notice_figures(period.start, period.end, institution)


def urges(period, institution=None):
    return market.urge_figures(period.start, period.end, institution)


# --- the tables of the application report ---------------------------------------------------------------

def _metric_columns():
    return [
        Column("applications", _("申请笔数"), drill={}),
        Column("enterprises", _("申请企业数"), drill={}),
        Column("amount", _("申请金额（万元）"), "wan"),
        Column("signed", _("签约笔数"), drill={"outcome": "signed"}),
        Column("signed_enterprises", _("签约企业数"), drill={"outcome": "signed"}),
        Column("signed_amount", _("签约金额（万元）"), "wan"),
        Column("avg_credit", _("平均授信额度（万元）"), "wan"),
        Column("success_rate", _("申请成功率"), "rate"),
        Column("enterprise_success_rate", _("企业成功率"), "rate"),
        Column("refused", _("拒绝笔数"), drill={"outcome": "refused"}),
    ]


def _disbursement_columns(name_label):
    return [
        Column("name", name_label, "text"),
        Column("disbursed_amount", _("放款金额（万元）"), "wan"),
        Column("disbursements", _("放款次数")),
        Column("disbursed_applications", _("放款笔数")),
        Column("disbursed_enterprises", _("放款企业数")),
        Column("mean_disbursed", _("平均放款金额（万元）"), "wan"),
        Column("mean_days", _("获贷天数（平均）")),
        Column("first_loans", _("首贷笔数")),
        Column("first_loan_share", _("首贷占比"), "rate"),
    ]


DISBURSEMENT_TABLES = {  # dimension: (key, title, name column)
    "institution": ("disbursed_institution", _("按金融机构放款"), _("金融机构")),
    "product": ("disbursed_product", _("按贷款产品放款"), _("贷款产品")),
    "industry": ("disbursed_industry", _("按行业放款"), _("行业门类")),
    "region": ("disbursed_region", _("按镇街放款"), _("镇街")),
}


def report_day(period, today=None):
    """The 当日 of a report: the period's last day, or today while the period runs."""
    return min(period.last_day, today or timezone.localdate())


def disbursement_tables(period, institution=None, summary=None):
    """The 放款 tables of the application report: the summary beside 平均授信额度, per bank, product, industry
    and 镇街, the products' 当日 and 累计, and the top five banks and products by amount."""
    summary = summary or totals(period, institution)
    figures = market.disbursement_totals(period.start, period.end, institution)
    day = report_day(period)
    tables = [Table(
        "disbursed", _("放款汇总"), _disbursement_columns(_("统计周期")) + [
            Column("avg_credit", _("平均授信额度（万元）"), "wan")],
        [{"name": period.label, **figures, "avg_credit": summary["avg_credit"]}],
        note=_("放款按放款日期统计；放款笔数为有放款的申请数（部分放款多次计为一笔）；获贷天数为从提交申请到首笔放款的"
               "自然日平均；首贷指企业在平台上的第一笔放款；平均授信额度按本期提交并签约的申请计算。"))]
    breakdowns = {}
    for dimension, (key, title, name_label) in DISBURSEMENT_TABLES.items():
        if dimension == "institution" and institution is not None:
            continue
        breakdowns[dimension] = market.disbursement_breakdown(dimension, period.start, period.end, institution)
        tables.append(Table(key, title, _disbursement_columns(name_label), breakdowns[dimension],
                            chart={"type": "bar", "label": "name", "values": ["disbursed_amount"]}))
    tables.append(Table(
        "disbursed_product_day", _("贷款产品放款（当日与累计）"), [
            Column("name", _("贷款产品"), "text"), Column("institution", _("金融机构"), "text"),
            Column("day_disbursements", _("当日放款次数")), Column("day_amount", _("当日放款金额（万元）"), "wan"),
            Column("total_disbursements", _("累计放款次数")), Column("total_amount", _("累计放款金额（万元）"), "wan"),
        ], market.product_day_and_cumulative(day, institution),
        note=_("当日为 %(day)s；累计为截至当日的全部放款。") % {"day": f"{day:%Y-%m-%d}"}))
    for dimension, key, title, name_label in (
            ("institution", "top_institutions", _("放款金额前五的金融机构"), _("金融机构")),
            ("product", "top_products", _("放款金额前五的贷款产品"), _("贷款产品"))):
        if dimension == "institution" and institution is not None:
            continue
        tables.append(Table(key, title, [Column("name", name_label, "text"),
                                         Column("disbursed_amount", _("放款金额（万元）"), "wan"),
                                         Column("disbursed_applications", _("放款笔数"))],
                            breakdowns[dimension][:5],  # the breakdown is sorted by amount (disbursement_top)
                            chart={"type": "bar", "label": "name", "values": ["disbursed_amount"]}))
    return tables


def application_tables(period, institution=None):
    """All tables of the application report for ``period`` (what the admin page shows and exports)."""
    figures = stored(period, institution)
    summary = totals(period, institution, figures)
    notice_figures = notices(period, institution)
    urge_figures = urges(period, institution)
    summary_row = {"name": period.label, "dim_key": "all", **summary, **notice_figures, **urge_figures}
    tables = [
        Table("summary", _("申请与签约汇总"), [Column("name", _("统计周期"), "text")] + _metric_columns() + [
            Column("generated", _("反馈通知书")),
            Column("overdue", _("逾期反馈通知书"), drill={"set": "overdue_notice"}),
            Column("urges", _("催办次数")), Column("urged_applications", _("被催办申请"), drill={"set": "urged"}),
        ], [summary_row], drill="all"),
        Table("trend", _("申请趋势"), [Column("name", _("日期"), "text")] + _metric_columns()[:6],
              trend(period, institution),
              chart={"type": "line", "label": "name", "values": ["applications", "signed"]}),
        Table("refusals", _("拒绝原因分析"), [
            Column("name", _("拒绝原因"), "text"), Column("count", _("笔数"), drill={"outcome": "refused"}),
            Column("share", _("占比"), "rate"),
        ], refusal_reasons(period, institution, figures), chart={"type": "pie", "label": "name", "values": ["count"]},
            drill="reason"),
    ]
    for dimension, (title, *_rest) in DIMENSIONS.items():
        if dimension == "institution" and institution is not None:
            continue  # an institution's own report: one row, itself
        tables.append(Table(
            dimension, title, [Column("name", DIMENSION_NAME_COLUMN[dimension], "text")] + _metric_columns(),
            breakdown(dimension, period, institution, figures),
            chart={"type": "bar", "label": "name", "values": ["applications", "signed"]}, drill=dimension,
        ))
    return tables + disbursement_tables(period, institution, summary)


DIMENSION_FIELDS = {"industry": "enterprise__industry", "institution": "institution", "product": "product",
                    "region": "enterprise__region"}


def dimension_q(dimension, key):
    """The filter for one row of a breakdown: the same rows as the group key expression selects, written as
    plain column conditions (an industry's divisions listed, capital as a range) so the planner estimates them
    well at a million applications."""
    if dimension == "capital":
        return market.capital_q(key)
    field = DIMENSION_FIELDS[dimension]
    if key == UNKNOWN:
        return Q(**{f"{field}__isnull": True})
    pk = int_param(key)
    if pk is None:
        return Q(pk__in=[])
    if dimension == "industry":
        ids = list(Industry.objects.filter(Q(section_id=pk) | Q(pk=pk, section__isnull=True))
                   .values_list("pk", flat=True))
        return Q(enterprise__industry_id__in=ids)
    return Q(**{f"{field}_id": pk})


def drilldown(period, institution=None, dimension=None, key=None, outcome=None, subset=None):
    """The applications behind a number of the report (same filters as the aggregate that produced it)."""
    qs = applications(None if subset in ("urged", "overdue_notice") else period, institution)
    if subset == "urged":
        qs = market.urged_between(qs, period.start, period.end)
    elif subset == "overdue_notice":
        qs = market.with_overdue_notice(qs, period.start, period.end)
    if dimension == "reason":
        qs = qs.filter(status=REFUSED)
        if key == UNKNOWN:
            qs = qs.filter(refusal_reason__isnull=True)
        else:
            reason = int_param(key)
            qs = qs.filter(refusal_reason_id=reason) if reason is not None else qs.none()
    elif dimension in DIMENSIONS and key not in (None, ""):
        qs = qs.filter(dimension_q(dimension, key))
    if outcome == "signed":
        qs = qs.filter(IS_SIGNED)
    elif outcome == "refused":
        qs = qs.filter(status=REFUSED)
    return qs.select_related("enterprise", "institution").order_by("-submitted_at", "-pk")
