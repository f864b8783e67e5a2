"""A small market on the shared cast: two banks with staff and products, two certified enterprises and one
pending, a supervisor and the platform admins; built with the same helpers seed_demo uses."""

import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from finance_market import lifecycle
from tests.factories.market import W, build_market
from tests.worlds import provide, register


@pytest.fixture
def market(request, home, cast):
    """The shared cast (tests/factories/cast.py) plus a bank index with each bank's page and a product, regions,
    a pending enterprise and a refusal reason (tests/factories/market.py build_market). Here ``ent_a``/``ent_b``
    are the Enterprise rows (the cast's ``ent_a`` is an account) and ``staff_a``/``staff_b`` the banks' staff.
    Restored from the copy built once per test process when the test asks for it (tests/worlds.py)."""
    m = SimpleNamespace(**vars(cast))
    m.ent_a, m.ent_b = cast.enterprise_a, cast.enterprise_b
    m.staff_a, m.staff_b = cast.bank_a_user, cast.bank_b_user
    vars(m).update(vars(provide(request, "market", lambda: build_market(home, cast))))
    return m


register(market, ("home", "cast", "market"), lambda built: build_market(built["home"], built["cast"]))


def submit(enterprise, product, amount=Decimal("1000000"), **extra):
    return lifecycle.submit(
        enterprise=enterprise, institution=product.institution, product=product, by=enterprise.account,
        amount=amount, term_months=12, purpose="补充流动资金", contact_person="张三", contact_phone="13800000000",
        checkout_token=uuid.uuid4(), **extra)


@pytest.fixture
def application(market):
    return submit(market.ent_a, market.product_a)


__all__ = ["W", "submit"]
