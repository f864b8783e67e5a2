"""Account activation (F-REG-4): e-mail link (one-time, expiring) or SMS code; no login before it, and
activating signs no one in: the account holder then logs in (tests/security/test_sign_in_paths.py)."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from site_portal.members import sms
from site_portal.members.models import Enterprise, OneTimeCode
from tests.factories.members import make_uscc
from tests.members.test_registration import form_data

pytestmark = pytest.mark.django_db

CODE = make_uscc(555)
CAPTCHA = {"captcha_0": "k", "captcha_1": "PASSED"}


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


def register(client, **overrides):
    client.post("/accounts/register/", form_data(**overrides))
    return Enterprise.objects.get(credit_code=CODE).account


def login(client, username=CODE, password="Qiye#2026ok"):
    return client.post("/accounts/login/", {"username": username, "password": password, "captcha_0": "k",
                                            "captcha_1": "PASSED"}, follow=True)


def link_in(message):
    return re.search(r"https?://[^/\s]+(/accounts/activate/\S+/)", message.body).group(1)


def code_in(text):
    return re.search(r"(\d{6})", text).group(1)


def test_registration_sends_a_link_and_a_code(client):
    register(client)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wangwu@example.cn"]
    assert "激活" in mail.outbox[0].subject and "48 小时" in mail.outbox[0].body
    assert len(sms.outbox) == 1 and sms.outbox[0]["phone"] == "13800001111"
    assert "验证码" in sms.outbox[0]["text"]


def test_unactivated_account_cannot_log_in_and_is_told_how_to_activate(client):
    register(client)
    page = login(client).content.decode()
    assert "账号尚未激活" in page and f"/accounts/activate/?username={CODE}" in page
    assert "_auth_user_id" not in client.session


def test_email_link_activates_and_sends_to_the_login_page(client):
    user = register(client)
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert response.redirect_chain[-1][0] == f"/accounts/login/?username={CODE}"
    assert "账号已激活，请登录" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.is_activated and user.activated_at
    assert login(client).redirect_chain[-1][0] == "/member/"


def test_expired_or_tampered_link_is_refused(client, settings):
    user = register(client)
    link = link_in(mail.outbox[0])
    settings.ACCOUNT_ACTIVATION_SECONDS = -1  # as if the 48 hours had passed
    page = client.get(link, follow=True).content.decode()
    assert "激活链接已过期" in page
    settings.ACCOUNT_ACTIVATION_SECONDS = 48 * 60 * 60
    page = client.get(link[:-3] + "xx/", follow=True).content.decode()
    assert "激活链接无效" in page
    user.refresh_from_db()
    assert not user.is_activated


def test_sms_code_activates(client):
    user = register(client)
    response = client.post("/accounts/activate/", {"username": CODE.lower(), "code": code_in(sms.outbox[0]["text"]),
                                                   **CAPTCHA}, follow=True)
    assert response.redirect_chain[-1][0] == f"/accounts/login/?username={CODE}"
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.is_activated


def test_wrong_sms_code_is_refused_and_attempts_are_limited(client):
    """Five tries per code, from wherever they come (the lockout per address is tested in tests/security)."""
    user = register(client)
    right = code_in(sms.outbox[0]["text"])
    wrong = "000000" if right != "000000" else "111111"
    for attempt in range(5):
        page = client.post("/accounts/activate/", {"username": CODE, "code": wrong, **CAPTCHA},
                           REMOTE_ADDR=f"10.0.0.{attempt}").content.decode()
        assert "验证码不正确或已失效" in page
    page = client.post("/accounts/activate/", {"username": CODE, "code": right, **CAPTCHA},
                       REMOTE_ADDR="10.0.0.99").content.decode()
    assert "验证码不正确或已失效" in page and "重新发送验证码" in page
    user.refresh_from_db()
    assert not user.is_activated


def test_resend_sends_a_new_code_but_not_twice_a_minute(client):
    register(client)
    data = {"username": CODE, "captcha_0": "k", "captcha_1": "PASSED"}
    page = client.post("/accounts/activate/resend/", data, follow=True).content.decode()
    assert "发送过于频繁" in page and len(sms.outbox) == 1  # registration sent one a moment ago
    OneTimeCode.objects.update(created_at=OneTimeCode.objects.get().created_at - timedelta(minutes=1))  # later
    page = client.post("/accounts/activate/resend/", data, follow=True).content.decode()
    assert "已重新发送" in page and len(sms.outbox) == 2 and len(mail.outbox) == 2


def test_resend_does_not_reveal_whether_an_account_exists(client):
    page = client.post("/accounts/activate/resend/", {"username": make_uscc(999), "captcha_0": "k",
                                                      "captcha_1": "PASSED"}, follow=True).content.decode()
    assert "如果该账号存在且尚未激活" in page and not sms.outbox and not mail.outbox


def test_resend_needs_the_captcha(client):
    register(client)
    page = client.post("/accounts/activate/resend/", {"username": CODE, "captcha_0": "k", "captcha_1": "WRONG"})
    assert "验证码不正确" in page.content.decode() and len(sms.outbox) == 1


def test_token_of_a_renamed_account_no_longer_works(client):
    user = register(client)
    link = link_in(mail.outbox[0])
    user.username = "renamed"
    user.save()
    assert "激活链接无效" in client.get(link, follow=True).content.decode()
    user.refresh_from_db()
    assert not user.is_activated
