"""The application report's figures per calendar month, quarter and year, kept up to date with every write.

Why a table maintained in the writing transaction (and not a job that recomputes dirty months): a bank that
signs must see its signing in the report at once, and a report over a year would otherwise read a third of a
million applications, once per breakdown (bench/stats.py: 2.8 s on an idle machine, 10 s under load).
``ApplicationFigures`` holds, for each month, quarter and year (local Asia/Shanghai calendar), platform-wide and
per institution, one row per breakdown key (industry 门类, institution, product, 镇街, 注册资本 bucket, refusal
reason, and "all"): applications, applying enterprises, amounts, signings, signing enterprises, refusals. A
report of a month, quarter or year reads about a hundred rows; ranges of days are computed live.

Exactness. Every figure of a row is a sum over enterprises of what that enterprise contributes to it (its
applications, amounts, and 1 or 0 for 申请企业 / 签约企业), so a write changes only the contribution of the
enterprise concerned: :func:`_contributions` computes it in Python from that enterprise's applications of the
affected year(s), before and after the write, and the difference is added to the rows in one upsert. Distinct
enterprises therefore stay exact across months (a quarter's or a year's row counts an enterprise once, however
many months it applied in). The enterprise row is locked first (the lifecycle engine already locks it with the
application), so two steps on one enterprise's applications are applied one after the other.

What triggers it: ``post_save``/``post_delete`` of LoanApplication (the lifecycle engine's save of a step, the
submission's create, an admin edit) and ``post_save`` of Enterprise when its industry, 镇街 or 注册资本 change
(its applications move between rows). Bulk SQL and ``QuerySet.update`` of these fields bypass the signals:
run ``manage.py rebuild_application_figures`` (bench/stats.py does after its bulk load), which recomputes the
table with the live report's own aggregate definitions (:func:`metrics`, :data:`DIMENSIONS`), so rebuilt and
live figures agree by construction. Re-parenting an industry or deleting a 镇街 needs a rebuild too.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, DateField, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import wan_to_yuan
from finance_market.choices import SIGNED_STATUSES, ApplicationStatus

REFUSED = ApplicationStatus.REFUSED
IS_SIGNED = Q(status__in=SIGNED_STATUSES)  # a signing stays one after 放款, 结清 or 未放款
MONEY = DecimalField(max_digits=20, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)
UNKNOWN = "none"

# 注册资本 buckets (F-STAT-11): < 100万, 100–500万, 500–1000万 (1000万 included), > 1000万 (yuan)
CAPITAL_BUCKETS = [
    ("lt100", _("100万以下"), None, wan_to_yuan(100)),
    ("100to500", _("100–500万"), wan_to_yuan(100), wan_to_yuan(500)),
    ("500to1000", _("500–1000万"), wan_to_yuan(500), wan_to_yuan(1000)),
    ("gt1000", _("1000万以上"), wan_to_yuan(1000), None),
]


def _capital_q(key, low, high, prefix):
    """The bucket's range as a filter: lower bounds inclusive except for gt1000, upper bounds exclusive except
    for 500to1000 (so exactly 1000万 is in 500–1000万)."""
    field = f"{prefix}registered_capital"
    q = Q()
    if low is not None:
        q &= Q(**{f"{field}__gt" if key == "gt1000" else f"{field}__gte": low})
    if high is not None:
        q &= Q(**{f"{field}__lte" if key == "500to1000" else f"{field}__lt": high})
    return q


def capital_q(key, prefix="enterprise__"):
    """The filter selecting the applications (or enterprises, prefix "") of one 注册资本 bucket."""
    if key == UNKNOWN:
        return Q(**{f"{prefix}registered_capital__isnull": True})
    for bucket, _label, low, high in CAPITAL_BUCKETS:
        if bucket == key:
            return _capital_q(bucket, low, high, prefix)
    return Q(pk__in=[])


def capital_bucket(value):
    """The bucket key of a registered capital (yuan), as the CASE of :data:`DIMENSIONS` computes it."""
    if value is None:
        return UNKNOWN
    for key, _label, low, high in CAPITAL_BUCKETS:
        above = low is None or (value > low if key == "gt1000" else value >= low)
        below = high is None or (value <= high if key == "500to1000" else value < high)
        if above and below:
            return key
    return UNKNOWN


def _capital_case():
    return Case(*[When(_capital_q(key, low, high, "enterprise__"), then=Value(key))
                  for key, _label, low, high in CAPITAL_BUCKETS], default=Value(UNKNOWN), output_field=CharField())


# dimension → (group key expression, name expression or None) over applications; an industry counts under its
# 门类. The report's drill-down filters on the same keys.
DIMENSIONS = {
    "industry": (Coalesce("enterprise__industry__section_id", "enterprise__industry_id"),
                 Coalesce("enterprise__industry__section__name", "enterprise__industry__name")),
    "institution": (F("institution_id"), F("institution__name")),
    "product": (F("product_id"), F("product__title")),
    "region": (F("enterprise__region_id"), F("enterprise__region__name")),
    "capital": (_capital_case(), None),
}


def metrics(*only):
    """The aggregates of the application figures (all, or just those named in ``only``)."""
    # signed_amount comes before the "amount" alias, which would otherwise shadow the amount field in it.
    # Rows are counted by "status" (never null) rather than the pk: every column used here is in the
    # loanapp_report_cover index, so PostgreSQL answers from the index alone.
    figures = {
        "signed_amount": Coalesce(Sum(Coalesce("credit_amount", "amount"), filter=IS_SIGNED), ZERO,
                                  output_field=MONEY),
        "applications": Count("status"),
        "enterprises": Count("enterprise_id", distinct=True),
        "amount": Coalesce(Sum("amount"), ZERO, output_field=MONEY),
        "signed": Count("status", filter=IS_SIGNED),
        "signed_enterprises": Count("enterprise_id", distinct=True, filter=IS_SIGNED),
        "refused": Count("status", filter=Q(status=REFUSED)),
    }
    return {name: aggregate for name, aggregate in figures.items() if not only or name in only}


FIGURES = ("applications", "enterprises", "amount", "signed", "signed_enterprises", "signed_amount", "refused")
PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
# the application fields the figures read
FIELDS = ("enterprise_id", "institution_id", "product_id", "submitted_at", "status", "amount", "credit_amount",
          "refusal_reason_id")


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def period_starts(day):
    """{"month"|"quarter"|"year": the first day of that period containing ``day``}."""
    return {"month": day.replace(day=1), "quarter": dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1),
            "year": dt.date(day.year, 1, 1)}


def _key(value):
    return UNKNOWN if value is None else str(value)


# --- incremental maintenance ---------------------------------------------------------------------------

def _attributes(enterprise_id, lock=False):
    """(industry key, 镇街 key, capital bucket) of an enterprise, as the report groups it; locked on request."""
    from members.models import Enterprise

    queryset = Enterprise.objects.filter(pk=enterprise_id)
    if lock and connection.features.has_select_for_update:
        list(queryset.select_for_update(no_key=connection.features.has_select_for_no_key_update).values("pk"))
    row = queryset.values("industry_id", "industry__section_id", "region_id", "registered_capital").first()
    if row is None:
        return None
    return (_key(row["industry__section_id"] or row["industry_id"]), _key(row["region_id"]),
            capital_bucket(row["registered_capital"]))


def _contributions(applications, attributes):
    """{(period, start, scope, dimension, key): [figures in FIGURES order]} that one enterprise's
    ``applications`` (dicts of FIELDS) contribute, the enterprise having ``attributes``."""
    rows = defaultdict(lambda: [0, 0, Decimal("0"), 0, 0, Decimal("0"), 0])
    present = {}  # row → whether one of the applications in it is signed
    industry, region, capital = attributes
    for app in applications:
        signed, refused = app["status"] in SIGNED_STATUSES, app["status"] == REFUSED
        amount = Decimal(app["amount"])
        signed_amount = Decimal(app["credit_amount"] if app["credit_amount"] is not None else amount) if signed \
            else Decimal("0")
        day = timezone.localtime(app["submitted_at"], _zone()).date()
        institution = app["institution_id"]
        for period, start in period_starts(day).items():
            for scope in (0, institution):
                keys = [("all", ""), ("industry", industry), ("region", region), ("capital", capital),
                        ("product", _key(app["product_id"]))]
                if scope == 0:
                    keys.append(("institution", str(institution)))
                for dimension, key in keys:
                    row_key = (period, start, scope, dimension, key)
                    row = rows[row_key]
                    row[0] += 1
                    row[2] += amount
                    row[3] += signed
                    row[5] += signed_amount
                    row[6] += refused
                    present[row_key] = present.get(row_key, False) or signed
                if refused:
                    rows[(period, start, scope, "reason", _key(app["refusal_reason_id"]))][0] += 1
    for row_key, any_signed in present.items():
        rows[row_key][1] += 1
        rows[row_key][4] += any_signed
    return rows


def _difference(after, before):
    delta = {}
    for row_key in after.keys() | before.keys():
        values = [a - b for a, b in zip(after.get(row_key, [0] * 7), before.get(row_key, [0] * 7), strict=True)]
        if any(values):
            delta[row_key] = values
    return delta


def _add(delta):
    """Add ``delta`` to the rows (created when missing) in one statement; drop the rows left empty."""
    from finance_market.models import ApplicationFigures

    if not delta:
        return
    table = connection.ops.quote_name(ApplicationFigures._meta.db_table)
    columns = ("period", "period_start", "scope", "dimension", "key") + FIGURES
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    updates = ", ".join(f"{connection.ops.quote_name(c)} = {table}.{connection.ops.quote_name(c)} + "
                        f"excluded.{connection.ops.quote_name(c)}" for c in FIGURES)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(delta))
    params = []
    for row_key in sorted(delta):  # one order for every writer: no deadlock between two upserts
        params.extend(row_key)
        params.extend(delta[row_key])
    conflict = ", ".join(connection.ops.quote_name(c) for c in columns[:5])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) VALUES {placeholders} "
                       f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}", params)
    starts = {(period, start) for period, start, *_rest in delta}
    stale = Q()
    for period, start in starts:
        stale |= Q(period=period, period_start=start)
    ApplicationFigures.objects.filter(stale, applications=0).delete()


def _year_span(day):
    zone = _zone()
    return (dt.datetime(day.year, 1, 1, tzinfo=zone), dt.datetime(day.year + 1, 1, 1, tzinfo=zone))


def _enterprise_applications(enterprise_id, days=None, exclude=None):
    """The enterprise's applications (dicts of FIELDS), of the years of ``days`` only when given."""
    from finance_market.models import LoanApplication

    queryset = LoanApplication.objects.filter(enterprise_id=enterprise_id)
    if days is not None:
        span = Q()
        for start, end in {_year_span(day) for day in days}:
            span |= Q(submitted_at__gte=start, submitted_at__lt=end)
        queryset = queryset.filter(span)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return list(queryset.order_by().values(*FIELDS))


