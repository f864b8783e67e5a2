"""政府信息公开 of a government site (issue 19): 指南, 目录 and 年报 pages reachable from the footer, the 目录
listing the site's public policy documents by 索引号, and 政务新媒体 accounts edited in the site settings."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction, Site

from core.models import PortalSettings
from demo.policies import seed_disclosure
from policies.models import PolicyType
from tests.factories import ImageFactory, PolicyPageFactory

pytestmark = pytest.mark.django_db


def _soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _settings():
    return PortalSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def disclosure(home):
    return seed_disclosure(home)


def test_footer_leads_to_the_guide_the_catalogue_and_the_annual_report(client, disclosure):
    footer_link = _soup(client, "/").select_one('footer a[data-footer="disclosure"]')
    assert footer_link.get_text() == "政府信息公开" and footer_link["href"] == disclosure.url
    section = _soup(client, footer_link["href"])
    children = {a.get_text(): a["href"] for a in section.select(".sub-pages a")}
    assert set(children) == {"政府信息公开指南", "政府信息公开目录", "政府信息公开工作年度报告"}
    assert "依申请公开" in _soup(client, children["政府信息公开指南"]).get_text()
    reports = _soup(client, children["政府信息公开工作年度报告"])
    [report] = [a["href"] for a in reports.select(".sub-pages a") if a.get_text() == "2025年政府信息公开工作年度报告"]
    assert "收到和处理政府信息公开申请情况" in _soup(client, report).get_text()


def test_seeding_twice_keeps_one_section_and_an_admins_own_page(home):
    first = seed_disclosure(home)
    settings = _settings()
    settings.disclosure_page = home
    settings.save()
    assert seed_disclosure(home).pk == first.pk
    assert _settings().disclosure_page_id == home.pk


def test_catalogue_lists_public_policies_by_index_number_and_filters(client, disclosure, policy_index):
    subsidy = PolicyPageFactory(parent=policy_index, title="小微企业贷款贴息办法", policy_type=PolicyType.SUBSIDY,
                                document_number="财金〔2026〕7号", date=datetime.date(2026, 11, 4))
    older = PolicyPageFactory(parent=policy_index, title="普惠金融指导意见", date=datetime.date(2025, 3, 1))
    restricted = PolicyPageFactory(parent=policy_index, title="内部通知")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    catalogue = disclosure.get_children().get(slug="catalogue").url
    rows = [[td.get_text(strip=True) for td in tr.select("td")]
            for tr in _soup(client, catalogue).select(".disclosure-table tbody tr")]
    assert rows == [
        [subsidy.index_number, "小微企业贷款贴息办法", "中国人民银行", "财金〔2026〕7号", "2026年11月4日"],
        [older.index_number, "普惠金融指导意见", "中国人民银行", older.document_number, "2025年3月1日"],
    ]
    titles = [a.get_text() for a in _soup(client, catalogue + "?year=2025").select(".disclosure-table tbody a")]
    assert titles == ["普惠金融指导意见"]
    titles = [a.get_text() for a in _soup(client, catalogue + "?type=subsidy").select(".disclosure-table tbody a")]
    assert titles == ["小微企业贷款贴息办法"]


def test_new_media_accounts_from_site_settings_show_in_the_footer(client, home):
    settings = _settings()
    settings.new_media = [
        ("account", {"platform": "wechat", "name": "融资服务门户", "url": "", "qr_code": ImageFactory()}),
        ("account", {"platform": "weibo", "name": "人民银行市分行", "url": "https://weibo.com/pbc", "qr_code": None}),
    ]
    settings.save()
    media = _soup(client, "/").select_one('footer [data-footer="new-media"]')
    assert media.select_one("strong").get_text() == "政务新媒体"
    items = media.select("li")
    assert "微信公众号：融资服务门户" in items[0].get_text(" ", strip=True)
    assert items[0].select_one("img")["alt"] == "微信公众号“融资服务门户”二维码"
    assert items[1].select_one("a")["href"] == "https://weibo.com/pbc"
    assert items[1].select_one("a").get_text() == "微博：人民银行市分行"


def test_footer_without_settings_shows_no_empty_disclosure_or_media_block(client, home):
    footer = _soup(client, "/").select_one("footer")
    assert footer.select_one('[data-footer="disclosure"]') is None
    assert footer.select_one('[data-footer="new-media"]') is None


def test_admin_edits_disclosure_page_and_new_media_in_site_settings(client, home, superuser):
    client.force_login(superuser)
    site = Site.objects.get(is_default_site=True)
    body = client.get(f"/admin/settings/site_portal/portalsettings/{site.pk}/").content.decode()
    assert "政府信息公开页面" in body and "政务新媒体" in body
