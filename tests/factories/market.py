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


def build_market(home, cast):
    """What the ``market`` fixture (tests/finance_market/conftest.py) adds to the cast and the home page, as a
    namespace: a bank index with each bank's page and a product, regions, a pending enterprise and a refusal
    reason; enterprise A gets an industry, a region and a headcount."""
    from types import SimpleNamespace

    from finance_market.models import RefusalReason
    from finance_market.setup import setup_bank
    from members.models import Enterprise, Industry, Region
    from tests.factories.members import EnterpriseFactory

    m = SimpleNamespace()
    m.index = BankIndexPageFactory(parent=home)
    m.page_a = setup_bank(cast.bank_a, m.index)
    m.page_b = setup_bank(cast.bank_b, m.index)
    m.product_a = LoanProductPageFactory(parent=m.page_a, title="甲银行信用贷")
    m.product_b = LoanProductPageFactory(parent=m.page_b, title="乙银行信用贷")
    m.manufacturing = Industry.objects.get(code="C")
    m.machinery = Industry.objects.get(code="34")
    m.region = Region.objects.create(name="城关街道")
    m.other_region = Region.objects.create(name="西山镇")
    Enterprise.objects.filter(pk=cast.enterprise_a.pk).update(industry=m.machinery, region=m.region, headcount=50)
    cast.enterprise_a.refresh_from_db()
    m.pending = EnterpriseFactory(name="待认证企业")
    m.reason, _created = RefusalReason.objects.get_or_create(name="资料不完整")
    return m