def application_changed(pk, before, after):
    """Bring the figures up to date after application ``pk`` went from ``before`` to ``after`` (dicts of FIELDS;
    None when created or deleted). Call it inside the writing transaction, after the write."""
    days = [timezone.localtime(state["submitted_at"], _zone()).date() for state in (before, after) if state]
    with transaction.atomic():
        for enterprise_id in sorted({state["enterprise_id"] for state in (before, after) if state}):
            attributes = _attributes(enterprise_id, lock=True)
            if attributes is None:
                continue
            others = _enterprise_applications(enterprise_id, days, exclude=pk)
            was = others + [state for state in [before] if state and state["enterprise_id"] == enterprise_id]
            now = others + [state for state in [after] if state and state["enterprise_id"] == enterprise_id]
            _add(_difference(_contributions(now, attributes), _contributions(was, attributes)))


def enterprise_changed(enterprise_id, before_attributes):
    """Move an enterprise's applications to the rows of its new industry, 镇街 or capital bucket."""
    with transaction.atomic():
        attributes = _attributes(enterprise_id, lock=True)
        if attributes is None or attributes == before_attributes:
            return
        applications = _enterprise_applications(enterprise_id)
        _add(_difference(_contributions(applications, attributes), _contributions(applications, before_attributes)))


def _state(instance):
    return {name: getattr(instance, name) for name in FIELDS}


