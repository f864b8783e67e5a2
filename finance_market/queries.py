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
