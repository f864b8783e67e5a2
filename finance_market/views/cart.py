"""购物车 (/market/cart/) and checkout (F-LOAN-2..5)."""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.money import yuan_to_wan
from core.params import id_param, int_param
from finance_market import checkout as checkout_service
from finance_market.forms import CheckoutForm, product_form_class
from finance_market.lifecycle import TransitionError
from finance_market.models import CartItem, LoanProductPage, MarketSettings
from members.decorators import certified_enterprise_required


def _back(request, default="market:cart"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _cart_items(enterprise):
    return list(CartItem.objects.filter(enterprise=enterprise, product__live=True)
                .select_related("product__institution").prefetch_related("product__form_fields"))


@certified_enterprise_required
def cart(request):
    items = _cart_items(request.user.enterprise)
    return render(request, "finance_market/cart.html", {"items": items})


@require_POST
@certified_enterprise_required
def cart_add(request):
    product = get_object_or_404(LoanProductPage.objects.live().public(), pk=id_param(request.POST.get("product")))
    try:
        with transaction.atomic():
            _item, created = CartItem.objects.get_or_create(enterprise=request.user.enterprise, product=product)
    except IntegrityError:  # two clicks racing: the constraint keeps one row
        created = False
    if created:
        messages.success(request, _("已将“%s”加入购物车。") % product.title)
    else:
        messages.info(request, _("“%s”已在购物车中。") % product.title)
    if request.POST.get("apply"):  # 立即申请: the application form of this product alone
        return redirect(f"{reverse('market:checkout')}?product={product.pk}")
    return _back(request)


@require_POST
@certified_enterprise_required
def cart_remove(request, pk):
    item = get_object_or_404(CartItem, pk=pk, enterprise=request.user.enterprise)
    item.delete()
    messages.success(request, _("已从购物车移除“%s”。") % item.product.title)
    return redirect("market:cart")


def _initial(request, enterprise):
    initial = {"token": uuid.uuid4(), "contact_person": enterprise.contact_person,
               "contact_phone": enterprise.contact_phone, "is_first_loan": "1"}
    last = request.session.get("market_request")
    if last:
        initial.update(amount=yuan_to_wan(Decimal(last["amount"])), term_months=last["term_months"],
                       purpose=last["purpose"], collateral=last.get("collateral", []))
    return initial


@certified_enterprise_required
def checkout(request):
    enterprise = request.user.enterprise
    items = _cart_items(enterprise)
    only = int_param(request.GET.get("product"), 1)  # 立即申请 on one product: apply for it alone
    if only is not None:
        items = [item for item in items if item.product_id == only]
        token = request.POST.get("token", "")
        done = checkout_service.already_submitted(enterprise, token) if _is_uuid(token) else []
        if done:
            messages.info(request, _("这些申请已经提交过，不会重复提交。"))
            return redirect("market_member:applications")
    if not items:
        messages.info(request, _("购物车是空的，请先选择贷款产品。"))
        return redirect("market:market")
    max_bytes = MarketSettings.load().attachment_max_mb * 1024 * 1024
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = CheckoutForm(data, initial=_initial(request, enterprise))
    entries = []
    for item in items:
        form_class = product_form_class(item.product, max_bytes)
        entries.append((item, form_class(data, files, prefix=f"p{item.product_id}"), form_class.labels))
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for _item, f, _labels in entries):
        try:
            applications, created = checkout_service.checkout(
                enterprise, request.user, [(i.product, f.cleaned_data, labels) for i, f, labels in entries],
                form.cleaned_data, form.cleaned_data["token"])
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("market:cart")
        if created:
            messages.success(request, checkout_service.summary(applications))
        else:
            messages.info(request, _("这些申请已经提交过，不会重复提交。"))
        return redirect("market_member:applications")
    return render(request, "finance_market/checkout.html", {"form": form, "entries": entries})


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
