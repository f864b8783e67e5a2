"""Channel freshness alerts and escalation of unanswered interaction: messaged once per state, never daily."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from consultations.models import BoardPost
from core.channels import setup_department_channel
from inspection.models import ChannelFreshness
from inspection.tasks import daily_inspection
from members.models import Message
from tests.factories import NewsIndexPageFactory, NewsPageFactory, PolicyIndexPageFactory, UserFactory
from tests.factories.consultations import BoardPostFactory

pytestmark = pytest.mark.django_db


def published_days_ago(parent, days):
    page = NewsPageFactory(parent=parent)
    Page.objects.filter(pk=page.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=days))
    return page


def channel_messages(user, channel_title):
    return list(Message.objects.filter(recipient=user, title__contains=channel_title).values_list("title", flat=True))


def test_overdue_channel_messages_its_editors_and_the_admins_once(pbc, author, reviewer, superuser, news_index):
    ndrc = setup_department_channel("发改委", NewsIndexPageFactory(parent=news_index, slug="ndrc", title="发改委动态"))
    outsider = UserFactory(username="ndrc_author", groups=[ndrc.authors])
    published_days_ago(pbc.page, 20)
    published_days_ago(ndrc.page, 1)

    daily_inspection()
    daily_inspection()  # the next day's run: no duplicate

    for user in (author, reviewer, superuser):
        titles = channel_messages(user, "人民银行动态")
        assert len(titles) == 1 and "超期未更新" in titles[0]
    assert channel_messages(outsider, "人民银行动态") == []
    assert channel_messages(superuser, "发改委动态") == []


def test_due_soon_then_overdue_each_message_once_and_a_new_article_resets(pbc, author, superuser):
    article = published_days_ago(pbc.page, 12)  # 14-day interval: 2 days left, inside the 3-day warning
    daily_inspection()
    daily_inspection()
    assert [t for t in channel_messages(author, "人民银行动态") if "即将超期" in t] == [
        "栏目即将超期：人民银行动态 还剩 2 天"]

    Page.objects.filter(pk=article.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=15))
    daily_inspection()
    daily_inspection()
    assert len(channel_messages(author, "人民银行动态")) == 2

    published_days_ago(pbc.page, 0)
    daily_inspection()
    assert ChannelFreshness.objects.get(page=pbc.page).notified_state == "ok"
    assert len(channel_messages(author, "人民银行动态")) == 2


def test_policy_channels_get_180_days_and_intervals_are_editable(home, superuser):
    policies = PolicyIndexPageFactory(parent=home, slug="policies", title="政策法规")
    old_policy_date = timezone.now() - datetime.timedelta(days=100)
    page = NewsIndexPageFactory(parent=home, slug="news2", title="工作动态")
    published_days_ago(page, 30)
    ChannelFreshness.objects.create(page=page, interval_days=60)
    Page.objects.filter(pk=policies.pk).update(first_published_at=old_policy_date)

    daily_inspection()

    assert ChannelFreshness.objects.get(page=policies).interval_days == 180
    assert Message.objects.filter(recipient=superuser).count() == 0


def test_dashboard_lists_channels_and_overdue_interaction_for_platform_admins_only(client, pbc, author, superuser):
    published_days_ago(pbc.page, 20)
    post = BoardPostFactory(title="贷款贴息怎么申请")
    BoardPost.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))

    client.force_login(superuser)
    html = client.get("/admin/reports/inspection/").content.decode()
    assert "人民银行动态" in html and "已超期" in html
    assert "贷款贴息怎么申请" in html
    dashboard = client.get("/admin/").content.decode()
    assert "超期未更新栏目 2 个" in dashboard  # 人民银行动态 and its parent 新闻动态
    assert "超时未答复的咨询、留言、投诉 1 条" in dashboard

    client.force_login(author)  # Wagtail turns the refusal into a redirect to the dashboard with a message
    for url in ("/admin/reports/inspection/", "/admin/reports/inspection/links/"):
        refused = client.get(url)
        assert refused.status_code == 302 and refused.url == "/admin/"


def test_unanswered_board_message_is_escalated_once(home, superuser):
    post = BoardPostFactory(title="请尽快答复")
    BoardPost.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    fresh = BoardPostFactory(title="昨天的留言")
    BoardPost.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))

    assert daily_inspection()["escalated"] == 1
    assert daily_inspection()["escalated"] == 0
    titles = list(Message.objects.filter(recipient=superuser, title__contains="超时未答复").values_list("title",
                                                                                                   flat=True))
    assert titles == ["留言超时未答复：请尽快答复"]
