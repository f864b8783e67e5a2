"""收件箱 in the admin (issue 18): staff read their 站内信 where they work, the menu shows how many are unread,
nobody reads anyone else's there, and platform admins cannot rewrite or delete someone's message."""

import json
import re

import pytest
from django.utils import timezone

from members.models import Message
from tests.refusals import assert_not_found, assert_sends_to_admin_home

pytestmark = pytest.mark.django_db


def _message(recipient, title="请报送反馈通知书"):
    return Message.objects.create(recipient=recipient, title=title, body="请于3个工作日内报送。")


def _sidebar_labels(response):
    html = response.content.decode()
    start = html.index('id="wagtail-sidebar-props"')
    props = html[html.index(">", start) + 1:html.index("</script>", start)]
    labels = []

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("_type") == "wagtail.sidebar.LinkMenuItem":
                labels.append(node["_args"][0]["label"])
            for child in node.values():
                walk(child)

    walk(json.loads(props))
    return labels


def test_bank_staff_reads_their_message_in_the_admin_and_it_is_marked_read(client, cast):
    message = _message(cast.bank_a_user)
    client.force_login(cast.bank_a_user)
    listing = client.get("/admin/inbox/")
    assert "请报送反馈通知书" in listing.content.decode()
    assert "收件箱（1 条未读）" in _sidebar_labels(listing)
    detail = client.get(f"/admin/inbox/{message.pk}/")
    assert "请于3个工作日内报送。" in detail.content.decode()
    message.refresh_from_db()
    assert message.is_read and message.read_at is not None
    assert "收件箱" in _sidebar_labels(client.get("/admin/inbox/"))


def test_another_users_message_is_not_found_in_the_admin_inbox(client, cast):
    message = _message(cast.bank_b_user)
    client.force_login(cast.level1)  # even a platform admin reads only their own inbox
    assert_not_found(client.get(f"/admin/inbox/{message.pk}/"))
    assert "请报送反馈通知书" not in client.get("/admin/inbox/").content.decode()
    message.refresh_from_db()
    assert not message.is_read


def test_mark_all_read_marks_only_the_signed_in_users_messages(client, cast):
    mine, theirs = _message(cast.bank_a_user), _message(cast.bank_b_user)
    client.force_login(cast.bank_a_user)
    client.post("/admin/inbox/read-all/")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_read and not theirs.is_read


def test_platform_admin_cannot_edit_someone_elses_message(client, cast):
    message = _message(cast.bank_a_user)
    client.force_login(cast.level1)
    response = client.post(f"/admin/members/message/edit/{message.pk}/",
                           {"recipient": cast.bank_a_user.pk, "title": "改过的标题", "body": "", "kind": "system"})
    assert_sends_to_admin_home(response)
    message.refresh_from_db()
    assert message.title == "请报送反馈通知书"


def test_platform_admin_cannot_delete_someone_elses_message(client, cast):
    message = _message(cast.bank_a_user)
    client.force_login(cast.level1)
    assert_sends_to_admin_home(client.post(f"/admin/members/message/delete/{message.pk}/"))
    assert Message.objects.filter(pk=message.pk).exists()


def test_message_list_offers_no_edit_or_delete_button(client, cast):
    message = _message(cast.bank_a_user)
    client.force_login(cast.level1)
    html = client.get("/admin/members/message/").content.decode()
    assert "请报送反馈通知书" in html
    assert f"/admin/members/message/edit/{message.pk}/" not in html
    assert f"/admin/members/message/delete/{message.pk}/" not in html


def test_read_at_is_kept_when_a_read_message_is_opened_again(client, cast):
    earlier = timezone.now() - timezone.timedelta(days=1)
    message = Message.objects.create(recipient=cast.bank_a_user, title="已读消息", is_read=True, read_at=earlier)
    client.force_login(cast.bank_a_user)
    client.get(f"/admin/inbox/{message.pk}/")
    message.refresh_from_db()
    assert message.read_at == earlier


def test_admin_login_page_reads_as_chinese_with_the_portals_name(client):
    html = client.get("/admin/login/").content.decode()
    assert "登录融资服务门户后台" in html and "<title>登录 - 融资服务门户后台</title>" in html
    assert "Sign in to Wagtail" not in html and "登录Wagtail" not in html
    assert re.search(r"<label[^>]*>\s*密码", html) and not re.search(r">\s*Password\s*<", html)
