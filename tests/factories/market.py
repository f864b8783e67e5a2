"""Marketplace factories: pages are created live under the parent given (``parent=...``)."""

from decimal import Decimal

import factory
import wagtail_factories

from core.money import WAN
from finance_market.models import BankIndexPage, BankPage, LoanProductPage

W = WAN


class BankIndexPageFactory(wagtail_factories.PageFactory):
    title = "金融机构"
    slug = "banks"

    class Meta:
        model = BankIndexPage


class BankPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda o: o.institution.name)
    slug = factory.Sequence(lambda n: f"bank-{n}")

    class Meta:
        model = BankPage


class LoanProductPageFactory(wagtail_factories.PageFactory):
    """A product open to everyone: 10–500 万元, 1–36 months, 4.00–5.00 %, credit."""

    title = factory.Sequence(lambda n: f"贷款产品{n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    product_type = "credit"
    target_customers = "中小微企业"
    amount_min = 10 * W
    amount_max = 500 * W
    term_min = 1
    term_max = 36
    rate_min = Decimal("4.00")
    rate_max = Decimal("5.00")
    guarantee_methods = factory.LazyFunction(lambda: ["credit"])
    repayment_methods = factory.LazyFunction(lambda: ["interest_first"])
    eligible_sizes = factory.LazyFunction(list)
    sort_order = 100

    class Meta:
        model = LoanProductPage
        skip_postgeneration_save = True

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        if extracted:
            self.eligible_industries.set(extracted)
            self.save_revision().publish()

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if extracted:
            self.eligible_regions.set(extracted)
            self.save_revision().publish()
