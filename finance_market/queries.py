"""Read functions of the marketplace for the layers above: the home page and the 金融超市 listing, and the
reports (applications submitted in a period, 反馈通知书 and 催办 figures, the banks' steps). Those layers import
this module, never the models (import-linter contract "reports and inspection read the domain apps through their
queries"). Also the reads of application materials that members' 谁查看了我的数据 lists (registered in apps.py)."""

from decimal import Decimal, InvalidOperation

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import wan_to_yuan
from core.params import int_param
from finance_market import figures
from finance_market.fields import ChoiceListField

SORTS = {
    "": ("-is_pinned", "sort_order", "-first_published_at", "pk"),
    "rate": ("rate_min", "sort_order", "pk"),
    "amount": ("-amount_max", "sort_order", "pk"),
    "term": ("-term_max", "sort_order", "pk"),
    "newest": ("-first_published_at", "pk"),
}


def live_products():
    from finance_market.models import LoanProductPage

    return LoanProductPage.objects.live().public().select_related("institution__bank_page__logo")


def pinned_products(limit=3):
    """The top pinned live loan products (F-HOME-3): 置顶 ones by platform order, in 2 queries."""
    return list(live_products().filter(is_pinned=True).order_by(*SORTS[""])[:limit])


def newest_products(limit=3):
    """The most recently published live products (the home page's 最新动态)."""
    return list(live_products().order_by(*SORTS["newest"])[:limit])


def _decimal(value):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def filter_products(queryset, params):
    """Apply the 金融超市 filters (GET parameters) to ``queryset``; returns (queryset, active filters).

    institution (id), type, amount (万元: within the product's range), term (months: within the range),
    rate (% a year: products starting at or below it), guarantee (accepted method), sort.
    """
    from finance_market.choices import GuaranteeMethod, ProductType

    active = {}
    institution = params.get("institution", "")
    if int_param(institution) is not None:
        queryset = queryset.filter(institution_id=int_param(institution))
        active["institution"] = institution
    product_type = params.get("type", "")
    if product_type in ProductType.values:
        queryset = queryset.filter(product_type=product_type)
        active["type"] = product_type
    amount = _decimal(params.get("amount", ""))
    if amount is not None:
        yuan = wan_to_yuan(amount)
        queryset = queryset.filter(amount_min__lte=yuan, amount_max__gte=yuan)
        active["amount"] = params["amount"]
    term = params.get("term", "")
    if int_param(term, 0, 1200) is not None:
        queryset = queryset.filter(term_min__lte=int(term), term_max__gte=int(term))
        active["term"] = term
    rate = _decimal(params.get("rate", ""))
    if rate is not None:
        queryset = queryset.filter(rate_min__lte=rate)
        active["rate"] = params["rate"]
    guarantee = params.get("guarantee", "")
    if guarantee in GuaranteeMethod.values:
        queryset = queryset.filter(guarantee_methods__contains=ChoiceListField.contains(guarantee))
        active["guarantee"] = guarantee
    sort = params.get("sort", "")
    if sort not in SORTS:
        sort = ""
    if sort:
        active["sort"] = sort
    return queryset.order_by(*SORTS[sort]), active


def bank_steps(start, end):
    """The history rows of the steps banks took on applications in [start, end) (受理, 要求补充材料, 签约,
    拒绝): the marketplace's part of the staff workload report."""
    from core.lifecycle import steps
    from finance_market.lifecycle import INSTITUTION, TRANSITIONS
    from finance_market.models import LoanApplication

    actions = [t.action for t in TRANSITIONS.values() if t.actor == INSTITUTION]
    return steps(LoanApplication, actions, start, end)


# --- what the reports count (reports/reports.py, overview.py, dashboard.py, views.py) ------------------------