@receiver(pre_save, sender="finance_market.LoanApplication", dispatch_uid="application_figures_before")
def _remember_application(sender, instance, update_fields=None, raw=False, **kwargs):
    watched = FIELDS + ("enterprise", "institution", "product", "refusal_reason")
    if raw or (update_fields is not None and not set(update_fields) & set(watched)):
        instance._figures_before = False  # nothing the figures read is written
        return
    before = None
    if instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values(*FIELDS).first()
    instance._figures_before = before


@receiver(post_save, sender="finance_market.LoanApplication", dispatch_uid="application_figures_after")
def _application_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_figures_before", False)
    if raw or before is False:
        return
    after = _state(instance)
    if before != after:
        application_changed(instance.pk, before, after)


@receiver(post_delete, sender="finance_market.LoanApplication", dispatch_uid="application_figures_deleted")
def _application_deleted(sender, instance, **kwargs):
    application_changed(instance.pk, _state(instance), None)


@receiver(pre_save, sender="members.Enterprise", dispatch_uid="application_figures_enterprise_before")
def _remember_enterprise(sender, instance, update_fields=None, raw=False, **kwargs):
    watched = {"industry", "industry_id", "region", "region_id", "registered_capital"}
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & watched):
        instance._figures_attributes = None
        return
    instance._figures_attributes = _attributes(instance.pk)


