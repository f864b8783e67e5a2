"""A small market: two banks with staff and products, two certified enterprises and one pending,
a supervisor and a platform admin; built with the same helpers seed_demo uses."""

import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from finance_market import lifecycle
from finance_market.models import RefusalReason
from finance_market.setup import setup_bank
from members import roles
from members.models import AccountCategory, Industry, Region
from tests.factories.market import BankIndexPageFactory, LoanProductPageFactory, W
from tests.factories.members import EnterpriseFactory, InstitutionFactory, InstitutionStaffFactory
from tests.factories.users import UserFactory


@pytest.fixture
def market(home):
    groups = roles.ensure_platform_groups()
    m = SimpleNamespace()
    m.index = BankIndexPageFactory(parent=home)
    m.bank_a = InstitutionFactory(name="甲银行")
    m.bank_b = InstitutionFactory(name="乙银行")
    m.page_a = setup_bank(m.bank_a, m.index)
    m.page_b = setup_bank(m.bank_b, m.index)
    m.staff_a = InstitutionStaffFactory(username="staff_a", institution=m.bank_a)
    m.staff_b = InstitutionStaffFactory(username="staff_b", institution=m.bank_b)
    m.product_a = LoanProductPageFactory(parent=m.page_a, title="甲银行信用贷")
    m.product_b = LoanProductPageFactory(parent=m.page_b, title="乙银行信用贷")
    m.manufacturing = Industry.objects.get(code="C")
    m.machinery = Industry.objects.get(code="34")
    m.region = Region.objects.create(name="城关街道")
    m.other_region = Region.objects.create(name="西山镇")
    m.ent_a = EnterpriseFactory(name="甲企业", certified=True, industry=m.machinery, region=m.region, headcount=50)
    m.ent_b = EnterpriseFactory(name="乙企业", certified=True)
    m.pending = EnterpriseFactory(name="待认证企业")
    m.supervisor = UserFactory(username="pbc", category=AccountCategory.DEPARTMENT,
                               groups=[Group.objects.get(name=roles.SUPERVISORS)])
    m.level1 = UserFactory(username="ops", category=AccountCategory.PLATFORM, groups=[groups[roles.LEVEL1]])
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