def submitted_applications(start=None, end=None, institution=None):
    """The loan applications submitted in [start, end) (all of them without bounds), of ``institution`` when
    given: the cohort every application report counts."""
    from finance_market.models import LoanApplication

    queryset = LoanApplication.objects.all()
    if institution is not None:
        queryset = queryset.filter(institution=institution)
    if start is not None:
        queryset = queryset.filter(submitted_at__gte=start, submitted_at__lt=end)
    return queryset


def applications_by_pk(pks):
    """{pk: application} with its enterprise and institution loaded (one page of a drill-down)."""
    from finance_market.models import LoanApplication

    return LoanApplication.objects.select_related("enterprise", "institution").in_bulk(list(pks))


def _overdue_notice(prefix=""):
    """In the statistics a 反馈通知书 counts as overdue once flagged, reported after its due date, or unreported
    past it (models.unreported_past_due, the rule for "overdue now")."""
    from finance_market.models.applications import unreported_past_due

    return (Q(**{f"{prefix}overdue_at__isnull": False}) | unreported_past_due(prefix)
            | Q(**{f"{prefix}reported_at__date__gt": F(f"{prefix}due_date")}))


def notice_figures(start, end, institution=None):
    """{generated, reported, overdue}: the 反馈通知书 generated in [start, end) (of ``institution``'s
    applications when given)."""
    from finance_market.models import FeedbackNotice

    queryset = FeedbackNotice.objects.filter(generated_at__gte=start, generated_at__lt=end)
    if institution is not None:
        queryset = queryset.filter(application__institution=institution)
    return queryset.aggregate(generated=Count("pk"), reported=Count("pk", filter=Q(reported_at__isnull=False)),
                              overdue=Count("pk", filter=_overdue_notice()))


def with_overdue_notice(applications, start, end):
    """Those of ``applications`` whose 反馈通知书, generated in [start, end), is overdue."""
    prefix = "feedback_notice__"
    applications = applications.filter(**{f"{prefix}generated_at__gte": start, f"{prefix}generated_at__lt": end})
    return applications.filter(_overdue_notice(prefix))


def urge_figures(start, end, institution=None):
    """{urges, urged_applications}: the 催办 made in [start, end) and how many applications they concern."""
    from finance_market.models import Urge

    queryset = Urge.objects.filter(created_at__gte=start, created_at__lt=end)
    if institution is not None:
        queryset = queryset.filter(application__institution=institution)
    return queryset.aggregate(urges=Count("pk"), urged_applications=Count("application_id", distinct=True))


def urged_between(applications, start, end):
    """Those of ``applications`` urged in [start, end) (each once)."""
    return applications.filter(urges__created_at__gte=start, urges__created_at__lt=end).distinct()


# --- the application report's figures: definitions, and the rows kept per month, quarter and year -----------

# the definitions live beside the table they fill (finance_market.figures); reports reads them here
IS_SIGNED = figures.IS_SIGNED
UNKNOWN = figures.UNKNOWN
CAPITAL_BUCKETS = figures.CAPITAL_BUCKETS
APPLICATION_DIMENSIONS = figures.DIMENSIONS
STORED_PERIODS = tuple(figures.PERIODS)
application_metrics = figures.metrics
capital_q = figures.capital_q


def stored_figures(period, first_day, institution=None):
    """The kept figures of one month, quarter or year (``period`` "month" | "quarter" | "year" starting on
    ``first_day``), platform-wide or of ``institution``: {(dimension, key): {applications, enterprises, amount,
    signed, signed_enterprises, signed_amount, refused}}, rows with applications only. Dimensions: "all" (key
    ""), institution, product, industry (门类), region, capital (bucket key), reason (``applications`` = refusals
    giving it); keys are ids as text or "none". One query (finance_market.figures)."""
    return figures.stored(period, first_day, institution)


def stored_monthly_figures(first_days, institution=None):
    """{first day of a month: figures of its "all" row} for the months given (one query)."""
    return figures.stored_months(first_days, institution)


def product_titles(pks):
    """{product id: title} (the names of a report's product rows)."""
    from finance_market.models import LoanProductPage

    return dict(LoanProductPage.objects.filter(pk__in=list(pks)).values_list("pk", "title"))


