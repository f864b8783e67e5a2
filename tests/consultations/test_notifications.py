"""F-CONS-10: platform staff compose an operations notification in the admin for a target audience, send it
now or schedule it; it reaches each recipient once as 站内信 and the send log shows it."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import ModelLogEntry

from consultations.outreach_models import NotificationStatus, OpsNotification
from consultations.tasks import send_due_notifications
from members.models import Message
from tests.factories.members import InstitutionFactory, InstitutionStaffFactory
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

COMPOSE = "/admin/notifications/new/"
INDEX = "/admin/notifications/"


def compose(client, **fields):
    data = {"title": "关于开展2026年融资对接会的通知", "body": "请于12月5日前报名。", "link": "/news/",
            "audience": "enterprises", "group": "", "usernames": "", "send_at": "",
            "submission_key": str(uuid.uuid4())}
    data.update(fields)
    return client.post(COMPOSE, data)


def inbox(user):
    return list(Message.objects.filter(recipient=user).values_list("title", flat=True))


def test_level1_sends_to_all_enterprises_now_and_the_log_shows_it(people, login):
    client = login(people.level1)
    assert client.get(COMPOSE).status_code == 200
    response = compose(client)
    assert response.status_code == 302 and response["Location"] == INDEX
    for enterprise in (people.ent_a, people.ent_b):
        assert inbox(enterprise) == ["关于开展2026年融资对接会的通知"]
        assert Message.objects.get(recipient=enterprise).link == "/news/"
    assert inbox(people.bank_a_user) == [] and inbox(people.dept_user) == []
    notification = OpsNotification.objects.get()
    assert notification.status == NotificationStatus.SENT and notification.recipient_count == 2
    assert ModelLogEntry.objects.filter(action="consultations.notification.send", user=people.level1).exists()
    log_page = client.get(INDEX).content.decode()
    assert "关于开展2026年融资对接会的通知" in log_page and "已发送" in log_page and "已发送给 2 人" in log_page


def test_posting_the_same_form_twice_sends_once(people, login):
    client = login(people.level1)
    key = str(uuid.uuid4())
    compose(client, submission_key=key)
    compose(client, submission_key=key)
    assert OpsNotification.objects.count() == 1
    assert len(inbox(people.ent_a)) == 1


def test_scheduled_notification_goes_out_once_when_due(people, login):
    client = login(people.level2)
    send_at = timezone.localtime() + datetime.timedelta(hours=2)
    response = compose(client, send_at=send_at.strftime("%Y-%m-%d %H:%M"), audience="institutions")
    assert response.status_code == 302
    notification = OpsNotification.objects.get()
    assert notification.status == NotificationStatus.SCHEDULED and inbox(people.bank_a_user) == []
    assert send_due_notifications(now=timezone.now()) == 0  # not due yet
    later = timezone.now() + datetime.timedelta(hours=3)
    assert send_due_notifications(now=later) == 2
    assert send_due_notifications(now=later) == 0  # the schedule runs again: nothing twice
    assert len(inbox(people.bank_a_user)) == 1 and len(inbox(people.bank_b_user)) == 1
    assert inbox(people.ent_a) == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT and notification.recipient_count == 2


def test_the_q2_schedule_exists():
    schedule = Schedule.objects.get(name="consultations.send_due_notifications")
    assert schedule.func == "consultations.tasks.send_due_notifications" and schedule.minutes == 1


def test_inactive_institutions_are_not_in_all_institutions(people, login):
    closed = InstitutionStaffFactory(username="closed_staff", institution=InstitutionFactory(is_active=False))
    compose(login(people.level1), audience="institutions")
    assert len(inbox(people.bank_a_user)) == 1 and inbox(closed) == []


def test_group_and_chosen_users_audiences(people, login):
    client = login(people.level1)
    compose(client, title="编辑组通知", audience="group", group=Group.objects.get(name="金融办·编辑").pk)
    assert inbox(people.dept_user) == ["编辑组通知"] and inbox(people.ent_a) == []
    compose(client, title="点名通知", audience="users", usernames=f"{people.ent_b.username}，bank_a_staff")
    assert "点名通知" in inbox(people.ent_b) and "点名通知" in inbox(people.bank_a_user)
    assert "点名通知" not in inbox(people.ent_a)


def test_bad_input_is_refused_with_chinese_errors_and_kept(people, login):
    client = login(people.level1)
    html = compose(client, audience="users", usernames="bank_a_staff\nghost_user").content.decode()
    assert "找不到以下用户（或已停用）：ghost_user" in html and "关于开展2026年融资对接会的通知" in html
    html = compose(client, audience="group").content.decode()
    assert "请选择要发送的用户组" in html
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    assert "计划发送时间已过" in compose(client, send_at=past).content.decode()
    assert "链接应以 / 开头" in compose(client, link="javascript:alert(1)").content.decode()
    assert "请填写通知标题" in compose(client, title="").content.decode()
    assert not OpsNotification.objects.exists() and not Message.objects.filter(recipient=people.ent_a).exists()


def test_cancelled_notification_is_never_sent(people, login):
    client = login(people.level1)
    compose(client, send_at=(timezone.localtime() + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"))
    notification = OpsNotification.objects.get()
    client.post(f"{INDEX}{notification.pk}/cancel/")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.CANCELLED
    assert send_due_notifications(now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert inbox(people.ent_a) == []


def test_a_sent_notification_cannot_be_cancelled(people, login):
    client = login(people.level1)
    compose(client)
    notification = OpsNotification.objects.get()
    response = client.post(f"{INDEX}{notification.pk}/cancel/", follow=True)
    assert "已发送或已取消，无法再取消" in response.content.decode()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


@pytest.mark.parametrize(("who", "refusal"), [("bank_a_user", "admin"), ("dept_user", "admin"), ("ent_a", "login")])
def test_only_platform_staff_may_compose_view_or_cancel(who, refusal, people, login):
    """Back-office users without the right go to the dashboard; an enterprise has no back office: to login."""
    scheduled = OpsNotification.objects.create(title="计划通知", body="内容",
                                               send_at=timezone.now() + datetime.timedelta(hours=1))
    client = login(getattr(people, who))
    for url in (INDEX, COMPOSE):
        assert_refused(client.get(url), refusal)
    assert_refused(compose(client), refusal)
    assert_refused(client.post(f"{INDEX}{scheduled.pk}/cancel/"), refusal)
    scheduled.refresh_from_db()
    assert scheduled.status == NotificationStatus.SCHEDULED
    assert OpsNotification.objects.count() == 1 and not Message.objects.filter(title__contains="对接会").exists()


def test_staff_without_rights_see_no_menu_item(people, login):
    assert INDEX not in login(people.bank_a_user).get("/admin/").content.decode()
    assert INDEX in login(people.level1).get("/admin/").content.decode()


def test_visitor_is_sent_to_the_admin_login(client):
    assert client.get(COMPOSE)["Location"] == "/accounts/login/?next=/admin/notifications/new/"
