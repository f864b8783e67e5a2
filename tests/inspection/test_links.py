"""The nightly link checker finds broken internal links and missing documents and names page, text and target."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model
from wagtail.models import Site

from inspection.links import check_links
from inspection.models import InspectionSettings, LinkProblem, LinkStatus
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def options(**changes):
    settings = InspectionSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in changes.items():
        setattr(settings, name, value)
    return settings


def body(html):
    return [("paragraph", html)]


@pytest.fixture
def missing_document():
    document = get_document_model().objects.create(title="年度报告", file=ContentFile(b"%PDF-1.4", name="report.pdf"))
    default_storage.delete(document.file.name)
    return document


def test_broken_link_and_missing_document_appear_in_the_report(client, superuser, news_index, missing_document):
    NewsPageFactory(parent=news_index, slug="fine", title="正常页面")
    page = NewsPageFactory(parent=news_index, slug="links", title="含链接的新闻", body=body(
        '<p><a href="/news/fine/">正常链接</a> <a href="/news/no-such-page/">失效的通知</a> '
        f'<a linktype="document" id="{missing_document.pk}">年度报告下载</a> '
        '<a href="https://www.gov.cn/zhengce/">国务院政策</a></p>'))

    run = check_links(options())

    broken = {p.link_text: p for p in LinkProblem.objects.filter(page=page, status=LinkStatus.BROKEN)}
    assert set(broken) == {"失效的通知", "年度报告下载"}
    assert broken["失效的通知"].target == "/news/no-such-page/"
    assert broken["年度报告下载"].kind == "document" and "缺失" in broken["年度报告下载"].detail
    unchecked = LinkProblem.objects.get(page=page, status=LinkStatus.UNCHECKED)
    assert unchecked.target == "https://www.gov.cn/zhengce/"  # no network here: reported, not failed
    assert run.broken == 2

    client.force_login(superuser)
    html = client.get("/admin/reports/inspection/links/").content.decode()
    assert "含链接的新闻" in html and "失效的通知" in html and "/news/no-such-page/" in html
    assert "年度报告下载" in html
    assert "国务院政策" in client.get("/admin/reports/inspection/links/?status=unchecked").content.decode()


def test_runs_are_bounded_and_continue_where_the_last_one_stopped(news_index):
    first = NewsPageFactory(parent=news_index, slug="a", body=body('<p><a href="/missing-a/">甲</a></p>'))
    second = NewsPageFactory(parent=news_index, slug="b", body=body('<p><a href="/missing-b/">乙</a></p>'))
    limits = options(link_check_max_pages=2)  # the home page, the channel, then the articles

    seen = set()
    for _ in range(3):
        run = check_links(limits)
        assert run.pages_checked <= 2
        seen |= set(LinkProblem.objects.values_list("page_id", flat=True))
    assert {first.pk, second.pk} <= seen


def test_fixed_link_disappears_from_the_report_on_the_next_run(news_index):
    page = NewsPageFactory(parent=news_index, slug="a", body=body('<p><a href="/missing/">旧链接</a></p>'))
    check_links(options())
    assert LinkProblem.objects.filter(page=page).exists()
    page.body = body('<p><a href="/news/">新闻</a></p>')
    page.save()
    check_links(options())
    assert not LinkProblem.objects.filter(page=page).exists()