def refusal_reason_names(pks):
    """{refusal reason id: name}."""
    from finance_market.models import RefusalReason

    return dict(RefusalReason.objects.filter(pk__in=list(pks)).values_list("pk", "name"))


# --- the to-do counts of the admin home (computed at read time: a deadline passed is overdue now, whether
# or not the hourly scan_overdue job has flagged it yet) ---

def _deciding():
    from finance_market.models.applications import DECIDING_STATUSES

    return DECIDING_STATUSES  # not INFO_REQUESTED: the clock stops while the enterprise is asked


def waiting_q():
    """Open applications on which the bank must act (受理 or 审批); 待补充材料 waits on the enterprise."""
    from django.db.models import Q

    from finance_market.choices import ApplicationStatus as S

    return Q(status=S.SUBMITTED) | Q(status__in=_deciding())


def due_soon_q(today=None):
    """Not yet overdue, due today or by the next working day."""
    from django.db.models import Q
    from django.utils import timezone

    from core.workdays import add_workdays
    from finance_market.choices import ApplicationStatus as S

    today = today or timezone.localdate()
    until = add_workdays(today, 1)
    return (Q(status=S.SUBMITTED, accept_due__gte=today, accept_due__lte=until)
            | Q(status__in=_deciding(), decide_due__gte=today, decide_due__lte=until))


def bank_todo(institution, today=None):
    """What waits for ``institution``'s staff: {key: count}."""
    from finance_market.choices import NeedStatus
    from finance_market.models import FeedbackNotice, FinancingNeed, LoanApplication

    applications = LoanApplication.objects.filter(institution=institution)
    notices = FeedbackNotice.objects.filter(application__institution=institution)
    return {
        "waiting": applications.filter(waiting_q()).count(),
        "due_soon": applications.filter(due_soon_q(today)).count(),
        "overdue": applications.overdue(today).count(),
        "notices": notices.filter(reported_at__isnull=True).count(),
        "needs": FinancingNeed.objects.filter(status=NeedStatus.PUBLISHED).count(),
    }


def platform_todo():
    """What waits for the platform's review in the marketplace: {key: count}."""
    from finance_market.choices import NeedStatus
    from finance_market.models import FinancingNeed

    return {
        "needs": FinancingNeed.objects.filter(status=NeedStatus.PENDING).count(),
        "products": products_in_review().count(),
    }


def products_in_review():
    """Workflow states of loan products submitted for review and not yet approved or rejected."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, WorkflowState

    from finance_market.models import LoanProductPage

    product_ids = LoanProductPage.objects.values_list("pk", flat=True)
    return WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in product_ids])


def supervision_by_bank(today=None):
    """For 人民银行: per institution, notices overdue now, urges received and the mean calendar days from
    submission to decision. A list of dicts, by institution name, in three aggregate queries."""
    from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F

    from finance_market.choices import DECIDED_STATUSES
    from finance_market.models import LoanApplication
    from finance_market.models.applications import unreported_past_due
    from members.models import FinancialInstitution

    rows = {i.pk: {"institution": i, "overdue_notices": 0, "overdue_applications": 0, "urges": 0,
                   "decided": 0, "mean_days": None}
            for i in FinancialInstitution.objects.order_by("name")}
    counted = FinancialInstitution.objects.annotate(
        overdue_notices=Count("loan_applications__feedback_notice", distinct=True, filter=unreported_past_due(
            "loan_applications__feedback_notice__", today or _localdate())),
        urges=Count("loan_applications__urges", distinct=True),
    ).values("pk", "overdue_notices", "urges")
    for row in counted:
        rows[row["pk"]].update(overdue_notices=row["overdue_notices"], urges=row["urges"])
    for row in (LoanApplication.objects.overdue(today).values("institution")
                .annotate(n=Count("pk"))):
        rows[row["institution"]]["overdue_applications"] = row["n"]
    handling = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    for row in (LoanApplication.objects.filter(status__in=DECIDED_STATUSES, decided_at__isnull=False)
                .values("institution").annotate(n=Count("pk"), mean=Avg(handling))):
        rows[row["institution"]].update(decided=row["n"], mean_days=round(row["mean"].total_seconds() / 86400, 1))
    return list(rows.values())


def _localdate():
    from django.utils import timezone

    return timezone.localdate()


# --- the public 数据大屏 (reports/screen.py): platform-wide figures, no enterprise named ---------------------

def signed_between(start, end):
    """The applications signed (their decision taken) in [start, end): the day's 签约 on the data screen."""
    from finance_market.choices import ApplicationStatus
    from finance_market.models import LoanApplication

    return LoanApplication.objects.filter(status=ApplicationStatus.SIGNED, decided_at__gte=start, decided_at__lt=end)


