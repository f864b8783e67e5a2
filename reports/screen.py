"""数据大屏 (F-STAT-11): the public full-screen display at /data/screen/ for a lobby or a leader's office.

The figures are part of the public statistics snapshot (``overview.refresh_overview``, a django-q2 schedule every
10 minutes): ``compute`` runs inside it, so neither the screen nor its JSON endpoint does an aggregate query.
``present`` turns the stored figures into what people read (labels through gettext at read time, amounts in 万元
or 亿元, bar lengths), the same for the HTML page and the JSON its script polls.

Definitions (docs/statistics.md): a registration is an ``Enterprise`` row dated by ``created_at``; the day's
applications are those submitted since local midnight (Asia/Shanghai); the day's 签约 are the applications signed
since local midnight (by decision time, whenever submitted), 签约金额 the credit granted (the amount applied for
when none was recorded); cumulative figures are every application. Banks' response times are over the
applications submitted in the last 365 days. Nothing identifies an enterprise: the ticker names its industry
section only, read from ``finance_market.queries.latest_signings``, which never selects a name.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import WAN, yuan_to_wan
from finance_market import queries as market
from finance_market.choices import ProductType
from reports import periods, reports, user_report

RESPONSE_DAYS = 365
TREND_DAYS = 30
REGIONS_SHOWN = 10
BANKS_SHOWN = 8
TICKER_SIZE = 12

# GB/T 4754 门类 → how the ticker names an enterprise of it ("某科技企业"), never by its own name
INDUSTRY_WORDS = {
    "A": gettext_lazy("某农业企业"), "B": gettext_lazy("某矿业企业"), "C": gettext_lazy("某制造企业"),
    "D": gettext_lazy("某能源企业"), "E": gettext_lazy("某建筑企业"), "F": gettext_lazy("某商贸企业"),
    "G": gettext_lazy("某物流企业"), "H": gettext_lazy("某餐饮企业"), "I": gettext_lazy("某科技企业"),
    "J": gettext_lazy("某金融服务企业"), "K": gettext_lazy("某房地产企业"), "L": gettext_lazy("某商务服务企业"),
    "M": gettext_lazy("某科研企业"), "N": gettext_lazy("某环保企业"), "O": gettext_lazy("某服务企业"),
    "P": gettext_lazy("某教育机构"), "Q": gettext_lazy("某医疗机构"), "R": gettext_lazy("某文化企业"),
}


def disbursed_amount(start=None, end=None):
    """放款金额 (yuan) of the disbursements made in [start, end) (all of them without bounds); None while the
    portal records no disbursement, which the screen shows as 「—」."""
    # 放款: wired to finance_market.queries when disbursements land
    return None


def compute(today, totals, regions):
    """The screen's figures for the local day ``today``, as plain data for the snapshot. ``totals`` and
    ``regions`` are the snapshot's all-time application totals and 镇街 breakdown (computed once for both
    the 数据概览 page and the screen)."""
    day = periods.date_range(today, today)
    enterprises = user_report.enterprise_figures(day)
    applied = reports.applications(day).aggregate(**reports.metrics("applications", "amount"))
    signed = market.signed_between(day.start, day.end).aggregate(**reports.metrics("signed", "signed_amount"))
    recent = periods.date_range(today - dt.timedelta(days=RESPONSE_DAYS - 1), today)
    last_days = periods.date_range(today - dt.timedelta(days=TREND_DAYS - 1), today)
    return {
        "date": today,
        "computed_at": timezone.now(),
        "today": {"registered": enterprises["registered"], **applied, **signed,
                  "disbursed_amount": disbursed_amount(day.start, day.end)},
        "total": {"registered": enterprises["registered_total"],
                  **{key: totals[key] for key in ("applications", "amount", "signed", "signed_amount",
                                                  "enterprises", "signed_enterprises")},
                  "disbursed_amount": disbursed_amount()},
        "regions": [{key: row[key] for key in ("name", "applications", "signed", "signed_amount")}
                    for row in regions if row["dim_key"] != reports.UNKNOWN],
        "banks": market.response_times(recent.start, recent.end),
        "trend": [{key: row[key] for key in ("name", "applications", "signed")} for row in reports.trend(last_days)],
        "ticker": market.latest_signings(TICKER_SIZE),
    }


# --- what people read ----------------------------------------------------------------------------------------

def _decimal(value):
    return Decimal(str(value)) if value not in (None, "") else None


def amount(yuan):
    """(number, unit) as the screen shows an amount: 万元 with two decimals, 亿元 from 1亿; ("—", "") unknown."""
    wan = yuan_to_wan(_decimal(yuan))
    if wan is None:
        return "—", ""
    if wan >= WAN:
        return f"{wan / WAN:,.2f}", _("亿元")
    return f"{wan:,.2f}", _("万元")


def short_amount(yuan):
    """(number, unit) without trailing zeros, as a sentence says it: 200万元, 1.5亿元."""
    wan = yuan_to_wan(_decimal(yuan))
    if wan >= WAN:
        return f"{(wan / WAN).quantize(Decimal('0.01')).normalize():f}", _("亿元")
    return f"{wan.quantize(Decimal('0.01')).normalize():f}", _("万元")


def count(value):
    return "—" if value is None else f"{value:,}"


def _share(part, whole):
    return 0 if not whole else round(float(100 * part / whole), 1)


def _card(key, label, unit, total, today):
    return {"key": key, "label": label, "unit": unit, "total": total, "today": today}


def cards(figures, today):
    total = figures["total"]
    signed_total, signed_unit = amount(total["signed_amount"])
    signed_today, signed_today_unit = amount(today["signed_amount"])
    paid_total, paid_unit = amount(total["disbursed_amount"])
    paid_today, paid_today_unit = amount(today["disbursed_amount"])
    return [
        _card("registered", _("注册企业"), _("家"), count(total["registered"]),
              {"value": count(today["registered"]), "unit": _("家")}),
        _card("applications", _("融资申请"), _("笔"), count(total["applications"]),
              {"value": count(today["applications"]), "unit": _("笔")}),
        _card("signed_amount", _("签约金额"), signed_unit, signed_total,
              {"value": signed_today, "unit": signed_today_unit}),
        _card("disbursed_amount", _("放款金额"), paid_unit, paid_total,
              {"value": paid_today, "unit": paid_today_unit}),
    ]


def _regions(rows):
    rows = sorted(rows, key=lambda r: (-_decimal(r["signed_amount"]), -r["applications"], r["name"]))[:REGIONS_SHOWN]
    top = max((_decimal(r["signed_amount"]) for r in rows), default=0)
    return [{"rank": rank, "name": r["name"], "applications": count(r["applications"]),
             "signed": count(r["signed"]), "amount": amount(r["signed_amount"]),
             "bar": _share(_decimal(r["signed_amount"]), top)} for rank, r in enumerate(rows, 1)]


def _banks(rows):
    rows = sorted((r for r in rows if r["accept_hours"] is not None),
                  key=lambda r: (r["accept_hours"], r["institution"]))[:BANKS_SHOWN]
    slowest = max((r["accept_hours"] for r in rows), default=0)
    return [{"rank": rank, "name": r["institution"], "hours": f"{r['accept_hours']:.1f}",
             "days": "—" if r["decide_days"] is None else f"{r['decide_days']:.1f}",
             "bar": max(_share(r["accept_hours"], slowest), 2)} for rank, r in enumerate(rows, 1)]


# the trend chart's drawing area (SVG user units; the chart scales with its box)
CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM, CHART_LEFT = 960, 320, 24, 282, 44


def _trend(rows):
    """Bars for the trend chart: two per day (applications, signings) with their geometry worked out here."""
    peak = max([r["applications"] for r in rows] + [r["signed"] for r in rows] + [1])
    scale = (CHART_BOTTOM - CHART_TOP) / peak
    step = (CHART_WIDTH - CHART_LEFT) / max(len(rows), 1)
    width = round(step * 0.36, 1)
    bars = []
    for index, row in enumerate(rows):
        x = CHART_LEFT + index * step + step * 0.12
        applied, signed = round(row["applications"] * scale, 1), round(row["signed"] * scale, 1)
        bars.append({
            "name": row["name"], "applications": row["applications"], "signed": row["signed"],
            "applied_x": round(x, 1), "applied_y": round(CHART_BOTTOM - applied, 1), "applied_h": applied,
            "signed_x": round(x + width, 1), "signed_y": round(CHART_BOTTOM - signed, 1), "signed_h": signed,
            "label_x": round(x + width, 1), "labelled": index % 5 == 0 or index == len(rows) - 1,
        })
    return {"bars": bars, "bar_width": width, "peak": peak, "peak_y": CHART_TOP,
            "applications": sum(r["applications"] for r in rows), "signed": sum(r["signed"] for r in rows)}


def _ticker(rows):
    lines = []
    for row in rows:
        who = INDUSTRY_WORDS.get(row.get("industry") or "", gettext_lazy("某企业"))
        number, unit = short_amount(row["signed_amount"])
        product = (ProductType(row["product_type"]).label if row.get("product_type") in ProductType.values
                   else _("贷款"))
        decided = parse_datetime(str(row["decided"]))
        when = f"{timezone.localtime(decided):%m-%d}" if decided else ""
        lines.append({"when": when, "text": _("%(who)s 获%(institution)s %(amount)s%(unit)s %(product)s") % {
            "who": who, "institution": row["institution_name"], "amount": number, "unit": unit,
            "product": product}})
    return lines


# ring of the 申请成功率 gauge (SVG user units)
RING_RADIUS = 52


def _ring(rate):
    import math

    circumference = round(2 * math.pi * RING_RADIUS, 2)
    filled = round(circumference * (rate or 0), 2)
    return {"radius": RING_RADIUS, "circumference": circumference, "filled": filled,
            "rest": round(circumference - filled, 2)}


def present(figures, day=None):
    """Everything the screen shows, as text and bar lengths (for the page and the JSON endpoint). Just after
    midnight, until the schedule has run, the snapshot's 今日 is yesterday: those figures show as 「—」."""
    total = figures["total"]
    day = day or timezone.localdate()
    today = figures["today"] if str(figures["date"]) == day.isoformat() else dict.fromkeys(figures["today"])
    rate = total["signed"] / total["applications"] if total["applications"] else None
    enterprise_rate = (total["signed_enterprises"] / total["enterprises"]) if total["enterprises"] else None
    computed = parse_datetime(str(figures["computed_at"]))
    return {
        "updated": f"{timezone.localtime(computed):%Y-%m-%d %H:%M}" if computed else "",
        "date": str(figures["date"]),
        "cards": cards(figures, today),
        "signed_count": {"total": count(total["signed"]), "today": count(today["signed"])},
        "applied_amount": amount(total["amount"]),
        "success_rate": "—" if rate is None else f"{100 * rate:.1f}%",
        "enterprise_success_rate": "—" if enterprise_rate is None else f"{100 * enterprise_rate:.1f}%",
        "ring": _ring(rate),
        "regions": _regions(figures["regions"]),
        "banks": _banks(figures["banks"]),
        "trend": _trend(figures["trend"]),
        "ticker": _ticker(figures["ticker"]),
    }