@receiver(post_save, sender="members.Enterprise", dispatch_uid="application_figures_enterprise_after")
def _enterprise_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_figures_attributes", None)
    if not raw and before is not None:
        enterprise_changed(instance.pk, before)


# --- rebuilding from the applications -----------------------------------------------------------------

def computed_rows(applications):
    """Every row of the figures, computed from the ``applications`` queryset with the live report's aggregates
    (one grouped query per period kind, scope and dimension): a list of dicts of the table's fields."""
    zone = _zone()
    rows = []
    for period, trunc in PERIODS.items():
        dated = applications.order_by().annotate(period_start=trunc("submitted_at", tzinfo=zone,
                                                                    output_field=DateField()))
        for scope in ((), ("institution_id",)):
            groups = [("all", None)] + [(name, key) for name, (key, _name) in DIMENSIONS.items()
                                        if not (scope and name == "institution")]
            for dimension, key_expr in groups:
                queryset = dated if key_expr is None else dated.annotate(dim_key=key_expr)
                names = ["period_start", *scope] + ([] if key_expr is None else ["dim_key"])
                for row in queryset.values(*names).annotate(**metrics()):
                    rows.append({"period": period, "period_start": _as_date(row["period_start"]),
                                 "scope": row["institution_id"] if scope else 0, "dimension": dimension,
                                 "key": "" if key_expr is None else _key(row["dim_key"]),
                                 **{name: row[name] for name in FIGURES}})
            reasons = (dated.filter(status=REFUSED).values("period_start", *scope, "refusal_reason_id")
                       .annotate(n=Count("status")))
            for row in reasons:
                rows.append({"period": period, "period_start": _as_date(row["period_start"]),
                             "scope": row["institution_id"] if scope else 0, "dimension": "reason",
                             "key": _key(row["refusal_reason_id"]), "applications": row["n"], "enterprises": 0,
                             "amount": 0, "signed": 0, "signed_enterprises": 0, "signed_amount": 0, "refused": 0})
    return rows


def _as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def rebuild(application_model=None, figures_model=None):
    """Recompute the whole table from the applications (the management command and the data migration)."""
    if application_model is None:
        from finance_market.models import ApplicationFigures, LoanApplication

        application_model, figures_model = LoanApplication, ApplicationFigures
    rows = computed_rows(application_model.objects.all())
    with transaction.atomic():
        figures_model.objects.all().delete()
        figures_model.objects.bulk_create([figures_model(**row) for row in rows], batch_size=2000)
    return len(rows)


# --- reading ------------------------------------------------------------------------------------------

def stored(period, first_day, institution=None):
    """{(dimension, key): {figure: value}} of one month, quarter or year, platform-wide or of ``institution``."""
    from finance_market.models import ApplicationFigures

    scope = 0 if institution is None else getattr(institution, "pk", institution)
    rows = ApplicationFigures.objects.filter(period=period, period_start=first_day, scope=scope, applications__gt=0)
    return {(row["dimension"], row["key"]): row for row in rows.values("dimension", "key", *FIGURES)}


def stored_months(first_days, institution=None):
    """{first day of the month: {figure: value}} of the months given (those with applications)."""
    from finance_market.models import ApplicationFigures

    scope = 0 if institution is None else getattr(institution, "pk", institution)
    rows = ApplicationFigures.objects.filter(period="month", period_start__in=list(first_days), scope=scope,
                                             dimension="all", applications__gt=0)
    return {row["period_start"]: row for row in rows.values("period_start", *FIGURES)}
