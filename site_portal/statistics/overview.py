"""Public figures: the home-page counters (F-HOME-7) and the 数据概览 page (F-STAT-15).

Both are computed by a few aggregate queries and kept in the cache for PORTAL_OVERVIEW_CACHE_SECONDS, so a
home view costs one cache read. Figures cover the whole platform (no enterprise or contact is named).
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation, ConsultationStatus
from finance_market.models import LoanProductPage
from policies.models import PolicyPage
from site_portal.members.models import Enterprise, FinancialInstitution
from site_portal.statistics import periods, reports
from site_portal.statistics.tables import Column, Table, wan

COUNTERS_KEY = "portal:statistics:home-counters"
OVERVIEW_KEY = "portal:statistics:data-overview"


def compute_counters():
    signed = reports.applications().aggregate(**reports.metrics())
    return {
        "enterprises": Enterprise.objects.count(),
        "institutions": FinancialInstitution.objects.filter(is_active=True).count(),
        "products": LoanProductPage.objects.live().public().count(),
        "policies": PolicyPage.objects.live().public().count(),
        "signed_amount_wan": wan(signed["signed_amount"]),
        "applications": signed["applications"],
        "signed": signed["signed"],
        "consultations_answered": Consultation.objects.filter(
            status__in=[ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED]).count(),
    }


def home_counters():
    """The home page's counters: one cache read, computed on a miss."""
    counters = cache.get(COUNTERS_KEY)
    if counters is None:
        counters = compute_counters()
        cache.set(COUNTERS_KEY, counters, settings.PORTAL_OVERVIEW_CACHE_SECONDS)
    return counters


def last_twelve_months(today=None):
    today = today or timezone.localdate()
    first = dt.date(today.year - 1, today.month, 1) + dt.timedelta(days=32)
    first = first.replace(day=1)
    return periods.date_range(first, today)


def compute_overview(today=None):
    span = last_twelve_months(today)
    enterprises_by_capital = Enterprise.objects.aggregate(**{
        key: Count("pk", filter=_capital_filter(low, high, key)) for key, _label, low, high in reports.CAPITAL_BUCKETS
    })
    capital_rows = [{"name": str(label), "enterprises": enterprises_by_capital[key]}
                    for key, label, *_rest in reports.CAPITAL_BUCKETS]
    all_time = periods.date_range(dt.date(2000, 1, 1), (today or timezone.localdate()))
    totals = reports.totals(all_time)
    return {
        "counters": compute_counters(),
        "totals": totals,
        "span": span.label,
        "tables": [
            Table("trend", _("近12个月申请与签约"), [
                Column("name", _("月份"), "text"), Column("applications", _("申请笔数")),
                Column("signed", _("签约笔数")), Column("signed_amount", _("签约金额（万元）"), "wan")],
                reports.trend(span), chart={"type": "line", "label": "name", "values": ["applications", "signed"]}),
            Table("industry", _("申请最多的十个行业"), [
                Column("name", _("行业门类"), "text"), Column("applications", _("申请笔数")),
                Column("signed", _("签约笔数")), Column("success_rate", _("申请成功率"), "rate")],
                reports.breakdown("industry", all_time)[:10],
                chart={"type": "bar", "label": "name", "values": ["applications", "signed"]}),
            Table("region", _("各镇街申请与签约"), [
                Column("name", _("镇街"), "text"), Column("applications", _("申请笔数")),
                Column("signed", _("签约笔数")), Column("signed_amount", _("签约金额（万元）"), "wan")],
                reports.breakdown("region", all_time),
                chart={"type": "bar", "label": "name", "values": ["applications", "signed"]}),
            Table("capital", _("注册企业按注册资本"), [
                Column("name", _("注册资本"), "text"), Column("enterprises", _("企业数"))], capital_rows,
                chart={"type": "bar", "label": "name", "values": ["enterprises"]}),
        ],
    }


def _capital_filter(low, high, key):
    q = Q()
    if low is not None:
        q &= Q(registered_capital__gt=low) if key == "gt1000" else Q(registered_capital__gte=low)
    if high is not None:
        q &= Q(registered_capital__lte=high) if key == "500to1000" else Q(registered_capital__lt=high)
    return q


def data_overview():
    overview = cache.get(OVERVIEW_KEY)
    if overview is None:
        overview = compute_overview()
        cache.set(OVERVIEW_KEY, overview, settings.PORTAL_OVERVIEW_CACHE_SECONDS)
    return overview
