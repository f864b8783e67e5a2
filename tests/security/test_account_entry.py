"""The forms in front of an account (activation, password reset, registration): a captcha first, the same
answer whether or not an account exists, and failures counted like the login's."""

import re

import pytest
from django.conf import settings
from django.core import mail

from site_portal.members import sms
from site_portal.members.models import Enterprise, LoginLog, LoginOutcome
from tests.factories.members import EnterpriseFactory, make_uscc
from tests.members.test_registration import form_data

pytestmark = pytest.mark.django_db

CODE = make_uscc(555)  # form_data()'s code
CAPTCHA = {"captcha_0": "k", "captcha_1": "PASSED"}


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


def register(client):
    client.post("/accounts/register/", form_data())
    return Enterprise.objects.get(credit_code=CODE).account


def sent_code():
    return re.search(r"(\d{6})", sms.outbox[-1]["text"]).group(1)


def wrong_code():
    return "000000" if sent_code() != "000000" else "111111"


def activate(client, username, code, captcha="PASSED", **extra):
    return client.post("/accounts/activate/", {"username": username, "code": code, "captcha_0": "k",
                                               "captcha_1": captcha}, **extra)


def code_errors(response):
    return response.context["form"].errors.get("code")


# --- activation ------------------------------------------------------------------------------------

def test_an_activated_account_gets_the_same_answer_as_a_wrong_code(client, superuser):
    register(client)
    wrong = activate(client, CODE, wrong_code())
    activated = activate(client, superuser.username, "123456")
    unknown = activate(client, make_uscc(999), "123456")
    assert (wrong.status_code, activated.status_code, unknown.status_code) == (200, 200, 200)
    assert code_errors(wrong) == code_errors(activated) == code_errors(unknown)
    assert code_errors(wrong) == ["验证码不正确或已失效，请重新输入；多次失败请重新发送验证码。"]
    assert "_auth_user_id" not in client.session


def test_the_activation_form_carries_the_login_captcha(client):
    user = register(client)
    page = client.get(f"/accounts/activate/?username={CODE}").content.decode()
    assert 'name="captcha_1"' in page.split('action="/accounts/activate/resend/"')[0]  # in the code form itself
    response = activate(client, CODE, sent_code(), captcha="WRONG")
    assert response.status_code == 200
    assert response.context["form"].errors["captcha"] == ["验证码不正确，请重新输入。"]
    assert f'value="{CODE}"' in response.content.decode()  # what was typed stays
    user.refresh_from_db()
    assert not user.is_activated


def test_a_wrong_captcha_does_not_use_up_a_code_attempt(client):
    user = register(client)
    for _ in range(6):
        activate(client, CODE, wrong_code(), captcha="WRONG")
    assert activate(client, CODE, sent_code())["Location"] == f"/accounts/login/?username={CODE}"
    user.refresh_from_db()
    assert user.is_activated


def test_failed_codes_lock_out_like_the_login_and_are_logged(client):
    user = register(client)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert activate(client, CODE, wrong_code()).status_code == 200
    locked = activate(client, CODE, wrong_code())
    assert locked.status_code == 429 and "失败次数过多" in locked.content.decode()
    assert activate(client, CODE, sent_code()).status_code == 429  # even the right code, from here
    user.refresh_from_db()
    assert not user.is_activated
    assert LoginLog.objects.filter(username=CODE, outcome=LoginOutcome.FAILURE, path="/accounts/activate/").count() \
        == limit
    assert LoginLog.objects.filter(username=CODE, outcome=LoginOutcome.LOCKED).exists()


