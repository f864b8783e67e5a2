"""Each page type can be created where DESIGN.md §3 puts it, and nowhere else."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from policies.models import (
    CaseIndexPage,
    CasePage,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
    StandardPage,
)
from tests.factories import CaseIndexPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

ALLOWED = {
    HomePage: {Page},
    NewsIndexPage: {HomePage, NewsIndexPage},
    NewsPage: {NewsIndexPage},
    PolicyIndexPage: {HomePage, PolicyIndexPage},
    PolicyPage: {PolicyIndexPage},
    CaseIndexPage: {HomePage},
    CasePage: {CaseIndexPage},
    StandardPage: {HomePage, StandardPage},
}


@pytest.fixture
def parents(home, news_index, policy_index):
    return {
        Page: Page.get_first_root_node(),
        HomePage: home,
        NewsIndexPage: news_index,
        PolicyIndexPage: policy_index,
        CaseIndexPage: CaseIndexPageFactory(parent=home, slug="cases"),
        StandardPage: StandardPageFactory(parent=home, slug="about"),
    }


@pytest.mark.parametrize("child", list(ALLOWED), ids=lambda model: model.__name__)
def test_page_type_is_allowed_only_under_its_parents(child, parents):
    for parent_model, parent in parents.items():
        expected = parent_model in ALLOWED[child]
        if child is HomePage:
            expected = False  # max_count = 1 and the fixture already made one
        assert child.can_create_at(parent) is expected, f"{child.__name__} under {parent_model.__name__}"


def test_admin_refuses_a_news_page_directly_under_home(client, superuser, home):
    client.force_login(superuser)
    url = f"/admin/pages/add/policies/newspage/{home.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's "permission denied"
    client.post(url, {"title": "误放的新闻", "slug": "misplaced", "action-publish": "publish"})
    assert not NewsPage.objects.filter(slug="misplaced").exists()


def test_editor_creates_a_policy_through_the_admin(client, superuser, policy_index):
    client.force_login(superuser)
    data = nested_form_data({
        "title": "关于支持小微企业的通知", "slug": "xiaowei", "date": "2026-11-01",
        "issuing_authority": "中国人民银行", "document_number": "银发〔2026〕1号", "level": "national",
        "policy_type": "finance", "tags": "小微企业, 普惠金融", "summary": "", "source": "", "apply_url": "",
        "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]), "interpretation": streamfield([]),
        "attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0,
        "attachments-MIN_NUM_FORMS": 0, "attachments-MAX_NUM_FORMS": 1000,
        "action-publish": "publish",
    })
    response = client.post(f"/admin/pages/add/policies/policypage/{policy_index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyPage.objects.get(slug="xiaowei")
    assert page.live
    assert sorted(page.tags.names()) == ["小微企业", "普惠金融"]
    assert client.get(page.url).status_code == 200
