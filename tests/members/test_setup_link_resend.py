"""The one-time 设置密码 link of an account the platform opened (members.onboarding) can be resent once lost or
expired (issue 18): a platform admin makes a new link from the user list or the user page, the new link works
and every earlier one is refused; nobody else may, and an account with its own password gets none."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import ModelLogEntry

from members import onboarding
from tests.refusals import assert_not_found, assert_sends_to_admin_home

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Bank#first2026"
EXPIRED = "设置密码的链接无效、已使用或已过期"


@pytest.fixture
def newcomer(cast):
    return onboarding.create_staff_account(cast.bank_a, username="new_staff", name="新员工", email="n@a.cn",
                                           by=cast.level1)


def url_of(user):
    return f"/admin/member-review/user/{user.pk}/setup-link/"


def link_in(text):
    return re.search(r"/accounts/setup/[^/\s]+/[^/\s]+/", text).group(0)


def set_password(client, link):
    form = client.get(link, follow=True)
    assert "登录名：new_staff" in form.content.decode()
    return client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_an_expired_link_is_resent_and_only_the_new_one_works(cast, client, newcomer, monkeypatch,
                                                              django_capture_on_commit_callbacks, settings):
    old_link = onboarding.setup_path(newcomer)
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(onboarding.setup_token, "_now", lambda: later)
    assert EXPIRED in client.get(old_link, follow=True).content.decode()  # expired

    client.force_login(cast.level1)
    listing = client.get("/admin/users/").content.decode()
    assert url_of(newcomer) in listing and "重新发送设置密码链接" in listing
    assert url_of(newcomer) in client.get(f"/admin/users/edit/{newcomer.pk}/").content.decode()
    confirm = client.get(url_of(newcomer)).content.decode()
    assert "此前发出的链接全部失效" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url_of(newcomer), follow=True)
    page = response.content.decode()
    assert "已为 new_staff 生成新的设置密码链接，原链接已失效。已发送至 n@a.cn" in page
    new_link = link_in(page)
    assert new_link != old_link and link_in(mail.outbox[-1].body) == new_link and mail.outbox[-1].to == ["n@a.cn"]
    assert ModelLogEntry.objects.filter(action="members.resend_setup_link", user=cast.level1,
                                        object_id=str(newcomer.pk)).exists()

    client.logout()
    assert EXPIRED in client.get(old_link, follow=True).content.decode()  # still dead, and for good
    assert set_password(client, new_link).status_code == 302
    assert get_user_model().objects.get(pk=newcomer.pk).check_password(NEW_PASSWORD)


def test_resending_kills_a_link_that_had_not_expired(cast, client, newcomer):
    old_link = onboarding.setup_path(newcomer)
    onboarding.resend_setup_link(newcomer, by=cast.level1)
    assert EXPIRED in client.get(old_link, follow=True).content.decode()


def test_an_account_with_its_own_password_gets_no_setup_link(cast, client, newcomer):
    newcomer.set_password(NEW_PASSWORD)
    newcomer.save()
    client.force_login(cast.level1)
    assert url_of(newcomer) not in client.get("/admin/users/").content.decode()
    assert url_of(newcomer) not in client.get(f"/admin/users/edit/{newcomer.pk}/").content.decode()
    response = client.post(url_of(newcomer), follow=True)
    assert "该账号已设置过密码，请使用“重置密码”。" in response.content.decode()
    assert get_user_model().objects.get(pk=newcomer.pk).check_password(NEW_PASSWORD)  # untouched
    with pytest.raises(onboarding.SetupLinkRefused):
        onboarding.resend_setup_link(newcomer, by=cast.level1)


@pytest.mark.parametrize("who", ["level2", "bank_a_user", "supervisor"])
def test_only_a_platform_admin_resends_a_setup_link(cast, client, newcomer, who):
    before = get_user_model().objects.get(pk=newcomer.pk).password
    client.force_login(getattr(cast, who))
    assert_sends_to_admin_home(client.get(url_of(newcomer)))
    assert_sends_to_admin_home(client.post(url_of(newcomer)))
    assert get_user_model().objects.get(pk=newcomer.pk).password == before
    assert not mail.outbox


def test_a_platform_admin_cannot_resend_the_link_of_an_account_above_them(cast, client, django_user_model):
    boss = django_user_model.objects.create_user("boss", is_superuser=True)
    boss.set_unusable_password()
    boss.save()
    client.force_login(cast.level1)
    assert_sends_to_admin_home(client.post(url_of(boss)))
    assert_not_found(client.get("/admin/member-review/user/999999/setup-link/"))