def test_the_activation_lockout_is_per_account_and_address(client, superuser):
    register(client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        activate(client, superuser.username, "123456")
    assert activate(client, superuser.username, "123456").status_code == 429
    # another account from the same address, and the same account from another address, go on
    assert activate(client, CODE, sent_code())["Location"] == f"/accounts/login/?username={CODE}"
    assert activate(client, superuser.username, "123456", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_activation_failures_count_towards_the_login_lockout(client):
    enterprise = EnterpriseFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        activate(client, enterprise.credit_code, "123456")
    response = client.post("/accounts/login/", {"username": enterprise.credit_code, "password": "Test#pass2026",
                                                **CAPTCHA})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", [
    "/accounts/activate/!!!/x-y/", "/accounts/activate/MQ/zzzzzzzzzzzzzzzzzz-1/", "/accounts/activate/YWJj/1-2/",
    "/accounts/activate/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/1-2/", "/accounts/activate/MQ/-1-abc/",
])
def test_a_garbled_activation_link_is_explained_not_a_server_error(client, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain == [("/accounts/activate/", 302)]
    assert "激活链接无效或已使用" in response.content.decode()


# --- password reset ----------------------------------------------------------------------------------

def ask_reset(client, email, captcha="PASSED", **extra):
    return client.post("/accounts/password/reset/", {"email": email, "captcha_0": "k", "captcha_1": captcha},
                       follow=True, **extra)


@pytest.fixture
def boss():
    enterprise = EnterpriseFactory(email="boss@example.cn")
    enterprise.account.email = "boss@example.cn"
    enterprise.account.save()
    return enterprise.account


def test_password_reset_needs_the_captcha(client, boss):
    page = client.get("/accounts/password/reset/").content.decode()
    assert 'name="captcha_1"' in page and "/captcha/image/" in page
    response = ask_reset(client, "boss@example.cn", captcha="WRONG")
    assert response.redirect_chain == []
    assert "验证码不正确" in response.content.decode() and 'value="boss@example.cn"' in response.content.decode()
    assert mail.outbox == []
    assert "如果该邮箱已注册" in ask_reset(client, "boss@example.cn").content.decode()
    assert len(mail.outbox) == 1


def test_password_reset_is_limited_per_email_with_the_same_answer_for_unknown_ones(client, settings, boss):
    settings.PORTAL_PASSWORD_RESET_LIMITS = {"email": (2, 3600), "ip": (100, 3600)}
    for email in ("boss@example.cn", "nobody@example.cn"):
        for n in range(2):
            assert "如果该邮箱已注册" in ask_reset(client, email, REMOTE_ADDR=f"10.0.0.{n}").content.decode()
        refused = ask_reset(client, email.upper(), REMOTE_ADDR="10.0.0.9")
        assert refused.status_code == 429 and refused.redirect_chain == []
        assert "找回密码的请求过于频繁，请稍后再试。" in refused.content.decode()
    assert len(mail.outbox) == 2  # both to boss; none for the address nobody registered


def test_password_reset_is_limited_per_client_address(client, settings, boss):
    settings.PORTAL_PASSWORD_RESET_LIMITS = {"email": (100, 3600), "ip": (3, 3600)}
    for n in range(3):
        assert ask_reset(client, f"someone{n}@example.cn").status_code == 200
    refused = ask_reset(client, "boss@example.cn")
    assert refused.status_code == 429 and "找回密码的请求过于频繁" in refused.content.decode()
    assert mail.outbox == []
    assert "如果该邮箱已注册" in ask_reset(client, "boss@example.cn", REMOTE_ADDR="10.1.1.1").content.decode()
    assert len(mail.outbox) == 1


def test_wagtail_admin_password_reset_is_not_a_way_around_the_captcha(client, boss):
    assert client.get("/admin/password_reset/").status_code == 404
    assert client.post("/admin/password_reset/", {"email": "boss@example.cn"}).status_code == 404
    assert mail.outbox == []


# --- registration -------------------------------------------------------------------------------------

def test_registration_tells_nothing_about_taken_codes_or_phones_while_the_captcha_is_wrong(client):
    existing = EnterpriseFactory(contact_phone="13800001111")
    response = client.post("/accounts/register/", form_data(credit_code=existing.credit_code, captcha_1="WRONG"))
    errors = response.context["form"].errors
    assert errors["captcha"] == ["验证码不正确，请重新输入。"]
    assert "credit_code" not in errors and "contact_phone" not in errors
    page = response.content.decode()
    assert "已注册" not in page and f'value="{existing.credit_code}"' in page
    # with the right captcha the holder of the code is told, as before
    response = client.post("/accounts/register/", form_data(credit_code=existing.credit_code))
    assert "该统一社会信用代码已注册" in " ".join(response.context["form"].errors["credit_code"])
    assert "该手机号码已被其他企业注册" in " ".join(response.context["form"].errors["contact_phone"])


def test_a_malformed_code_is_still_explained_with_a_wrong_captcha(client):
    """Format errors tell nothing about other people's accounts, so they are shown at once."""
    response = client.post("/accounts/register/", form_data(credit_code="91350100M000100Y44", captcha_1="WRONG"))
    assert "校验位" in " ".join(response.context["form"].errors["credit_code"])


# --- the Django admin ----------------------------------------------------------------------------------

def test_the_django_admin_is_not_exposed(client, superuser):
    assert client.get("/django-admin/").status_code == 404
    assert client.post("/django-admin/login/", {"username": "root", "password": "Root#pass2026"}).status_code == 404
    assert "_auth_user_id" not in client.session
