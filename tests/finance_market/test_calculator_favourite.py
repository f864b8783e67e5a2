"""贷款计算器 (F-LOAN-16) and the 收藏 button on product pages (F-BANK-9)."""

from decimal import Decimal

import pytest

from finance_market.calculator import schedule
from members.models import Favourite


@pytest.mark.parametrize(("method", "first", "last", "interest"), [
    # 100万元, 12 months, 4.35 %: the figures bank calculators show (to the fen, last month takes the remainder)
    ("equal_instalment", "85309.90", "85309.89", "23718.79"),
    ("equal_principal", "86958.33", "83635.45", "23562.50"),  # interest = P·r·(n+1)/2
    ("interest_first", "3625.00", "1003625.00", "43500.00"),
])
def test_schedule_by_method(method, first, last, interest):
    plan = schedule(Decimal("1000000"), 12, Decimal("4.35"), method)
    assert (plan.first_payment, plan.last_payment, plan.total_interest) == (
        Decimal(first), Decimal(last), Decimal(interest))
    assert sum(row.principal for row in plan.rows) == Decimal("1000000")
    assert plan.rows[-1].remaining == 0
    assert plan.total_payment == Decimal("1000000") + Decimal(interest)


def test_zero_rate_spreads_the_principal_evenly():
    plan = schedule(Decimal("1000000"), 12, Decimal("0"), "equal_instalment")
    assert plan.total_interest == 0 and plan.first_payment == Decimal("83333.33")
    assert sum(row.payment for row in plan.rows) == Decimal("1000000")


def test_schedule_refuses_nonsense():
    with pytest.raises(ValueError):
        schedule(Decimal("0"), 12, Decimal("4"), "equal_instalment")
    with pytest.raises(ValueError):
        schedule(Decimal("100"), 12, Decimal("4"), "revolving")


@pytest.mark.django_db
def test_calculator_page_works_without_javascript(client, market):
    response = client.get("/market/calculator/", {"amount": "100", "term_months": "12", "annual_rate": "4.35",
                                                  "method": "equal_principal", "product": market.product_a.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "86958.33" in body and "23562.50" in body and "甲银行信用贷" in body
    assert body.count("<tr>") == 13  # header + 12 months


@pytest.mark.django_db
def test_calculator_explains_bad_input_and_keeps_it(client, market):
    body = client.get("/market/calculator/", {"amount": "-5", "term_months": "1.5", "annual_rate": "50",
                                              "method": "equal_instalment"}).content.decode()
    assert "贷款金额不能小于 0.01 万元" in body and "贷款期限须为整数，单位月" in body and "年利率不能大于 36 %" in body
    assert 'value="-5"' in body and 'value="1.5"' in body


@pytest.mark.django_db
def test_calculator_says_nothing_before_input(client):
    body = client.get("/market/calculator/").content.decode()
    assert '<div class="field-errors"' not in body and 'data-calculator-error' in body
    assert 'data-calculator-result hidden' in body


@pytest.mark.django_db
def test_product_page_shows_calculator_prefilled_from_the_product(client, market):
    body = client.get(market.product_a.url).content.decode()
    assert 'action="/market/calculator/"' in body and f'name="product" value="{market.product_a.pk}"' in body
    assert f'value="{market.product_a.rate_min}"' in body


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_to_favourite(client, market):
    body = client.get(market.product_a.url).content.decode()
    assert f"/accounts/login/?next={market.product_a.url}" in body
    response = client.post("/member/favourites/add/", {"page": market.product_a.pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert market.product_a.url.rstrip("/") in response["Location"]
    assert not Favourite.objects.exists()


@pytest.mark.django_db
def test_enterprise_favourites_a_product_and_removes_it_from_the_page(client, market):
    client.force_login(market.ent_a.account)
    url = market.product_a.url
    response = client.post("/member/favourites/add/", {"page": market.product_a.pk, "next": url})
    assert response["Location"] == url
    favourite = Favourite.objects.get(user=market.ent_a.account, page=market.product_a)
    body = client.get(url).content.decode()
    assert "已收藏" in body and f"/member/favourites/{favourite.pk}/delete/" in body
    assert "甲银行信用贷" in client.get("/member/favourites/").content.decode()
    response = client.post(f"/member/favourites/{favourite.pk}/delete/", {"next": url})
    assert response["Location"] == url and not Favourite.objects.exists()


@pytest.mark.django_db
def test_favourite_next_cannot_leave_the_site(client, market):
    client.force_login(market.ent_a.account)
    response = client.post("/member/favourites/add/", {"page": market.product_a.pk, "next": "//evil.example/"})
    assert response["Location"] == market.product_a.url


@pytest.mark.django_db
def test_enterprise_cannot_remove_another_enterprises_favourite(client, market):
    favourite = Favourite.objects.create(user=market.ent_b.account, page=market.product_a)
    client.force_login(market.ent_a.account)
    assert client.post(f"/member/favourites/{favourite.pk}/delete/").status_code == 403
    assert Favourite.objects.filter(pk=favourite.pk).exists()


@pytest.mark.django_db
def test_enterprise_favourites_a_bank_page_and_finds_it_in_the_member_centre(client, market):
    client.force_login(market.ent_a.account)
    assert 'action="/member/favourites/add/"' in client.get(market.page_a.url).content.decode()
    client.post("/member/favourites/add/", {"page": market.page_a.pk, "next": market.page_a.url})
    assert Favourite.objects.filter(user=market.ent_a.account, page=market.page_a).exists()
    listed = client.get("/member/favourites/").content.decode()
    assert market.page_a.title in listed and "金融机构" in listed
