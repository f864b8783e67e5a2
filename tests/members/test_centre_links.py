"""The member centre's menu is drawn from members.centre, where each app registers its own links."""

import re

import pytest

from members import centre
from tests.factories.members import EnterpriseFactory, InstitutionFactory, InstitutionStaffFactory, MessageFactory

pytestmark = pytest.mark.django_db

ENTERPRISE_MENU = [
    ("概览", "/member/"),
    ("企业资料", "/member/profile/"),
    ("企业认证", "/member/certification/"),
    ("数据授权", "/member/data-grants/"),
    ("谁查看了我的数据", "/member/data-views/"),
    ("我的贷款申请", "/member/applications/"),
    ("购物车", "/market/cart/"),
    ("我的咨询", "/consult/"),
    ("投诉建议", "/complaints/"),
    ("拟上市企业信息申报", "/member/listing-plan/"),
    ("站内信", "/member/messages/"),
    ("企业自检", "/selfcheck/"),
    ("我的收藏", "/member/favourites/"),
    ("提醒设置", "/consult/alerts/"),
    ("修改密码", "/accounts/password/change/"),
    ("注销账号", "/member/cancel/"),
]
ENTERPRISE_ONLY = {"企业资料", "企业认证", "数据授权", "谁查看了我的数据", "我的贷款申请", "购物车", "我的咨询",
                   "投诉建议", "拟上市企业信息申报"}


def menu(client):
    """(text, href) of each link in the member centre's menu, in page order."""
    html = client.get("/member/").content.decode()
    nav = re.search(r'<nav class="member-nav".*?</nav>', html, re.S).group(0)
    return [(re.sub(r"<[^>]+>|\s+", "", text), href) for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', nav)]


def test_enterprise_sees_the_same_links_in_the_same_order(client):
    client.force_login(EnterpriseFactory().account)
    assert menu(client) == ENTERPRISE_MENU


def test_unread_messages_are_counted_next_to_the_inbox_link(client):
    enterprise = EnterpriseFactory()
    MessageFactory(recipient=enterprise.account)
    MessageFactory(recipient=enterprise.account)
    client.force_login(enterprise.account)
    assert ("站内信2", "/member/messages/") in menu(client)


def test_bank_staff_see_the_admin_link_and_not_the_enterprise_links(client):
    client.force_login(InstitutionStaffFactory(institution=InstitutionFactory()))
    expected = [text for text, _ in ENTERPRISE_MENU if text not in ENTERPRISE_ONLY] + ["管理后台"]
    expected.insert(1, "融资需求抢单")  # the needs banks may claim (finance_market, order 45)
    assert [text for text, _ in menu(client)] == expected
    assert ("管理后台", "/admin/") in menu(client)


@pytest.fixture
def extra_links():
    centre.register_link("隐藏的链接", "members:favourites_hidden", order=15, visible=lambda user: False)
    centre.register_link("新增的链接", "search:search", order=15, visible=lambda user: user.is_enterprise)
    yield
    centre.unregister_link("members:favourites_hidden")
    centre.unregister_link("search:search")


def test_a_registered_link_shows_in_its_place_unless_not_visible(client, extra_links):
    client.force_login(EnterpriseFactory().account)
    links = menu(client)
    assert "隐藏的链接" not in [text for text, _ in links]
    assert links[:2] == [("概览", "/member/"), ("新增的链接", "/search/")]
