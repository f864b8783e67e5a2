"""Ratings after closing (both directions) and financing needs (publish → review → claim)."""

from decimal import Decimal

import pytest

from finance_market import needs
from finance_market.choices import ApplicationStatus as S
from finance_market.choices import NeedStatus, RaterSide
from finance_market.lifecycle import TransitionError, apply_transition, rate
from finance_market.models import FinancingNeed, Rating

pytestmark = pytest.mark.django_db


def _signed(market, application):
    app = apply_transition(application, "accept", market.staff_a)
    return apply_transition(app, "sign", market.staff_a, credit_amount=Decimal("500000"))


def test_both_parties_rate_once_after_closing(market, application):
    app = _signed(market, application)
    rate(app, market.ent_a.account, 5, "效率很高")
    rate(app, market.staff_a, 4, "资料齐全")
    assert {(r.side, r.score) for r in Rating.objects.all()} == {(RaterSide.ENTERPRISE, 5), (RaterSide.INSTITUTION, 4)}
    with pytest.raises(TransitionError):
        rate(app, market.ent_a.account, 3)


def test_no_rating_before_a_decision(market, application):
    with pytest.raises(TransitionError):
        rate(application, market.ent_a.account, 5)


def test_outsiders_cannot_rate(market, application):
    app = _signed(market, application)
    for user in (market.ent_b.account, market.staff_b, market.supervisor):
        with pytest.raises(TransitionError):
            rate(app, user, 1)
    assert not Rating.objects.exists()


def test_enterprise_rates_on_its_page_and_sees_the_bank_rating(client, market, application):
    app = _signed(market, application)
    rate(app, market.staff_a, 4, "配合积极")
    client.force_login(market.ent_a.account)
    client.post(f"/member/applications/{app.reference}/rate/", {"score": "5", "comment": "很满意"})
    body = client.get(f"/member/applications/{app.reference}/").content.decode()
    assert "很满意" in body and "配合积极" in body and "审批通过" in body


def test_other_enterprise_does_not_see_the_ratings(client, market, application):
    app = _signed(market, application)
    rate(app, market.staff_a, 2, "机密评价")
    client.force_login(market.ent_b.account)
    assert client.get(f"/member/applications/{app.reference}/").status_code == 404


def test_need_is_visible_to_banks_only_after_review_and_a_claim_opens_an_application(client, market):
    client.force_login(market.ent_a.account)
    client.post("/market/needs/", {"amount": "300", "term_months": "24", "purpose": "新建生产线",
                                   "repayment_method": "equal_instalment"})
    need = FinancingNeed.objects.get()
    assert need.amount == Decimal("3000000") and need.status == NeedStatus.PENDING
    client.force_login(market.staff_b)
    assert "新建生产线" not in client.get("/market/needs/").content.decode()
    with pytest.raises(TransitionError):
        needs.review(need, market.staff_b, approve=True)
    needs.review(need, market.level1, approve=True)
    assert "新建生产线" in client.get("/market/needs/").content.decode()
    client.post(f"/market/needs/{need.pk}/claim/")
    need.refresh_from_db()
    assert need.status == NeedStatus.CLAIMED and need.claimed_by == market.bank_b
    application = need.applications.get()
    assert application.institution == market.bank_b and application.status == S.ACCEPTED
    client.force_login(market.staff_a)
    client.post(f"/market/needs/{need.pk}/claim/")
    assert need.applications.count() == 1


def test_uncertified_enterprise_cannot_publish_a_need(client, market):
    client.force_login(market.pending.account)
    client.post("/market/needs/", {"amount": "10", "term_months": "6", "purpose": "周转",
                                   "repayment_method": "interest_first"})
    assert not FinancingNeed.objects.exists()


def test_enterprise_withdraws_only_its_own_need(market):
    need = needs.publish(market.ent_a, market.ent_a.account, amount=Decimal("100000"), term_months=6,
                         purpose="周转", repayment_method="interest_first")
    with pytest.raises(TransitionError):
        needs.withdraw(need, market.ent_b.account)
    assert needs.withdraw(need, market.ent_a.account).status == NeedStatus.WITHDRAWN
