"""工作量统计 counts the authors of a department's channel as well as its reviewers: the pages each author wrote
(created, or submitted for review) in the period, once per page however often it was saved or resubmitted."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.channels import setup_department_channel
from policies.models import NewsPage
from reports import periods
from reports.workload import workload
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def news_form(title, slug, action=None):
    data = {"title": title, "slug": slug, "date": "2026-11-20", "category": "work", "source": "", "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>银企对接会顺利召开。</p>"))])}
    if action:
        data[action] = action
    return nested_form_data(data)


def review(client, reviewer, page, decision):
    task_state = page.current_workflow_state.current_task_state
    client.force_login(reviewer)
    client.post(f"/admin/pages/workflow/action/{page.pk}/{decision}/{task_state.pk}/", {"comment": "请修改"})


@pytest.fixture
def channel(cast, news_index):
    """The cast's department (金融办) with its channel: its author writes there, its reviewer approves."""
    return setup_department_channel("金融办", NewsIndexPageFactory(parent=news_index, slug="fin", title="金融办动态"))


def test_workload_counts_each_page_an_author_created_or_submitted_once(client, cast, channel):
    author, reviewer = cast.dept_author, cast.dept_reviewer
    add = f"/admin/pages/add/policies/newspage/{channel.page.pk}/"
    # last month the reviewer wrote a page herself: not this month's work
    older = NewsPageFactory(parent=channel.page, slug="older", title="上月稿件", owner=reviewer)
    earlier = timezone.now() - dt.timedelta(days=40)
    PageLogEntry.objects.filter(page=older).update(timestamp=earlier)

    client.force_login(author)
    client.post(add, news_form("对接会", "meeting", "action-submit"))  # 1: created and submitted
    client.post(add, news_form("草稿", "draft"))  # 2: created, only saved as a draft
    client.post(f"/admin/pages/{older.pk}/edit/", news_form("上月稿件", "older"))
    client.post(f"/admin/pages/{older.pk}/edit/", news_form("上月稿件（修订）", "older", "action-submit"))  # 3
    meeting, older = NewsPage.objects.get(slug="meeting"), NewsPage.objects.get(slug="older")

    review(client, reviewer, meeting, "reject")
    client.force_login(author)  # the rejected page, edited and resubmitted: still one page
    client.post(f"/admin/pages/{meeting.pk}/edit/", news_form("对接会（修订）", "meeting", "action-submit"))
    review(client, reviewer, NewsPage.objects.get(pk=meeting.pk), "approve")
    review(client, reviewer, older, "approve")

    rows = {row["username"]: row for row in workload(periods.from_params({}))}
    figures = ("authored", "published", "reviewed", "total")
    assert {name: rows[author.username][name] for name in figures} == {
        "authored": 3, "published": 0, "reviewed": 0, "total": 3}
    assert {name: rows[reviewer.username][name] for name in figures} == {
        "authored": 0, "published": 2, "reviewed": 3, "total": 5}  # rejected once, approved (and published) twice
    before = workload(periods.month(earlier.year, earlier.month))
    assert [(row["username"], row["authored"]) for row in before] == [(reviewer.username, 1)]


def test_workload_page_shows_the_pages_written_column(client, cast, channel):
    client.force_login(cast.dept_author)
    client.post(f"/admin/pages/add/policies/newspage/{channel.page.pk}/", news_form("对接会", "meeting"))
    client.force_login(cast.level1)
    html = client.get("/admin/statistics/workload/").content.decode()
    assert "撰写页面" in html and cast.dept_author.username in html
