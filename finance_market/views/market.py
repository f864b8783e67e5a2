"""金融超市 (/market/) and 我要贷款 (/market/match/)."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.models import PortalSettings
from core.page_cache import cache_for_anonymous
from finance_market import matching
from finance_market.choices import GuaranteeMethod, ProductType
from finance_market.forms import LoanRequestForm
from finance_market.queries import filter_products, live_products
from members.decorators import certified_enterprise_required
from members.models import FinancialInstitution

PER_PAGE = 12
SORT_CHOICES = [("", _("默认排序")), ("rate", _("利率从低到高")), ("amount", _("额度从高到低")),
                ("term", _("期限从长到短")), ("newest", _("最新发布"))]


@cache_for_anonymous
def market(request):
    if not request.user.is_authenticated and PortalSettings.for_request(request).require_login_for_products:
        return redirect_to_login(request.get_full_path())
    queryset, active = filter_products(live_products(), request.GET)
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    institutions = FinancialInstitution.objects.filter(products__live=True, is_active=True).distinct().order_by("name")
    return render(request, "finance_market/market.html", {
        "page_obj": page_obj, "products": page_obj.object_list, "active": active,
        "filters_set": len(active.keys() - {"sort"}),
        "institutions": institutions, "product_types": ProductType.choices,
        "guarantees": GuaranteeMethod.choices, "sorts": SORT_CHOICES,
    })


@certified_enterprise_required
def match(request):
    enterprise = request.user.enterprise
    form = LoanRequestForm(request.GET or None, initial=request.session.get("market_request_initial"))
    eligible = excluded = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        loan_request = matching.Request(amount=data["amount"], term_months=data["term_months"],
                                        purpose=data["purpose"], collateral=frozenset(data["collateral"]))
        eligible, excluded = matching.match(enterprise, loan_request)
        request.session["market_request"] = {
            "amount": str(data["amount"]), "term_months": data["term_months"], "purpose": data["purpose"],
            "collateral": data["collateral"]}
        request.session["market_request_initial"] = {k: request.GET.get(k) for k in ("amount", "term_months",
                                                                                      "purpose")}
    return render(request, "finance_market/match.html", {
        "form": form, "eligible": eligible, "excluded": excluded, "enterprise": enterprise,
        "size": matching.enterprise_size(enterprise),
    })
