import re

import pytest
from django.conf import settings
from django.core import mail

from site_portal.members.models import LoginLog, LoginOutcome
from tests.factories.members import EnterpriseFactory
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (test) 融资门户"


def login(client, username, password, captcha="PASSED", url="/accounts/login/", **extra):
    return client.post(url, {"username": username, "password": password, "captcha_0": "k", "captcha_1": captcha,
                             **extra}, HTTP_USER_AGENT=UA)


def test_login_page_has_captcha_register_link_and_reset(client):
    page = client.get("/accounts/login/").content.decode()
    assert "验证码" in page and "/captcha/image/" in page
    assert "你还不是会员，点击注册" in page and "/accounts/password/reset/" in page


def test_enterprise_logs_in_and_lands_in_member_centre(client):
    enterprise = EnterpriseFactory()
    response = login(client, enterprise.credit_code, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/member/"
    log = LoginLog.objects.get()
    assert (log.outcome, log.user, log.ip_address, log.user_agent) == (
        LoginOutcome.SUCCESS, enterprise.account, "127.0.0.1", UA)


def test_staff_land_in_the_admin(client, world):
    response = login(client, world.bank_a_user.username, PASSWORD)
    assert response["Location"] == "/admin/"


def test_next_is_honoured_but_never_an_outside_site(client):
    enterprise = EnterpriseFactory()
    assert login(client, enterprise.credit_code, PASSWORD, next="/member/messages/")["Location"] == \
        "/member/messages/"
    client.post("/accounts/logout/")
    assert login(client, enterprise.credit_code, PASSWORD, next="https://evil.example/")["Location"] == "/member/"


def test_wrong_password_gives_chinese_error_and_is_logged(client):
    enterprise = EnterpriseFactory()
    response = login(client, enterprise.credit_code, "Wrong#pass1")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert f'value="{enterprise.credit_code}"' in response.content.decode()
    log = LoginLog.objects.get()
    assert log.outcome == LoginOutcome.FAILURE and log.username == enterprise.credit_code


def test_wrong_captcha_does_not_even_try_the_password(client):
    enterprise = EnterpriseFactory()
    for _ in range(5):
        response = login(client, enterprise.credit_code, PASSWORD, captcha="WRONG")
        assert "验证码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not LoginLog.objects.exists()
    assert login(client, enterprise.credit_code, PASSWORD).status_code == 302  # not locked out


def test_repeated_failures_lock_the_account_even_with_the_right_password(client):
    enterprise = EnterpriseFactory()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, enterprise.credit_code, "Wrong#pass1").status_code == 200
    locked = login(client, enterprise.credit_code, "Wrong#pass1")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    response = login(client, enterprise.credit_code, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert LoginLog.objects.filter(outcome=LoginOutcome.LOCKED).exists()


def test_lockout_also_guards_the_admin_login(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, world.level1.username, "Wrong#pass1", url="/admin/login/")
    assert login(client, world.level1.username, PASSWORD, url="/admin/login/").status_code == 429


def test_admin_login_still_works_with_its_captcha(client, world):
    page = client.get("/admin/login/").content.decode()
    assert "captcha_1" in page
    assert login(client, world.level1.username, PASSWORD, captcha="WRONG", url="/admin/login/").status_code == 200
    response = login(client, world.level1.username, PASSWORD, url="/admin/login/")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_anonymous_admin_visit_goes_to_the_one_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/admin/")


def test_logout_needs_post_and_is_logged(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise.account)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/member/").status_code == 302
    assert LoginLog.objects.filter(outcome=LoginOutcome.LOGOUT, user=enterprise.account).exists()


def test_password_reset_by_email(client):
    enterprise = EnterpriseFactory(email="boss@example.cn")
    enterprise.account.email = "boss@example.cn"
    enterprise.account.save()
    response = client.post("/accounts/password/reset/", {"email": "boss@example.cn", "captcha_0": "k",
                                                         "captcha_1": "PASSED"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "重设密码" in mail.outbox[0].subject
    link = re.search(r"http://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "Brand#new2026", "new_password2": "Brand#new2026"})
    assert response.status_code == 302
    enterprise.account.refresh_from_db()
    assert enterprise.account.check_password("Brand#new2026")


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.cn", "captcha_0": "k",
                                                         "captcha_1": "PASSED"}, follow=True)
    assert "如果该邮箱已注册" in response.content.decode()
    assert mail.outbox == []


def test_sessions_expire(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise.account)
    client.get("/member/")
    assert 0 < client.session.get_expiry_age() <= 2 * 60 * 60


def test_admin_can_search_the_login_log(client, world):
    login(client, "ghost-user", "Wrong#pass1")
    login(client, world.ent_a.username, PASSWORD)
    client.post("/accounts/logout/")
    client.force_login(world.level1)
    page = client.get("/admin/members/loginlog/", {"q": "ghost"}).content.decode()
    assert "ghost-user" in page and world.ent_a.username not in page
    # logs are evidence: not even a level-1 admin may edit one (Wagtail turns the 403 into a redirect home)
    response = client.get(f"/admin/members/loginlog/edit/{LoginLog.objects.first().pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
