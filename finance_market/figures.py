"""The application report's figures per calendar month, quarter and year, kept up to date with every write.

Why tables maintained in the writing transaction (and not a job that recomputes dirty months): a bank that
signs must see its signing in the report at once, and a report over a year would otherwise read a third of a
million applications once per breakdown (bench/stats.py: 2.8 s on a quiet machine, 10 s under load).
``ApplicationFigures`` holds, for each month, quarter and year (local Asia/Shanghai calendar), platform-wide and
per institution, one row per breakdown key (industry 门类, institution, product, 镇街, 注册资本 bucket, refusal
reason, and "all"): applications, applying enterprises, amounts, signings, signing enterprises, refusals.
``DisbursementFigures`` does the same for the 放款 tables, by the day the money was paid out (amount, parts,
applications and enterprises paid, firsts, 获贷天数 as a sum and a count). A report of a month, quarter or year
reads a few hundred rows; a range of days is counted live, as before.

Exactness. Every figure of a row is a sum over enterprises of what that enterprise contributes to it (its
applications or payments, amounts, and 1 or 0 for the distinct enterprises, and its distinct applications paid
out), so a write changes only the contribution of the enterprise concerned: :func:`changed` computes it in
Python from that enterprise's items of the affected year(s), before and after the write, and adds the
difference to the rows in one upsert. Distinct counts therefore stay exact across months (a year's row counts an
enterprise once, however many months it applied in). The enterprise row is locked (FOR NO KEY UPDATE, after the
application row the lifecycle engine locks), so two steps on one enterprise's applications apply one after the other.

What triggers it: ``post_save``/``post_delete`` of LoanApplication and Disbursement (the lifecycle engine's save
of a step and the disbursement it records, the submission's create, an admin edit) and ``post_save`` of
Enterprise when its industry, 镇街 or 注册资本 change (its items move between rows). Bulk SQL and
``QuerySet.update`` of these fields bypass the signals: run ``manage.py rebuild_report_figures`` (bench/stats.py
does after its bulk load), which recomputes the tables with the live report's own aggregates (:func:`metrics`,
:data:`DIMENSIONS`, ``queries.disbursement_metrics``), so rebuilt and live figures agree by construction.
A deleted loan product moves its applications and payments to the 未填写 rows (its ``pre_delete``/``post_delete``);
re-parenting an industry or deleting a 镇街 or an industry needs a rebuild.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, DateField, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
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
        width = len(after.get(row_key) or before[row_key])
        values = [a - b for a, b in zip(after.get(row_key, [0] * width), before.get(row_key, [0] * width),
                                        strict=True)]
        if any(values):
            delta[row_key] = values
    return delta


def _add(model, figures, delta):
    """Add ``delta`` to the rows of ``model`` (created when missing) in one statement; drop the rows left empty
    (``figures[0]`` zero: no application, or no money paid out)."""
    if not delta:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ("period", "period_start", "scope", "dimension", "key") + figures
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in figures)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(delta))
    params = []
    for row_key in sorted(delta):  # one order for every writer: no deadlock between two upserts
        params.extend(row_key)
        params.extend(delta[row_key])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES {placeholders} "
                       f"ON CONFLICT ({', '.join(quote(c) for c in columns[:5])}) DO UPDATE SET {updates}", params)
    stale = Q()
    for period, start in {(period, start) for period, start, *_rest in delta}:
        stale |= Q(period=period, period_start=start)
    model.objects.filter(stale, **{figures[0]: 0}).delete()


def _disbursement_contributions(disbursements, attributes):
    """{row: [figures in DISBURSEMENT_FIGURES order]} that one enterprise's ``disbursements`` (dicts of
    DISBURSEMENT_FIELDS) contribute to the 放款 rows, the enterprise having ``attributes``."""
    rows = defaultdict(lambda: [Decimal("0"), 0, 0, 0, 0, 0, 0, 0])
    applications = defaultdict(set)  # row → the applications paid out in it
    industry, region, _capital = attributes
    for item in disbursements:
        institution = item["institution_id"]
        for period, start in period_starts(item["disbursed_on"]).items():
            for scope in (0, institution):
                keys = [("all", ""), ("product", _key(item["product_id"])), ("industry", industry),
                        ("region", region)]
                if scope == 0:
                    keys.append(("institution", str(institution)))
                for dimension, key in keys:
                    row_key = (period, start, scope, dimension, key)
                    row = rows[row_key]
                    row[0] += Decimal(item["amount"])
                    row[1] += 1
                    row[4] += item["is_first"]
                    row[5] += item["platform_first_loan"]
                    if item["is_first"] and item["days_from_application"] is not None:
                        row[6] += item["days_from_application"]
                        row[7] += 1
                    applications[row_key].add(item["application_id"])
    for row_key, paid in applications.items():
        rows[row_key][2] = len(paid)
        rows[row_key][3] = 1
    return rows


def _local_day(value):
    return timezone.localtime(value, _zone()).date()


class Source:
    """What figures are kept of: applications by the day submitted, or disbursements by the day paid out."""

    def __init__(self, model, fields, figures, figures_model, day_field, contributions):
        self.model_name, self.fields, self.figures = model, fields, figures
        self.figures_model, self.day_field, self.contributions = figures_model, day_field, contributions

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model("finance_market", self.model_name)

    @property
    def kept(self):
        from django.apps import apps

        return apps.get_model("finance_market", self.figures_model)

    def day(self, state):
        value = state[self.day_field]
        return _local_day(value) if isinstance(value, dt.datetime) else value

    def of_enterprise(self, enterprise_id, days=None, exclude=None, pk=False):
        """The enterprise's items (dicts of ``fields``, and "pk" on request), of the years of ``days`` only when
        given."""
        queryset = self.model.objects.filter(enterprise_id=enterprise_id)
        if days is not None:
            zone, span = _zone(), Q()
            for year in {day.year for day in days}:
                if self.day_field == "submitted_at":
                    span |= Q(submitted_at__gte=dt.datetime(year, 1, 1, tzinfo=zone),
                              submitted_at__lt=dt.datetime(year + 1, 1, 1, tzinfo=zone))
                else:
                    span |= Q(**{f"{self.day_field}__gte": dt.date(year, 1, 1),
                                 f"{self.day_field}__lt": dt.date(year + 1, 1, 1)})
            queryset = queryset.filter(span)
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude)
        return list(queryset.order_by().values(*self.fields, *(["pk"] if pk else [])))


DISBURSEMENT_FIELDS = ("enterprise_id", "institution_id", "product_id", "application_id", "amount", "disbursed_on",
                       "is_first", "platform_first_loan", "days_from_application")
DISBURSEMENT_FIGURES = ("disbursed_amount", "disbursements", "disbursed_applications", "disbursed_enterprises",
                        "first_disbursed", "first_loans", "days_total", "days_counted")
APPLICATIONS = Source("LoanApplication", FIELDS, FIGURES, "ApplicationFigures", "submitted_at", _contributions)
DISBURSEMENTS = Source("Disbursement", DISBURSEMENT_FIELDS, DISBURSEMENT_FIGURES, "DisbursementFigures",
                       "disbursed_on", _disbursement_contributions)


def changed(source, pk, before, after):
    """Bring the figures of ``source`` up to date after its item ``pk`` went from ``before`` to ``after`` (dicts
    of its fields; None when created or deleted). Called inside the writing transaction, after the write."""
    days = [source.day(state) for state in (before, after) if state]
    with transaction.atomic():
        for enterprise_id in sorted({state["enterprise_id"] for state in (before, after) if state}):
            attributes = _attributes(enterprise_id, lock=True)
            if attributes is None:
                continue
            others = source.of_enterprise(enterprise_id, days, exclude=pk)
            was = others + [state for state in [before] if state and state["enterprise_id"] == enterprise_id]
            now = others + [state for state in [after] if state and state["enterprise_id"] == enterprise_id]
            _add(source.kept, source.figures,
                 _difference(source.contributions(now, attributes), source.contributions(was, attributes)))


def enterprise_changed(enterprise_id, before_attributes):
    """Move an enterprise's applications and disbursements to the rows of its new industry, 镇街 or capital."""
    with transaction.atomic():
        attributes = _attributes(enterprise_id, lock=True)
        if attributes is None or attributes == before_attributes:
            return
        for source in (APPLICATIONS, DISBURSEMENTS):
            items = source.of_enterprise(enterprise_id)
            _add(source.kept, source.figures,
                 _difference(source.contributions(items, attributes), source.contributions(items, before_attributes)))


