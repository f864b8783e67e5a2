"""贷款计算器 (/market/calculator/): works without JavaScript; calculator.js shows the same figures live."""

from django.shortcuts import render

from core.params import int_param
from finance_market.calculator import schedule
from finance_market.forms import CalculatorForm
from finance_market.models import LoanProductPage


def calculator(request):
    product = None
    product_id = int_param(request.GET.get("product"), 1)  # a link from a product page; anything else ignored
    if product_id is not None:
        product = LoanProductPage.objects.live().public().filter(pk=product_id).first()
    has_input = any(name in request.GET for name in CalculatorForm.base_fields)
    form = CalculatorForm(request.GET if has_input else None,
                          initial=CalculatorForm.initial_for(product) if product else None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = schedule(data["amount"], data["term_months"], data["annual_rate"], data["method"])
    return render(request, "finance_market/calculator.html", {"form": form, "result": result, "product": product})
