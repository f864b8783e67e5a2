"""Publishing journeys in real chromium, through the Wagtail admin: a department editor writes a news
article and submits it, the reviewer approves it and it is live; a department publishes a project."""

import re

import pytest
from playwright.sync_api import expect

from core.channels import setup_department_channel
from enterprise_list.models import ProjectPage
from policies.models import NewsPage
from tests.e2e.helpers import sign_in
from tests.enterprise_list.conftest import portal  # noqa: F401  (fixture)
from tests.factories import NewsIndexPageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, selector, value):
    """Type the date, then take Wagtail's date picker off the field: it opens on focus, on a loaded machine only
    after the field has lost focus, and then stays over the footer's buttons (one run in three, before this
    session's changes too). The journeys are about the workflow, not the picker."""
    field = page.locator(selector)
    field.fill(value)
    field.evaluate("field => window.jQuery && jQuery(field).datetimepicker('destroy')")


def footer_action(page, selector):
    """Click an action of the editor's footer menu, opening the dropdown when it is folded away."""
    # a date picker left open by the last field typed into (it closes on blur, late on a busy machine) covers the
    # footer: close it as a person would
    page.keyboard.press("Escape")
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle").first.click()
    button.click()


def approve_in_the_admin(page, live_server, page_id):
    page.goto(f"{live_server.url}/admin/pages/{page_id}/edit/")
    footer_action(page, "button[data-workflow-action-name='approve']")
    dialog = page.get_by_role("dialog")
    if dialog.count():
        dialog.locator("button[type='submit']").first.click()
    page.wait_for_url(re.compile(r"/admin/"))


def test_editor_writes_reviewer_approves_and_the_article_is_live(live_server, page, news_index):
    channel = setup_department_channel("人民银行", NewsIndexPageFactory(parent=news_index, slug="pbc",
                                                                     title="人民银行动态"))
    author = UserFactory(username="pbc_author", groups=[channel.authors])
    reviewer = UserFactory(username="pbc_reviewer", groups=[channel.reviewers])

    sign_in(page, live_server.url, author, via="session")
    page.goto(f"{live_server.url}/admin/pages/add/policies/newspage/{channel.page.pk}/")
    page.locator("#id_title").fill("人民银行召开小微企业金融服务推进会")
    fill_date(page, "#id_date", "2026-11-20")
    page.locator("#id_category").select_option("work")
    footer_action(page, "button[name='action-submit']")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    article = NewsPage.objects.get(title="人民银行召开小微企业金融服务推进会")
    assert not article.live and article.current_workflow_state.status == "in_progress"

    sign_in(page, live_server.url, reviewer, via="session")
    approve_in_the_admin(page, live_server, article.pk)
    article.refresh_from_db()
    assert article.live

    page.context.clear_cookies()
    page.goto(live_server.url + "/news/")
    page.get_by_role("link", name="人民银行召开小微企业金融服务推进会").first.click()
    expect(page.locator("h1")).to_contain_text("人民银行召开小微企业金融服务推进会")


def test_department_publishes_a_project_through_review(live_server, page, portal):  # noqa: F811
    sign_in(page, live_server.url, portal.ndrc_author, via="session")
    page.goto(f"{live_server.url}/admin/pages/add/enterprise_list/projectpage/{portal.ndrc_projects.pk}/")
    page.locator("#id_title").fill("城东物流园冷链仓储项目")
    page.locator("#id_code").fill("R2190")
    page.locator("#id_project_type").select_option("government")
    page.locator("#id_amount").fill("12000000")  # editors type yuan; the listing shows 1200 万元
    fill_date(page, "#id_date", "2026-11-20")
    page.locator("#id_source").fill("市发改委")
    page.locator("#id_summary").fill("新建冷链仓储中心，总投资1.2亿元。")
    footer_action(page, "button[name='action-submit']")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    project = ProjectPage.objects.get(code="R2190")
    assert not project.live

    sign_in(page, live_server.url, portal.ndrc_reviewer, via="session")
    approve_in_the_admin(page, live_server, project.pk)
    project.refresh_from_db()
    assert project.live

    page.context.clear_cookies()
    page.goto(live_server.url + "/projects/")
    expect(page.get_by_text("城东物流园冷链仓储项目").first).to_be_visible()
