"""融资需求抢单 (/market/needs/) is where a bank claims needs: its staff find it in the admin menu and the member
centre; nobody else is shown the link."""

import pytest
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from members.centre import links_for

pytestmark = pytest.mark.django_db


def _admin_menu_urls(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []
    for item in admin_menu.menu_items_for_request(request):
        urls.append(item.url)
        submenu = getattr(item, "menu", None)
        if submenu is not None:
            urls += [sub.url for sub in submenu.menu_items_for_request(request)]
    return urls


def test_bank_staff_find_the_needs_market_in_the_admin_menu(market):
    assert "/market/needs/" in _admin_menu_urls(market.staff_a)


@pytest.mark.parametrize("who", ["level1", "supervisor", "dept_author"])
def test_needs_market_is_not_in_the_admin_menu_of_anyone_but_banks(market, who):
    assert "/market/needs/" not in _admin_menu_urls(getattr(market, who))


def test_bank_staff_find_the_needs_market_in_the_member_centre(market):
    assert "market:needs" in [link.url_name for link, _badge in links_for(market.staff_a)]
    assert "market:needs" not in [link.url_name for link, _badge in links_for(market.ent_a.account)]


def test_the_admin_home_of_bank_staff_links_to_the_needs_market(client, market):
    client.force_login(market.staff_a)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "/market/needs/" in response.content.decode()