def response_times(start, end):
    """Per institution, over the applications submitted in [start, end): how many were accepted (受理) and the
    mean hours from submission to acceptance, how many were decided (签约 or 拒绝) and the mean days from
    submission to the decision. A list of dicts {institution, accepted, accept_hours, decided, decide_days}
    (means None when there is none), one grouped query."""
    from django.db.models import Avg, DurationField, ExpressionWrapper, Max

    from finance_market.choices import DECIDED_STATUSES
    from finance_market.models import LoanApplication

    def waited(field):
        return ExpressionWrapper(F(field) - F("submitted_at"), output_field=DurationField())

    decided = Q(status__in=DECIDED_STATUSES, decided_at__isnull=False)
    rows = (LoanApplication.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
            .order_by().values("institution_id")
            .annotate(institution=Max("institution__name"),
                      accepted=Count("accepted_at"),
                      accept_mean=Avg(waited("accepted_at"), filter=Q(accepted_at__isnull=False)),
                      decided=Count("pk", filter=decided),
                      decide_mean=Avg(waited("decided_at"), filter=decided)))
    return [{"institution": row["institution"], "accepted": row["accepted"], "decided": row["decided"],
             "accept_hours": _hours(row["accept_mean"]), "decide_days": _days(row["decide_mean"])} for row in rows]


def _hours(duration):
    return None if duration is None else round(duration.total_seconds() / 3600, 1)


def _days(duration):
    return None if duration is None else round(duration.total_seconds() / 86400, 1)


def latest_signings(limit=12):
    """The most recent signings, anonymised at the source: the enterprise's industry section (GB/T 4754 门类
    code), the institution, the product's category, the amount (credit granted, else the amount applied for)
    and when (decisions up to now). No name, code or contact of the enterprise is read."""
    from django.db.models.functions import Coalesce

    from finance_market.choices import ApplicationStatus
    from finance_market.models import LoanApplication

    return list(
        LoanApplication.objects.filter(status=ApplicationStatus.SIGNED, decided_at__lte=timezone.now())
        .order_by("-decided_at", "-pk")
        .values(industry=Coalesce("enterprise__industry__section__code", "enterprise__industry__code"),
                institution_name=F("institution__name"), product_type=F("product__product_type"),
                signed_amount=Coalesce("credit_amount", "amount"), decided=F("decided_at"))[:limit]
    )


def material_view_entries(enterprise, limit):
    """谁查看了我的数据 (members.data_sharing.register_view_source): the reads of the enterprise's application
    materials by anyone but itself, newest first, as the enterprise reads them."""
    from finance_market.models import MaterialAccess
    from members.data_sharing import ViewEntry

    accesses = (MaterialAccess.objects.filter(attachment__application__enterprise=enterprise)
                .exclude(user=enterprise.account_id).select_related("user", "attachment__application")[:limit])
    organisations = {}  # user id -> the institution's name, or the kind of account (one query per person)

    def organisation(user):
        if user is None:
            return ""
        if user.pk not in organisations:
            institution = user.institution
            organisations[user.pk] = institution.name if institution else str(user.get_category_display())
        return organisations[user.pk]

    return [ViewEntry(access.accessed_at, organisation(access.user),
                      (access.user.get_full_name() or access.user.get_username()) if access.user else "—",
                      _("申请材料“%(file)s”%(kind)s（%(reference)s）") % {
                          "file": access.attachment.filename, "kind": access.get_kind_display(),
                          "reference": access.attachment.application.reference})
            for access in accesses]