def _source(sender):
    return APPLICATIONS if sender._meta.model_name == "loanapplication" else DISBURSEMENTS


def _remember(sender, instance, update_fields=None, raw=False, **kwargs):
    source = _source(sender)
    watched = set(source.fields) | {name.removesuffix("_id") for name in source.fields}
    if raw or (update_fields is not None and not set(update_fields) & watched):
        instance._figures_before = False  # nothing the figures read is written
        return
    before = None
    if instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values(*source.fields).first()
    instance._figures_before = before


def _saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_figures_before", False)
    if raw or before is False:
        return
    source = _source(sender)
    after = {name: getattr(instance, name) for name in source.fields}
    if before != after:
        changed(source, instance.pk, before, after)


def _deleted(sender, instance, **kwargs):
    source = _source(sender)
    changed(source, instance.pk, {name: getattr(instance, name) for name in source.fields}, None)


for _label in ("finance_market.LoanApplication", "finance_market.Disbursement"):
    pre_save.connect(_remember, sender=_label, dispatch_uid=f"figures_before_{_label}")
    post_save.connect(_saved, sender=_label, dispatch_uid=f"figures_saved_{_label}")
    post_delete.connect(_deleted, sender=_label, dispatch_uid=f"figures_deleted_{_label}")


@receiver(pre_delete, sender="finance_market.LoanProductPage", dispatch_uid="figures_product_before")
def _remember_product(sender, instance, **kwargs):
    """A deleted product leaves its applications and payments without one (SET NULL, which sends no signal):
    note them, to move them to the 未填写 rows once the product is gone."""
    instance._figures_items = {
        source: set(source.model.objects.filter(product_id=instance.pk).values_list("enterprise_id", "pk"))
        for source in (APPLICATIONS, DISBURSEMENTS)}


