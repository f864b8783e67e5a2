"""The enterprise's member centre opens on a dashboard: its applications by status, the dates the banks must act
by, and shortcuts to 我要贷款, 融资需求 and the cart; the header carries the cart and 我的申请 once signed in."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from finance_market.models import CartItem, LoanApplication
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_dashboard_counts_applications_by_status_and_lists_bank_deadlines(client, market):
    waiting = submit(market.ent_a, market.product_a)
    submit(market.ent_a, market.product_b)
    overdue = timezone.localdate() - timezone.timedelta(days=2)
    LoanApplication.objects.filter(pk=waiting.pk).update(accept_due=overdue)
    submit(market.ent_b, market.product_a)  # another enterprise's: not counted
    CartItem.objects.create(enterprise=market.ent_a, product=market.product_b)
    client.force_login(market.ent_a.account)
    soup = _soup(client.get("/member/"))
    counts = [li.get_text(" ", strip=True) for li in soup.select(".status-counts li")]
    assert counts == ["2 已提交，待受理"]
    assert soup.select_one(".status-counts a")["href"] == "/member/applications/?status=submitted"
    deadlines = soup.select(".deadlines li")
    assert waiting.reference in deadlines[0].get_text() and "已超期" in deadlines[0].get_text()
    assert f"{overdue.year}年{overdue.month}月{overdue.day}日" in deadlines[0].get_text()
    shortcuts = {a["href"]: a.get_text(" ", strip=True) for a in soup.select(".dashboard-shortcuts a")}
    assert "1 个产品" in shortcuts["/market/cart/"]
    assert {"/market/match/", "/market/needs/", "/market/"} <= set(shortcuts)


def test_dashboard_of_a_new_enterprise_invites_it_to_match_products(client, market):
    client.force_login(market.ent_b.account)
    soup = _soup(client.get("/member/"))
    assert "还没有贷款申请" in soup.select_one("#dash-apps-h").parent.get_text()


def test_bank_staff_get_no_enterprise_dashboard_nor_cart_link(client, market):
    client.force_login(market.staff_a)
    soup = _soup(client.get("/member/"))
    assert soup.select(".dashboard-shortcuts") == []
    assert "/market/cart/" not in [a["href"] for a in soup.select(".header-account a, .member-nav a")]


def test_signed_in_enterprise_finds_cart_and_applications_in_the_header(client, market):
    client.force_login(market.ent_a.account)
    header = [a["href"] for a in _soup(client.get("/market/")).select(".header-account a")]
    assert header[:3] == ["/market/cart/", "/member/applications/", "/member/"]


def test_market_page_leads_to_the_calculator_and_for_enterprises_to_their_needs(client, market):
    visitor = [a["href"] for a in _soup(client.get("/market/")).select(".page-header a")]
    assert "/market/calculator/" in visitor and "/market/needs/" not in visitor
    client.force_login(market.ent_a.account)
    enterprise = [a["href"] for a in _soup(client.get("/market/")).select(".page-header a")]
    assert {"/market/match/", "/market/cart/", "/market/needs/", "/market/calculator/"} <= set(enterprise)
