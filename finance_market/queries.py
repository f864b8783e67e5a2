"""Public read functions of the marketplace (the home page and the 金融超市 listing use them)."""

from decimal import Decimal, InvalidOperation

from core.money import wan_to_yuan
from core.params import int_param
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

    return LoanProductPage.objects.live().public().select_related("institution")


def pinned_products(limit=3):
    """The top pinned live loan products (F-HOME-3): 置顶 ones by platform order, in 2 queries."""
    return list(live_products().filter(is_pinned=True).order_by(*SORTS[""])[:limit])


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


# --- the to-do counts of the admin home (computed at read time: a deadline passed is overdue now, whether
# or not the hourly scan_overdue job has flagged it yet) ---

def _deciding():
    from finance_market.choices import ApplicationStatus as S

    return (S.ACCEPTED, S.RESUBMITTED)  # INFO_REQUESTED: the clock stops while the enterprise is asked


def waiting_q():
    """Open applications on which the bank must act (受理 or 审批); 待补充材料 waits on the enterprise."""
    from django.db.models import Q

    from finance_market.choices import ApplicationStatus as S

    return Q(status=S.SUBMITTED) | Q(status__in=_deciding())


def overdue_q(today=None):
    from django.db.models import Q
    from django.utils import timezone

    from finance_market.choices import ApplicationStatus as S

    today = today or timezone.localdate()
    return Q(status=S.SUBMITTED, accept_due__lt=today) | Q(status__in=_deciding(), decide_due__lt=today)


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


def unreported_notice_q():
    from django.db.models import Q

    return Q(reported_at__isnull=True)


def overdue_notice_q(today=None):
    from django.db.models import Q
    from django.utils import timezone

    return Q(reported_at__isnull=True, due_date__lt=today or timezone.localdate())


def bank_todo(institution, today=None):
    """What waits for ``institution``'s staff: {key: count}."""
    from finance_market.choices import NeedStatus
    from finance_market.models import FeedbackNotice, FinancingNeed, LoanApplication

    applications = LoanApplication.objects.filter(institution=institution)
    notices = FeedbackNotice.objects.filter(application__institution=institution)
    return {
        "waiting": applications.filter(waiting_q()).count(),
        "due_soon": applications.filter(due_soon_q(today)).count(),
        "overdue": applications.filter(overdue_q(today)).count(),
        "notices": notices.filter(unreported_notice_q()).count(),
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
    from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

    from finance_market.choices import DECIDED_STATUSES
    from finance_market.models import LoanApplication
    from members.models import FinancialInstitution

    rows = {i.pk: {"institution": i, "overdue_notices": 0, "overdue_applications": 0, "urges": 0,
                   "decided": 0, "mean_days": None}
            for i in FinancialInstitution.objects.order_by("name")}
    counted = FinancialInstitution.objects.annotate(
        overdue_notices=Count("loan_applications__feedback_notice", distinct=True, filter=Q(
            loan_applications__feedback_notice__reported_at__isnull=True,
            loan_applications__feedback_notice__due_date__lt=today or _localdate())),
        urges=Count("loan_applications__urges", distinct=True),
    ).values("pk", "overdue_notices", "urges")
    for row in counted:
        rows[row["pk"]].update(overdue_notices=row["overdue_notices"], urges=row["urges"])
    for row in (LoanApplication.objects.filter(overdue_q(today)).values("institution")
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
