"""A cancelled enterprise account's open financing needs are withdrawn one by one, each in the audit log, as if
the enterprise had withdrawn them; a need already claimed by a bank stays with the bank."""

from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from finance_market import needs
from finance_market.choices import NeedStatus
from finance_market.models import FinancingNeed
from members.services import cancel_account

pytestmark = pytest.mark.django_db


def publish(market, purpose):
    return needs.publish(market.ent_a, market.ent_a.account, amount=Decimal("100000"), term_months=6,
                         purpose=purpose, repayment_method="interest_first")


def test_cancelling_an_account_withdraws_its_open_needs_in_the_audit_log(market):
    pending = publish(market, "周转")
    published = needs.review(publish(market, "扩产"), market.level1, approve=True)
    claimed = needs.review(publish(market, "设备"), market.level1, approve=True)
    needs.claim(claimed, market.staff_a)

    cancel_account(market.ent_a.account, by=market.ent_a.account)

    statuses = dict(FinancingNeed.objects.values_list("purpose", "status"))
    assert statuses == {"周转": NeedStatus.WITHDRAWN, "扩产": NeedStatus.WITHDRAWN, "设备": NeedStatus.CLAIMED}
    withdrawn = ModelLogEntry.objects.filter(action="finance_market.need_withdraw")
    assert sorted(int(entry.object_id) for entry in withdrawn) == sorted([pending.pk, published.pk])
