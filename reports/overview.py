"""Public figures: the home-page counters (F-HOME-7) and the 数据概览 page (F-STAT-15).

Both come from aggregates over every application, which at a million rows take seconds: a django-q2 schedule
recomputes them every 10 minutes into OverviewSnapshot and the cache, so a home view costs one cache read (one
query on a cache miss) and no visitor waits for the aggregates. Figures cover the whole platform (no
enterprise or contact is named).
"""

import datetime as dt
import json

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.queries import answered_consultations
from core.money import yuan_to_wan
from finance_market.queries import live_products
from members.models import Enterprise, FinancialInstitution
from policies.queries import live_policies
from reports import periods, reports, screen
from reports.models import OverviewSnapshot
from reports.tables import Column, Table

COUNTERS_KEY = "portal:statistics:home-counters"
OVERVIEW_KEY = "portal:statistics:data-overview"
SNAPSHOT_KEY = "public"


def compute_counters():
    signed = reports.applications().aggregate(**reports.metrics())
    return {
        "enterprises": Enterprise.objects.count(),
        "institutions": FinancialInstitution.objects.filter(is_active=True).count(),
        "products": live_products().count(),
        "policies": live_policies().count(),
        "signed_amount_wan": yuan_to_wan(signed["signed_amount"] or 0, 2),
        "applications": signed["applications"],
        "signed": signed["signed"],
        "consultations_answered": answered_consultations().count(),
    }


def last_twelve_months(today=None):
    today = today or timezone.localdate()
    first = dt.date(today.year - 1, today.month, 1) + dt.timedelta(days=32)
    first = first.replace(day=1)
    return periods.date_range(first, today)


def compute_overview(today=None):
    """Every public figure, as plain data (stored as JSON in the snapshot)."""
    span = last_twelve_months(today)
    enterprises_by_capital = Enterprise.objects.aggregate(**{
        key: Count("pk", filter=_capital_filter(low, high, key)) for key, _label, low, high in reports.CAPITAL_BUCKETS
    })
    today = today or timezone.localdate()
    all_time = periods.date_range(dt.date(2000, 1, 1), today)
    totals = reports.totals(all_time)
    regions = reports.breakdown("region", all_time)
    return {
        "counters": compute_counters(),
        "totals": totals,
        "screen": screen.compute(today, totals, regions),  # 数据大屏 (/data/screen/)
        "rows": {
            "trend": reports.trend(span),
            "industry": reports.breakdown("industry", all_time)[:10],
            "region": regions,
            "capital": [{"name": str(label), "enterprises": enterprises_by_capital[key]}
                        for key, label, *_rest in reports.CAPITAL_BUCKETS],
        },
    }


def overview_tables(rows):
    return [
        Table("trend", _("近12个月申请与签约"), [
            Column("name", _("月份"), "text"), Column("applications", _("申请笔数")),
            Column("signed", _("签约笔数")), Column("signed_amount", _("签约金额（万元）"), "wan")],
            rows["trend"], chart={"type": "line", "label": "name", "values": ["applications", "signed"]}),
        Table("industry", _("申请最多的十个行业"), [
            Column("name", _("行业门类"), "text"), Column("applications", _("申请笔数")),
            Column("signed", _("签约笔数")), Column("success_rate", _("申请成功率"), "rate")],
            rows["industry"], chart={"type": "bar", "label": "name", "values": ["applications", "signed"]}),
        Table("region", _("各镇街申请与签约"), [
            Column("name", _("镇街"), "text"), Column("applications", _("申请笔数")),
            Column("signed", _("签约笔数")), Column("signed_amount", _("签约金额（万元）"), "wan")],
            rows["region"], chart={"type": "bar", "label": "name", "values": ["applications", "signed"]}),
        Table("capital", _("注册企业按注册资本"), [
            Column("name", _("注册资本"), "text"), Column("enterprises", _("企业数"))], rows["capital"],
            chart={"type": "bar", "label": "name", "values": ["enterprises"]}),
    ]


def refresh_overview():
    """Recompute the public figures into the snapshot row and the cache (django-q2, every 10 minutes)."""
    data = json.loads(json.dumps(compute_overview(), cls=DjangoJSONEncoder))
    OverviewSnapshot.objects.update_or_create(key=SNAPSHOT_KEY, defaults={"data": data})
    _cache(data)
    return data


def _cache(data):
    cache.set_many({COUNTERS_KEY: data["counters"], OVERVIEW_KEY: data}, settings.PORTAL_OVERVIEW_CACHE_SECONDS)


def _load():
    """The snapshot (one query), recomputed here only when there is none yet or it is a day old (no worker)."""
    snapshot = OverviewSnapshot.objects.filter(key=SNAPSHOT_KEY).first()
    if snapshot is None or snapshot.computed_at < timezone.now() - dt.timedelta(days=1):
        return refresh_overview()
    _cache(snapshot.data)
    return snapshot.data


def home_counters():
    """The home page's counters: one cache read (a snapshot read on a miss)."""
    counters = cache.get(COUNTERS_KEY)
    return counters if counters is not None else _load()["counters"]


def data_overview():
    data = cache.get(OVERVIEW_KEY)
    if data is None:
        data = _load()
    return {**data, "tables": overview_tables(data["rows"])}


def screen_figures():
    """The 数据大屏's figures from the snapshot (one cache read; a snapshot stored before the screen existed is
    recomputed once)."""
    data = cache.get(OVERVIEW_KEY)
    if data is None:
        data = _load()
    if "screen" not in data:
        data = refresh_overview()
    return data["screen"]


def _capital_filter(low, high, key):
    q = Q()
    if low is not None:
        q &= Q(registered_capital__gt=low) if key == "gt1000" else Q(registered_capital__gte=low)
    if high is not None:
        q &= Q(registered_capital__lte=high) if key == "500to1000" else Q(registered_capital__lt=high)
    return q