@receiver(post_delete, sender="finance_market.LoanProductPage", dispatch_uid="figures_product_deleted")
def _product_deleted(sender, instance, **kwargs):
    for source, items in getattr(instance, "_figures_items", {}).items():
        moved = {pk for _enterprise, pk in items}
        for enterprise_id in sorted({enterprise for enterprise, _pk in items}):
            with transaction.atomic():
                attributes = _attributes(enterprise_id, lock=True)
                if attributes is None:
                    continue
                now = source.of_enterprise(enterprise_id, pk=True)
                was = [{**item, "product_id": instance.pk} if item["pk"] in moved else item for item in now]
                _add(source.kept, source.figures,
                     _difference(source.contributions(now, attributes), source.contributions(was, attributes)))


@receiver(pre_save, sender="members.Enterprise", dispatch_uid="figures_enterprise_before")
def _remember_enterprise(sender, instance, update_fields=None, raw=False, **kwargs):
    watched = {"industry", "industry_id", "region", "region_id", "registered_capital"}
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & watched):
        instance._figures_attributes = None
        return
    instance._figures_attributes = _attributes(instance.pk)


@receiver(post_save, sender="members.Enterprise", dispatch_uid="figures_enterprise_after")
def _enterprise_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_figures_attributes", None)
    if not raw and before is not None:
        enterprise_changed(instance.pk, before)


# --- rebuilding from the applications and disbursements -----------------------------------------------

def disbursement_metrics():
    """The aggregates of the kept 放款 figures (finance_market.queries.disbursement_metrics, with 获贷天数 as a
    sum and a count so that they add up)."""
    from finance_market.queries import disbursement_metrics as live

    first = Q(is_first=True)
    figures = {name: aggregate for name, aggregate in live().items() if name != "mean_days"}
    figures["days_total"] = Coalesce(Sum("days_from_application", filter=first), 0)
    figures["days_counted"] = Count("days_from_application", filter=first)
    return figures


DISBURSEMENT_DIMENSIONS = {
    "institution": F("institution_id"), "product": F("product_id"),
    "industry": Coalesce("enterprise__industry__section_id", "enterprise__industry_id"),
    "region": F("enterprise__region_id"),
}


def computed_rows(queryset, source=None):
    """Every row of the kept figures of ``source`` (applications by default), computed from ``queryset`` with the
    live report's own aggregates: one grouped query per period kind, scope and dimension; dicts of the fields."""
    source = source or APPLICATIONS
    applications = source is APPLICATIONS
    dimensions = {name: key for name, (key, _name) in DIMENSIONS.items()} if applications \
        else DISBURSEMENT_DIMENSIONS
    aggregates = metrics() if applications else disbursement_metrics()
    rows = []
    for period, trunc in PERIODS.items():
        truncated = trunc("submitted_at", tzinfo=_zone(), output_field=DateField()) if applications \
            else trunc("disbursed_on", output_field=DateField())
        dated = queryset.order_by().annotate(period_start=truncated)
        for scope in ((), ("institution_id",)):
            groups = [("all", None)] + [(name, key) for name, key in dimensions.items()
                                        if not (scope and name == "institution")]
            for dimension, key_expr in groups:
                grouped = dated if key_expr is None else dated.annotate(dim_key=key_expr)
                names = ["period_start", *scope] + ([] if key_expr is None else ["dim_key"])
                for row in grouped.values(*names).annotate(**aggregates):
                    rows.append({"period": period, "period_start": _as_date(row["period_start"]),
                                 "scope": row["institution_id"] if scope else 0, "dimension": dimension,
                                 "key": "" if key_expr is None else _key(row["dim_key"]),
                                 **{name: row[name] for name in source.figures}})
            if not applications:
                continue
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