# --- 放款 (disbursements): what the reports and the data screen count --------------------------------------
#
# Disbursement figures are counted by the date the money was paid out (放款日期), not by the application's
# submission: 放款金额 of a month is what was paid out in that month. Each figure is one aggregate query over
# finance_market.Disbursement (indexed by date); what a figure needs about "firsts" was fixed on the row when
# it was written (is_first, platform_first_loan, days_from_application; see finance_market.lifecycle).

def _as_day(value):
    """A date from a date or an aware datetime (its local date): [start, end) bounds of the reports."""
    import datetime

    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def disbursements(start=None, end=None, institution=None):
    """The disbursements paid out on days in [start, end) (dates, or aware datetimes at local midnight such as
    a report period's ``start``/``end``), of ``institution``'s applications when given."""
    from finance_market.models import Disbursement

    queryset = Disbursement.objects.all()
    if institution is not None:
        queryset = queryset.filter(institution=institution)
    if start is not None:
        queryset = queryset.filter(disbursed_on__gte=_as_day(start))
    if end is not None:
        queryset = queryset.filter(disbursed_on__lt=_as_day(end))
    return queryset


def disbursement_metrics():
    """The aggregates of the 放款 figures, for ``aggregate`` or a grouped ``annotate`` over disbursements."""
    from django.db.models import Avg, DecimalField, Sum, Value
    from django.db.models.functions import Coalesce

    money = DecimalField(max_digits=20, decimal_places=2)
    return {
        "disbursed_amount": Coalesce(Sum("amount"), Value(Decimal("0"), output_field=money), output_field=money),
        "disbursements": Count("pk"),
        "disbursed_applications": Count("application_id", distinct=True),
        "disbursed_enterprises": Count("enterprise_id", distinct=True),
        "first_disbursed": Count("pk", filter=Q(is_first=True)),
        "first_loans": Count("pk", filter=Q(platform_first_loan=True)),
        "mean_days": Avg("days_from_application", filter=Q(is_first=True)),
    }


def with_disbursement_ratios(row):
    """Add 平均放款金额 (per disbursed application, yuan), 首贷占比 (first loans on the platform among the
    applications first paid out) and round 获贷天数 (mean calendar days from submission to the first payment)."""
    applications = row.get("disbursed_applications") or 0
    row["mean_disbursed"] = (row["disbursed_amount"] / applications).quantize(Decimal("0.01")) if applications \
        else None
    row["first_loan_share"] = row["first_loans"] / row["first_disbursed"] if row.get("first_disbursed") else None
    row["mean_days"] = round(float(row["mean_days"]), 1) if row.get("mean_days") is not None else None
    return row


def _kept_disbursements(start, end, institution=None):
    """The kept 放款 rows when [start, end) is a calendar month, quarter or year (finance_market.figures), else
    None (the figures are then counted live)."""
    if start is None or end is None:
        return None
    period = figures.kept_period(_as_day(start), _as_day(end))
    return None if period is None else figures.stored_disbursements(*period, institution)


def _kept_row(row):
    """A kept 放款 row as the live aggregate gives it (获贷天数 the mean of the first parts' days)."""
    row = row or {}
    counted = row.get("days_counted", 0)
    return {"disbursed_amount": row.get("disbursed_amount", Decimal("0")),
            **{name: row.get(name, 0) for name in ("disbursements", "disbursed_applications", "disbursed_enterprises",
                                                   "first_disbursed", "first_loans")},
            "mean_days": Decimal(row["days_total"]) / counted if counted else None}


