"""Password reset by SMS (issue 22, docs/security.md "Tokens and codes"): the code goes only to the phone on the
account, is bound to resetting, works once, expires, allows five tries, and asking is rate-limited; the
answers do not tell which accounts exist; nobody is signed in."""

import re

import pytest

from members import activation, one_time_codes, sms, sms_password_reset
from members.models import CodePurpose
from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "k", "captcha_1": "PASSED"}
PHONE = "13800002222"
NEW_PASSWORD = "Xin#mima2026"
ASK = "/accounts/password/reset/sms/"
CONFIRM = "/accounts/password/reset/sms/confirm/"


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


@pytest.fixture
def account(db):
    return UserFactory(username="zhangsan", phone=PHONE)


def ask(client, username="zhangsan", phone=PHONE):
    return client.post(ASK, {"username": username, "phone": phone, **CAPTCHA}, follow=True)


def confirm(client, code, username="zhangsan", password=NEW_PASSWORD):
    return client.post(CONFIRM, {"username": username, "code": code, "password1": password, "password2": password,
                                 **CAPTCHA})


def sent_code():
    return re.search(r"(\d{6})", sms.outbox[-1]["text"]).group(1)


def test_the_code_reaches_the_phone_on_the_account_and_sets_the_new_password(client, account):
    page = ask(client).content.decode()
    assert "验证码已发送" in page
    assert sms.outbox[-1]["phone"] == PHONE and sms.outbox[-1]["kind"] == sms.PASSWORD_RESET_CODE
    response = confirm(client, sent_code())
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?username=zhangsan"
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session  # nobody is signed in


def test_the_code_works_once(client, account):
    ask(client)
    code = sent_code()
    confirm(client, code)
    page = confirm(client, code, password="Lingyi#mima2026").content.decode()
    assert "验证码不正确或已失效" in page
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)


def test_a_wrong_phone_or_an_unknown_account_gets_the_same_answer_and_no_sms(client, account):
    wrong_phone = ask(client, phone="13900009999").content.decode()
    unknown = ask(client, username="nobody").content.decode()
    assert "如果用户名与手机号码匹配" in wrong_phone and "如果用户名与手机号码匹配" in unknown
    assert not sms.outbox


def test_an_activation_code_does_not_reset_the_password(client, account):
    code = one_time_codes.issue(account, CodePurpose.ACTIVATION, activation.CODE_SECONDS)
    assert "验证码不正确或已失效" in confirm(client, code).content.decode()
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_wrong_codes_lock_the_form_like_failed_logins_even_for_the_right_code(client, account, settings):
    ask(client)
    right = sent_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        confirm(client, wrong)
    assert confirm(client, right).status_code == 429
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_five_wrong_tries_spend_the_code(account):
    code = one_time_codes.issue(account, CodePurpose.PASSWORD_RESET, sms_password_reset.CODE_SECONDS)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(sms_password_reset.ResetError):
            sms_password_reset.reset_with_code("zhangsan", wrong, NEW_PASSWORD)
    with pytest.raises(sms_password_reset.ResetError):
        sms_password_reset.reset_with_code("zhangsan", code, NEW_PASSWORD)
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_asking_again_within_a_minute_sends_nothing(client, account):
    ask(client)
    assert "发送过于频繁" in ask(client).content.decode()
    assert len(sms.outbox) == 1


def test_asking_too_often_for_one_phone_is_refused(client, account, settings):
    settings.PORTAL_PASSWORD_RESET_LIMITS = {"email": (3, 3600), "phone": (2, 3600), "ip": (100, 3600)}
    ask(client, username="nobody")
    ask(client, username="other")
    response = ask(client)
    assert response.status_code == 429 and "请求过于频繁" in response.content.decode()
    assert not sms.outbox


def test_a_weak_new_password_is_refused_and_the_code_is_kept(client, account):
    ask(client)
    code = sent_code()
    page = confirm(client, code, password="123").content.decode()
    assert "验证码不正确" not in page and response_has_password_error(page)
    assert confirm(client, code).status_code == 302


def response_has_password_error(page):
    return "密码" in page and 'class="field-errors"' in page


def test_the_email_reset_page_links_to_the_sms_reset(client):
    assert ASK in client.get("/accounts/password/reset/").content.decode()
