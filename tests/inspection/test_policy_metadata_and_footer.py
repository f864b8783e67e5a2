"""Policy documents carry the 政府信息公开 metadata with a stable 索引号; the footer comes from site settings."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from core.models import PortalSettings
from policies.models import PolicyPage
from tests.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal_settings(home):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.disclosure_code = "11341100MB0000001X"
    settings.save()
    return settings


def test_index_numbers_are_generated_unique_and_in_the_disclosure_form(policy_index, portal_settings):
    first = PolicyPageFactory(parent=policy_index)
    second = PolicyPageFactory(parent=policy_index)
    assert first.index_number == "11341100MB0000001X/2026-00001"
    assert second.index_number == "11341100MB0000001X/2026-00002"


def test_index_number_is_stable_across_edits_and_revisions(policy_index, portal_settings, superuser):
    page = PolicyPageFactory(parent=policy_index)
    number = page.index_number
    page.title = "修订后的标题"
    revision = page.save_revision(user=superuser)
    revision.publish(user=superuser)
    page = PolicyPage.objects.get(pk=page.pk)
    assert page.title == "修订后的标题" and page.index_number == number

    page.index_number = "伪造/2026-99999"  # a revision can carry a different value: the stored one wins
    page.save_revision(user=superuser).publish(user=superuser)
    assert PolicyPage.objects.get(pk=page.pk).index_number == number


def test_a_copy_is_a_new_document_with_its_own_number(policy_index, portal_settings, superuser):
    page = PolicyPageFactory(parent=policy_index, slug="original")
    copy = page.copy(update_attrs={"slug": "copy", "title": "副本"}, user=superuser)
    assert copy.index_number and copy.index_number != page.index_number


def test_policy_page_shows_the_metadata_block_and_a_print_view(client, policy_index, portal_settings):
    page = PolicyPageFactory(parent=policy_index, title="小微企业贷款贴息办法", document_number="银发〔2026〕8号",
                             issuing_authority="中国人民银行市分行", policy_type="subsidy")
    page.tags.add("贴息")
    page.save()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    meta = {td["data-meta"]: td.get_text(strip=True) for td in soup.select("td[data-meta]")}
    assert meta["index_number"] == page.index_number
    assert meta["document_number"] == "银发〔2026〕8号"
    assert meta["authority"] == "中国人民银行市分行"
    assert meta["category"].startswith("资金补助政策")
    assert meta["date"] == "2026年11月1日" and meta["subjects"] == "贴息"  # the date format of zh-hans
    assert soup.select_one('td[data-meta="date"] time')["datetime"] == "2026-11-01"
    printed = BeautifulSoup(client.get(page.url + "?print=1").content, "html.parser")
    assert "print-view" in printed.body["class"]


def test_disclosure_dates_read_as_chinese_dates_and_english_ones_in_english(client, policy_index, portal_settings):
    import datetime as dt

    from django.utils import translation

    page = PolicyPageFactory(parent=policy_index, issue_date=dt.date(2026, 11, 4), effective_date=None)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    meta = {td["data-meta"]: td.get_text(strip=True) for td in soup.select("td[data-meta]")}
    assert meta["issue_date"] == "2026年11月4日" and meta["effective_date"] == "—"
    with translation.override("en"):
        from django.template import Context, Template

        assert Template("{{ d|date }}").render(Context({"d": dt.date(2026, 11, 4)})) == "Nov. 4, 2026"


def test_footer_fields_render_from_site_settings(client, portal_settings):
    portal_settings.site_code = "3411000001"
    portal_settings.icp_number = "皖ICP备20260001号-1"
    portal_settings.police_number = "皖公网安备 34110202000001号"
    portal_settings.police_record_code = "34110202000001"
    portal_settings.sponsor = "中国人民银行市分行"
    portal_settings.organizer = "市金融服务中心"
    portal_settings.contact_phone = "0558-7654321"
    portal_settings.save()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    footer = {el["data-footer"]: el for el in soup.select("footer [data-footer]")}
    assert footer["site_code"].get_text() == "网站标识码：3411000001"
    assert footer["icp"].get_text() == "皖ICP备20260001号-1" and footer["icp"]["href"] == "https://beian.miit.gov.cn/"
    assert footer["police"].get_text() == "皖公网安备 34110202000001号"
    assert "34110202000001" in footer["police"]["href"]
    assert footer["sponsor"].get_text() == "中国人民银行市分行"
    assert footer["organizer"].get_text() == "市金融服务中心"
    assert footer["phone"].get_text() == "0558-7654321"


def test_accessibility_bar_skip_link_and_sitemap(client, home):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("main#main")
    assert soup.select_one("[data-elder-toggle]").get_text() == "长者模式"
    assert "set-cookie" not in {k.lower() for k in client.get("/").headers}  # the page stays cacheable
    assert client.get("/sitemap.xml").status_code == 200