def disbursement_totals(start, end, institution=None):
    """{disbursed_amount (yuan), disbursements, disbursed_applications, disbursed_enterprises, first_disbursed,
    first_loans, mean_days (获贷天数), mean_disbursed (平均放款金额, yuan), first_loan_share (0..1 or None)} for
    the money paid out on days in [start, end): the kept row of a month, quarter or year, else one query."""
    kept = _kept_disbursements(start, end, institution)
    if kept is not None:
        return with_disbursement_ratios(_kept_row(kept.get(("all", ""))))
    return with_disbursement_ratios(disbursements(start, end, institution).aggregate(**disbursement_metrics()))


# dimension → (group key, name) over disbursements; the same grouping as reports.reports.DIMENSIONS
# (an industry counts under its 门类)
DISBURSEMENT_DIMENSIONS = {
    "institution": ("institution_id", "institution__name"),
    "product": ("product_id", "product__title"),
    "industry": (("enterprise__industry__section_id", "enterprise__industry_id"),
                 ("enterprise__industry__section__name", "enterprise__industry__name")),
    "region": ("enterprise__region_id", "enterprise__region__name"),
}


def _dimension_expressions(dimension):
    from django.db.models.functions import Coalesce

    key, name = DISBURSEMENT_DIMENSIONS[dimension]
    if isinstance(key, tuple):
        return Coalesce(*key), Coalesce(*name)
    return F(key), F(name)


def disbursement_breakdown(dimension, start, end, institution=None):
    """The 放款 figures per institution, product, industry (门类) or region (镇街) for [start, end), largest
    amount first; rows without one are named 未填写 (key "none"). One grouped query."""
    from django.db.models import Max
    from django.utils.translation import gettext as _

    kept = None if dimension == "institution" and institution is not None else \
        _kept_disbursements(start, end, institution)
    if kept is not None:
        rows = [{"dim_key": None if key == figures.UNKNOWN else int(key), **_kept_row(row)}
                for (kept_dimension, key), row in kept.items() if kept_dimension == dimension]
        names = _dimension_names(dimension, [row["dim_key"] for row in rows if row["dim_key"] is not None])
        for row in rows:
            row["name"] = names.get(row["dim_key"])
    else:
        key_expr, name_expr = _dimension_expressions(dimension)
        rows = list(disbursements(start, end, institution).annotate(dim_key=key_expr).order_by().values("dim_key")
                    .annotate(name=Max(name_expr), **disbursement_metrics()))
    for row in rows:
        if row["dim_key"] is None:
            row["dim_key"], row["name"] = "none", _("未填写")
        with_disbursement_ratios(row)
    rows.sort(key=lambda r: (-r["disbursed_amount"], str(r["name"])))
    return rows


def _dimension_names(dimension, pks):
    """{id: name} of institutions, products, industries or regions, as the live breakdown names them."""
    from members.models import FinancialInstitution, Industry, Region

    if dimension == "product":
        return product_titles(pks)
    model = {"institution": FinancialInstitution, "industry": Industry, "region": Region}[dimension]
    return dict(model.objects.filter(pk__in=pks).values_list("pk", "name"))


def disbursement_top(dimension, start, end, limit=5, institution=None):
    """The ``limit`` institutions or products (or industries, regions) with the most money paid out."""
    return disbursement_breakdown(dimension, start, end, institution)[:limit]