def rebuild(models=None):
    """Recompute the kept figures from the applications and disbursements (the management command and the data
    migration, which passes its historical models as {name: model}); returns the number of rows."""
    from django.apps import apps

    models = models or {}

    def model(name):
        return models.get(name) or apps.get_model("finance_market", name)

    count = 0
    with transaction.atomic():
        for source in (APPLICATIONS, DISBURSEMENTS):
            kept = model(source.figures_model)
            rows = computed_rows(model(source.model_name).objects.all(), source)
            kept.objects.all().delete()
            kept.objects.bulk_create([kept(**row) for row in rows], batch_size=2000)
            count += len(rows)
    return count


# --- reading ------------------------------------------------------------------------------------------

def _scope(institution):
    """The rows' scope: 0 for the whole platform, else the institution's id (an institution or its id)."""
    return 0 if institution is None else getattr(institution, "pk", institution)


def _stored_rows(model, figures, present, period, first_day, institution):
    """{(dimension, key): {figure: value}} of ``model``'s rows of one period whose ``present`` figure is above 0."""
    rows = model.objects.filter(period=period, period_start=first_day, scope=_scope(institution),
                                **{f"{present}__gt": 0})
    return {(row["dimension"], row["key"]): row for row in rows.values("dimension", "key", *figures)}


def stored(period, first_day, institution=None):
    """{(dimension, key): {figure: value}} of one month, quarter or year, platform-wide or of ``institution``."""
    from finance_market.models import ApplicationFigures

    return _stored_rows(ApplicationFigures, FIGURES, "applications", period, first_day, institution)


def stored_months(first_days, institution=None):
    """{first day of the month: {figure: value}} of the months given (those with applications)."""
    from finance_market.models import ApplicationFigures

    rows = ApplicationFigures.objects.filter(period="month", period_start__in=list(first_days),
                                             scope=_scope(institution), dimension="all", applications__gt=0)
    return {row["period_start"]: row for row in rows.values("period_start", *FIGURES)}


def kept_period(start, end):
    """("month" | "quarter" | "year", first day) when the days [start, end) are exactly one calendar month,
    quarter or year, the periods figures are kept for; None otherwise."""
    if start is None or end is None or start.day != 1:
        return None
    for period, months in (("month", 1), ("quarter", 3), ("year", 12)):
        if (period == "quarter" and (start.month - 1) % 3) or (period == "year" and start.month != 1):
            continue
        after = start.month - 1 + months
        if dt.date(start.year + after // 12, after % 12 + 1, 1) == end:
            return period, start
    return None


def stored_disbursements(period, first_day, institution=None):
    """{(dimension, key): {figure: value}} of the 放款 of one month, quarter or year (rows with money paid out)."""
    from finance_market.models import DisbursementFigures

    return _stored_rows(DisbursementFigures, DISBURSEMENT_FIGURES, "disbursements", period, first_day, institution)


def product_totals_before(day, institution=None):
    """{(product key, institution id): [amount, disbursements]} paid out before the month of ``day``, from the kept
    yearly and monthly rows (the 累计 of the products, whose days of the month are then counted live)."""
    from finance_market.models import DisbursementFigures

    year_start, month_start = dt.date(day.year, 1, 1), day.replace(day=1)
    rows = DisbursementFigures.objects.filter(
        Q(period="year", period_start__lt=year_start)
        | Q(period="month", period_start__gte=year_start, period_start__lt=month_start),
        dimension="product", disbursements__gt=0)
    rows = rows.filter(scope=institution.pk) if institution is not None else rows.exclude(scope=0)
    totals = defaultdict(lambda: [Decimal("0"), 0])
    for row in rows.values("key", "scope", "disbursed_amount", "disbursements"):
        total = totals[(row["key"], row["scope"])]
        total[0] += row["disbursed_amount"]
        total[1] += row["disbursements"]
    return totals
