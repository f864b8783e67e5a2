"""Departments publish only in their own channel, through draft → review → publish (F-CMS-1, F-ROLE-2)."""

import pytest
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Workflow
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.channels import setup_department_channel
from policies.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pbc(news_index):
    return setup_department_channel(
        "人民银行", NewsIndexPageFactory(parent=news_index, slug="pbc", title="人民银行动态")
    )


@pytest.fixture
def ndrc(news_index):
    return setup_department_channel("发改委", NewsIndexPageFactory(parent=news_index, slug="ndrc", title="发改委动态"))


@pytest.fixture
def author(pbc):
    return UserFactory(username="pbc_author", groups=[pbc.authors])


@pytest.fixture
def reviewer(pbc):
    return UserFactory(username="pbc_reviewer", groups=[pbc.reviewers])


def news_form(title, slug, action):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-11-20",
            "category": "work",
            "source": "",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            action: action,
        }
    )


def add_news(client, user, channel, slug, action):
    client.force_login(user)
    return client.post(f"/admin/pages/add/policies/newspage/{channel.page.pk}/", news_form("新闻稿", slug, action))


def test_author_cannot_publish_directly(client, author, pbc):
    response = add_news(client, author, pbc, "direct", "action-publish")
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="direct")
    assert not page.live
    assert client.get("/news/pbc/direct/").status_code == 404


def submit_for_review(client, author, pbc, slug):
    add_news(client, author, pbc, slug, "action-submit")
    page = NewsPage.objects.get(slug=slug)
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    return page, state.current_task_state


def test_reviewer_approval_puts_the_page_live(client, author, reviewer, pbc):
    page, task_state = submit_for_review(client, author, pbc, "approved")
    assert task_state.task.name == "人民银行审核"
    client.force_login(reviewer)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert client.get("/news/pbc/approved/").status_code == 200


def test_returned_page_goes_back_to_the_author_with_the_comment(client, author, reviewer, pbc):
    page, task_state = submit_for_review(client, author, pbc, "returned")
    client.force_login(reviewer)
    client.post(f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/", {"comment": "请补充数据来源"})
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "needs_changes"
    client.force_login(author)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert "请补充数据来源" in edit.content.decode()


def test_author_cannot_approve_their_own_submission(client, author, pbc):
    page, task_state = submit_for_review(client, author, pbc, "self-approve")
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert not page.live


def test_withdrawn_page_is_404(client, reviewer, pbc):
    page = NewsPageFactory(parent=pbc.page, slug="withdrawn")
    assert client.get(page.url).status_code == 200
    client.force_login(reviewer)
    response = client.post(f"/admin/pages/{page.pk}/unpublish/")
    assert response.status_code == 302
    client.logout()
    assert client.get("/news/pbc/withdrawn/").status_code == 404


def test_department_cannot_edit_or_add_in_another_departments_channel(client, pbc, ndrc):
    other_author = UserFactory(username="ndrc_author", groups=[ndrc.authors])
    pbc_page = NewsPageFactory(parent=pbc.page, slug="pbc-news", title="人民银行新闻")
    client.force_login(other_author)
    edit = client.get(f"/admin/pages/{pbc_page.pk}/edit/")
    assert edit.status_code == 302 and edit.url == "/admin/"
    client.post(f"/admin/pages/{pbc_page.pk}/edit/", news_form("篡改", "pbc-news", "action-submit"))
    pbc_page.refresh_from_db()
    assert pbc_page.title == "人民银行新闻" and not pbc_page.revisions.exists()
    add_news(client, other_author, pbc, "intruder", "action-submit")
    assert not NewsPage.objects.filter(slug="intruder").exists()
    # and in its own channel it may
    add_news(client, other_author, ndrc, "own", "action-submit")
    assert NewsPage.objects.filter(slug="own").exists()


def test_each_department_uploads_only_into_its_own_collection(pbc, ndrc, author):
    image_permissions = policy_registry.get_by_type(get_image_model())
    collections = set(image_permissions.collections_user_has_permission_for(author, "add"))
    assert pbc.collection in collections
    assert ndrc.collection not in collections


def test_channel_setup_is_idempotent(pbc):
    again = setup_department_channel("人民银行", pbc.page)
    assert again.workflow == pbc.workflow
    assert Workflow.objects.filter(name="人民银行发布审核").count() == 1
    assert GroupPagePermission.objects.filter(group=pbc.authors, page=pbc.page).count() == 2