def product_day_and_cumulative(day, institution=None):
    """Per product: the money paid out on ``day`` (当日) and on every day up to and including it (累计), most
    cumulative amount first: [{dim_key, name, institution, day_amount, day_disbursements, total_amount,
    total_disbursements}]. One grouped query."""
    import datetime

    from django.db.models import DecimalField, Max, Sum, Value
    from django.db.models.functions import Coalesce
    from django.utils.translation import gettext as _

    money = DecimalField(max_digits=20, decimal_places=2)
    zero = Value(Decimal("0"), output_field=money)
    on_day = Q(disbursed_on=day)
    sums = {"day_amount": Coalesce(Sum("amount", filter=on_day), zero, output_field=money),
            "day_disbursements": Count("pk", filter=on_day),
            "total_amount": Coalesce(Sum("amount"), zero, output_field=money), "total_disbursements": Count("pk")}
    month = day.replace(day=1)
    if figures.kept_period(month, (month + datetime.timedelta(days=31)).replace(day=1)) is None:
        rows = list(disbursements(None, day + datetime.timedelta(days=1), institution).order_by()
                    .values(dim_key=F("product_id")).annotate(
                        name=Max("product__title"), institution=Max("institution__name"), **sums))
    else:
        rows = _kept_product_day_and_cumulative(day, institution, sums)
    for row in rows:
        if row["dim_key"] is None:
            row["dim_key"] = "none"
            row["name"] = row["name"] or _("融资需求对接")
    rows.sort(key=lambda r: (-r["total_amount"], str(r["name"])))
    return rows


def _kept_product_day_and_cumulative(day, institution, sums):
    """product_day_and_cumulative's rows from the kept yearly and monthly rows before the month of ``day`` and a
    live query over the days of that month up to ``day`` (instead of every disbursement ever made)."""
    import datetime

    from django.db.models import Max

    from members.models import FinancialInstitution

    found = {}  # product key → [day amount, day disbursements, total amount, total disbursements, institutions]

    def product(key):
        return found.setdefault(key, [Decimal("0"), 0, Decimal("0"), 0, set()])

    for (key, scope), (amount, count) in figures.product_totals_before(day, institution).items():
        row = product(None if key == figures.UNKNOWN else int(key))
        row[2] += amount
        row[3] += count
        row[4].add(scope)
    month = disbursements(day.replace(day=1), day + datetime.timedelta(days=1), institution).order_by()
    for live in month.values("product_id", "institution_id").annotate(**sums):
        row = product(live["product_id"])
        row[0] += live["day_amount"]
        row[1] += live["day_disbursements"]
        row[2] += live["total_amount"]
        row[3] += live["total_disbursements"]
        row[4].add(live["institution_id"])
    titles = product_titles([key for key in found if key is not None])
    names = dict(FinancialInstitution.objects.filter(pk__in={pk for row in found.values() for pk in row[4]})
                 .values_list("pk", "name"))
    rows = []
    for key, (day_amount, day_count, total_amount, total_count, banks) in found.items():
        if len(banks) == 1:
            bank = names.get(next(iter(banks)))
        else:  # the greatest name in the database's collation, as Max() over the disbursements gives it
            bank = FinancialInstitution.objects.filter(pk__in=banks).aggregate(name=Max("name"))["name"]
        rows.append({"dim_key": key, "name": titles.get(key), "institution": bank, "day_amount": day_amount,
                     "day_disbursements": day_count, "total_amount": total_amount, "total_disbursements": total_count})
    return rows


def disbursement_per_day(start, end, institution=None):
    """{date: {disbursed_amount, disbursements}} of the days in [start, end) with money paid out."""
    from django.db.models import Sum

    return {row["disbursed_on"]: row for row in disbursements(start, end, institution).order_by()
            .values("disbursed_on").annotate(disbursed_amount=Sum("amount"), disbursements=Count("pk"))}


def disbursed_on_and_up_to(day):
    """{day: the money paid out on ``day``, total: on every day up to and including it} (yuan): one query."""
    import datetime

    from django.db.models import DecimalField, Sum, Value
    from django.db.models.functions import Coalesce

    money = DecimalField(max_digits=20, decimal_places=2)
    zero = Value(Decimal("0"), output_field=money)
    return disbursements(None, day + datetime.timedelta(days=1)).aggregate(
        day=Coalesce(Sum("amount", filter=Q(disbursed_on=day)), zero, output_field=money),
        total=Coalesce(Sum("amount"), zero, output_field=money))
