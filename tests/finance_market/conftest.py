"""A small market on the shared cast: two banks with staff and products, two certified enterprises and one
pending, a supervisor and the platform admins; built with the same helpers seed_demo uses."""

import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from finance_market import lifecycle
from finance_market.models import RefusalReason
from finance_market.setup import setup_bank
from members.models import Enterprise, Industry, Region
from tests.factories.market import BankIndexPageFactory, LoanProductPageFactory, W
from tests.factories.members import EnterpriseFactory


@pytest.fixture
def market(home, cast):
    """The shared cast (tests/factories/cast.py) plus a bank index with each bank's page and a product, regions,
    a pending enterprise and a refusal reason. Here ``ent_a``/``ent_b`` are the Enterprise rows (the cast's
    ``ent_a`` is an account) and ``staff_a``/``staff_b`` the banks' staff."""
    m = SimpleNamespace(**vars(cast))
    m.ent_a, m.ent_b = cast.enterprise_a, cast.enterprise_b
    m.staff_a, m.staff_b = cast.bank_a_user, cast.bank_b_user
    m.index = BankIndexPageFactory(parent=home)
    m.page_a = setup_bank(m.bank_a, m.index)
    m.page_b = setup_bank(m.bank_b, m.index)
    m.product_a = LoanProductPageFactory(parent=m.page_a, title="甲银行信用贷")
    m.product_b = LoanProductPageFactory(parent=m.page_b, title="乙银行信用贷")
    m.manufacturing = Industry.objects.get(code="C")
    m.machinery = Industry.objects.get(code="34")
    m.region = Region.objects.create(name="城关街道")
    m.other_region = Region.objects.create(name="西山镇")
    Enterprise.objects.filter(pk=m.ent_a.pk).update(industry=m.machinery, region=m.region, headcount=50)
    m.ent_a.refresh_from_db()
    m.pending = EnterpriseFactory(name="待认证企业")
    m.reason, _created = RefusalReason.objects.get_or_create(name="资料不完整")
    return m


def submit(enterprise, product, amount=Decimal("1000000"), **extra):
    return lifecycle.submit(
        enterprise=enterprise, institution=product.institution, product=product, by=enterprise.account,
        amount=amount, term_months=12, purpose="补充流动资金", contact_person="张三", contact_phone="13800000000",
        checkout_token=uuid.uuid4(), **extra)


@pytest.fixture
def application(market):
    return submit(market.ent_a, market.product_a)


__all__ = ["W", "submit"]
