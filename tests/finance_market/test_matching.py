"""我要贷款 scoring on hand-built products: exclusion with reasons, ranking, ties."""

from decimal import Decimal

import pytest

from core.money import WAN
from finance_market.matching import BASE_SCORE, POINTS, Candidate, Profile, Request, enterprise_size, rank, score
from members.models import EnterpriseFinancials
from tests.factories.market import LoanProductPageFactory
from tests.factories.members import EnterpriseFactory

W = WAN
MACHINERY, MANUFACTURING, AGRICULTURE = 34, 3, 1
CITY, HILLS = 10, 11
PROFILE = Profile(industry_id=MACHINERY, section_id=MANUFACTURING, industry_name="通用设备制造业", region_id=CITY,
                  region_name="城关街道", size="small")
REQUEST = Request(amount=100 * W, term_months=12)


def product(pk, **overrides):
    fields = {"amount_min": 10 * W, "amount_max": 500 * W, "term_min": 1, "term_max": 36,
              "rate_min": Decimal("5.00"), "sort_order": 100, "guarantees": frozenset({"credit"}),
              "sizes": frozenset(), "industries": frozenset(), "regions": frozenset()}
    fields.update(overrides)
    return Candidate(pk=pk, **fields)


@pytest.mark.parametrize(("overrides", "why"), [
    ({"amount_max": 50 * W}, "额度"),
    ({"amount_min": 200 * W}, "额度"),
    ({"term_max": 6}, "期限"),
    ({"term_min": 24}, "期限"),
    ({"industries": frozenset({AGRICULTURE})}, "行业"),
    ({"regions": frozenset({HILLS})}, "镇街"),
    ({"sizes": frozenset({"micro"})}, "规模"),
    ({"guarantees": frozenset({"mortgage"})}, "抵押"),
])
def test_product_that_excludes_the_enterprise_is_not_recommended_and_says_why(overrides, why):
    result = score(product(1, **overrides), PROFILE, REQUEST)
    assert not result.eligible
    assert any(why in reason for reason in result.reasons)


def test_boundaries_of_amount_and_term_are_inside():
    assert score(product(1, amount_max=100 * W, term_max=12), PROFILE, REQUEST).eligible
    assert score(product(1, amount_min=100 * W, term_min=12), PROFILE, REQUEST).eligible


def test_restricted_industry_excludes_an_enterprise_without_an_industry():
    blank = Profile(None, None, "", CITY, "城关街道", "small")
    result = score(product(1, industries=frozenset({MANUFACTURING})), blank, REQUEST)
    assert not result.eligible and "所属行业" in result.reasons[0]


def test_section_restriction_matches_a_division_of_that_section():
    result = score(product(1, industries=frozenset({MANUFACTURING})), PROFILE, REQUEST)
    assert result.eligible and any("通用设备制造业" in r for r in result.reasons)


def test_collateral_offered_makes_a_mortgage_product_eligible():
    mortgage = product(1, guarantees=frozenset({"mortgage"}))
    offered = Request(amount=100 * W, term_months=12, collateral=frozenset({"mortgage"}))
    result = score(mortgage, PROFILE, offered)
    assert result.eligible and any("抵押" in r for r in result.reasons)


def test_targeted_product_outranks_an_open_one_and_the_score_is_the_sum_of_its_reasons():
    open_to_all = product(1)
    targeted = product(2, industries=frozenset({MACHINERY}), regions=frozenset({CITY}), sizes=frozenset({"small"}))
    eligible, excluded = rank([open_to_all, targeted], PROFILE, REQUEST)
    assert [r.candidate.pk for r in eligible] == [2, 1] and excluded == []
    assert eligible[0].score == BASE_SCORE + POINTS["industry_targeted"] + POINTS["region_targeted"] + \
        POINTS["size_targeted"] + POINTS["credit"] + 3  # rate 5.00 % ≤ 6 %
    assert eligible[1].score == BASE_SCORE + POINTS["industry_open"] + POINTS["region_open"] + \
        POINTS["size_open"] + POINTS["credit"] + 3


def test_lower_rate_scores_higher():
    cheap, dear = product(1, rate_min=Decimal("3.45")), product(2, rate_min=Decimal("7.00"))
    eligible, _ = rank([dear, cheap], PROFILE, REQUEST)
    assert [r.candidate.pk for r in eligible] == [1, 2]
    assert any("3.45%" in r for r in eligible[0].reasons)


def test_ties_break_on_rate_then_platform_order_then_id():
    # same score band (rates both ≤ 6 %, > 4.5 %): lower rate wins
    a, b = product(5, rate_min=Decimal("5.50")), product(4, rate_min=Decimal("4.90"))
    assert [r.candidate.pk for r in rank([a, b], PROFILE, REQUEST)[0]] == [4, 5]
    # same score and rate: the platform's sort order wins
    c, d = product(7, sort_order=50), product(6, sort_order=90)
    assert [r.candidate.pk for r in rank([d, c], PROFILE, REQUEST)[0]] == [7, 6]
    # everything equal: the older product (lower id) first, whatever the input order
    e, f = product(9), product(8)
    assert [r.candidate.pk for r in rank([e, f], PROFILE, REQUEST)[0]] == [8, 9]
    assert [r.candidate.pk for r in rank([f, e], PROFILE, REQUEST)[0]] == [8, 9]


@pytest.mark.django_db
@pytest.mark.parametrize(("headcount", "revenue", "size"), [
    (10, Decimal("1000000"), "micro"), (50, Decimal("10000000"), "small"), (500, Decimal("100000000"), "medium"),
    (2000, Decimal("900000000"), "large"), (50, None, "small"), (None, None, None),
])
def test_enterprise_size_from_headcount_and_revenue(headcount, revenue, size):
    enterprise = EnterpriseFactory(headcount=headcount)
    if revenue is not None:
        EnterpriseFinancials.objects.create(enterprise=enterprise, year=2025, revenue=revenue)
    assert enterprise_size(enterprise) == size


@pytest.mark.django_db
def test_match_page_ranks_live_products_and_hides_the_ineligible(client, market):
    LoanProductPageFactory(parent=market.page_b, title="制造业专属贷", industries=[market.manufacturing],
                           rate_min=Decimal("3.40"))
    LoanProductPageFactory(parent=market.page_b, title="农业专属贷", industries=[agriculture()])
    draft = LoanProductPageFactory(parent=market.page_a, title="未发布的贷款")
    draft.unpublish()
    client.force_login(market.ent_a.account)
    response = client.get("/market/match/", {"amount": "100", "term_months": "12", "purpose": "采购原材料"})
    results = [r.product.title for r in response.context["eligible"]]
    assert results[0] == "制造业专属贷"
    assert "农业专属贷" not in results and "未发布的贷款" not in results
    assert "农业专属贷" in [r.product.title for r in response.context["excluded"]]
    assert "专门面向贵企业所属行业" in response.content.decode()


def agriculture():
    from members.models import Industry

    return Industry.objects.get(code="A")


@pytest.mark.django_db
def test_match_keeps_what_was_typed_when_invalid(client, market):
    client.force_login(market.ent_a.account)
    response = client.get("/market/match/", {"amount": "-5", "term_months": "12", "purpose": "采购"})
    assert response.context["eligible"] is None
    assert 'value="-5"' in response.content.decode() and 'value="12"' in response.content.decode()
