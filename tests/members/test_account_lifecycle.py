"""Account lifecycle (F-REG-14): 停用 through Wagtail's user editor, 注销 by the user or a platform admin with
personal data removed and application records kept anonymised; the 账号类别 on Wagtail's user form; the
half-yearly 「请更新企业信息」 reminder (F-REG-13)."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django_q.models import Schedule

from finance_market import lifecycle
from finance_market.choices import ApplicationStatus
from finance_market.models import CartItem, LoanApplication
from members.models import (
    AccountCategory,
    Enterprise,
    Favourite,
    LoginLog,
    Message,
)
from members.services import cancel_account
from members.tasks import remind_profile_updates
from tests.factories.members import EnterpriseFactory
from tests.factories.users import PASSWORD
from tests.finance_market.conftest import market  # noqa: F401  (fixture)
from tests.refusals import assert_refused, assert_sends_to_admin_home

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password, "captcha_0": "k",
                                            "captcha_1": "PASSED"}, follow=True)


def user_form(user, **overrides):
    data = {"username": user.username, "email": user.email or "x@example.cn", "first_name": user.first_name or "某",
            "last_name": user.last_name or "某", "category": user.category, "phone": user.phone,
            "is_active": "on", "password1": "", "password2": "",
            "groups": [group.pk for group in user.groups.all()]}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_platform_admin_disables_a_user_in_wagtails_user_editor_and_it_cannot_log_in(client, world):
    client.force_login(world.level1)
    response = client.post(f"/admin/users/edit/{world.bank_a_user.pk}/", user_form(world.bank_a_user, is_active=None))
    assert response.status_code == 302
    world.bank_a_user.refresh_from_db()
    assert not world.bank_a_user.is_active
    client.logout()
    page = login(client, "bank_a_staff").content.decode()
    assert "该账号已停用或已注销" in page and "_auth_user_id" not in client.session
    page = login(client, "bank_a_staff", "wrong-password").content.decode()
    assert "用户名或密码不正确" in page  # the password decides what a stranger learns


def test_wagtail_user_form_carries_the_account_category(client, world):
    client.force_login(world.level1)
    assert "账号类别" in client.get("/admin/users/new/").content.decode()
    response = client.post("/admin/users/new/", {
        "username": "new_bank_staff", "email": "s@bank.cn", "first_name": "张", "last_name": "三",
        "category": AccountCategory.INSTITUTION, "phone": "13900000000", "password1": "Bank#pass2026",
        "password2": "Bank#pass2026", "groups": [world.bank_a.group.pk]})
    assert response.status_code == 302
    created = get_user_model().objects.get(username="new_bank_staff")
    assert created.category == AccountCategory.INSTITUTION and created.phone == "13900000000"
    assert created.institution == world.bank_a
    response = client.post(f"/admin/users/edit/{created.pk}/", user_form(created, category=AccountCategory.PLATFORM))
    created.refresh_from_db()
    assert created.category == AccountCategory.PLATFORM
    page = client.post(f"/admin/users/edit/{created.pk}/", user_form(created, phone="12345")).content.decode()
    assert "请输入11位手机号码" in page


def test_level2_admin_cannot_edit_users(client, world):
    client.force_login(world.level2)
    assert_sends_to_admin_home(
        client.post(f"/admin/users/edit/{world.ent_a.pk}/", user_form(world.ent_a, is_active=None)))
    world.ent_a.refresh_from_db()
    assert world.ent_a.is_active


@pytest.fixture
def applied(market):  # noqa: F811
    """Enterprise A with an open application (with attachment-free contact data), a cart item, a favourite."""
    app = lifecycle.submit(enterprise=market.ent_a, institution=market.bank_a, product=market.product_a,
                           by=market.ent_a.account, amount=Decimal("500000"), term_months=12, purpose="周转",
                           contact_person="李四", contact_phone="13912345678", extra_data={"身份证号": "3501..."},
                           checkout_token=uuid.uuid4())
    CartItem.objects.create(enterprise=market.ent_a, product=market.product_b)
    Favourite.objects.create(user=market.ent_a.account, page=market.product_a)
    return app


def test_user_cancels_own_account_personal_data_goes_records_stay(client, market, applied):  # noqa: F811
    client.force_login(market.ent_a.account)
    login(client, market.ent_a.credit_code)  # a login-log row with an address
    page = client.post("/member/cancel/", {"password": "wrong"}).content.decode()
    assert "密码不正确" in page and "请勾选确认" in page
    response = client.post("/member/cancel/", {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert "账号已注销" in response.content.decode() and "_auth_user_id" not in client.session

    enterprise = Enterprise.objects.get(pk=market.ent_a.pk)
    account = enterprise.account
    assert account.cancelled_at and not account.is_active and not account.has_usable_password()
    assert account.username == f"cancelled-{account.pk}" and account.email == "" and account.phone == ""
    assert (enterprise.contact_person, enterprise.contact_phone, enterprise.email) == ("", "", "")
    assert enterprise.name == "甲企业" and enterprise.industry == market.machinery  # the legal entity stays
    assert not Message.objects.filter(recipient=account).exists()
    assert not Favourite.objects.filter(user=account).exists() and not CartItem.objects.exists()
    assert not LoginLog.objects.filter(user=account).exclude(ip_address=None).exists()
    assert not LoginLog.objects.filter(username=market.ent_a.credit_code).exists()

    application = LoanApplication.objects.get(pk=applied.pk)
    assert application.status == ApplicationStatus.WITHDRAWN  # through the lifecycle: the bank is told
    assert application.events.filter(action="withdraw").exists()
    assert application.amount == Decimal("500000") and application.institution == market.bank_a
    assert application.contact_phone == "" and "李四" not in application.contact_person
    assert application.extra_data == {}
    assert login(client, market.ent_a.credit_code).redirect_chain == []


def test_platform_admin_cancels_an_enterprise_account_from_the_admin(client, market, applied):  # noqa: F811
    client.force_login(market.level1)
    url = f"/admin/member-review/enterprise/{market.ent_a.pk}/cancel/"
    assert "注销企业账号" in client.get(url).content.decode()
    assert client.post(url, {"reason": "企业申请注销（线下书面申请）"}).status_code == 302
    account = Enterprise.objects.get(pk=market.ent_a.pk).account
    assert account.cancelled_at and not account.is_active


@pytest.mark.parametrize(("who", "refusal"), [("staff_a", "admin"), ("supervisor", "admin"), ("ent_b", "login")])
def test_only_platform_admins_cancel_accounts(client, market, who, refusal):  # noqa: F811
    user = getattr(market, who)
    client.force_login(user if who != "ent_b" else market.ent_b.account)
    response = client.post(f"/admin/member-review/enterprise/{market.ent_a.pk}/cancel/", {"reason": "x"})
    assert_refused(response, refusal)
    assert Enterprise.objects.get(pk=market.ent_a.pk).account.cancelled_at is None


def test_cancelling_twice_is_refused(market):  # noqa: F811
    cancel_account(market.ent_b.account, by=market.level1)
    with pytest.raises(Exception, match="已注销"):
        cancel_account(get_user_model().objects.get(pk=market.ent_b.account.pk), by=market.level1)


def test_reminder_once_per_half_year_for_certified_active_enterprises(db):
    certified = EnterpriseFactory(certified=True)
    EnterpriseFactory()  # pending: not reminded
    disabled = EnterpriseFactory(certified=True)
    disabled.account.is_active = False
    disabled.account.save()
    assert remind_profile_updates(today=dt.date(2026, 7, 1)) == 1
    assert remind_profile_updates(today=dt.date(2026, 12, 31)) == 0  # same period: idempotent
    assert Message.objects.filter(recipient=certified.account, title="请及时更新企业信息").count() == 1
    assert remind_profile_updates(today=dt.date(2027, 1, 2)) == 1  # next period
    assert Message.objects.filter(recipient=certified.account, title="请及时更新企业信息").count() == 2
    assert not Message.objects.filter(recipient=disabled.account).exists()


def test_reminder_is_scheduled_daily_with_django_q():
    schedule = Schedule.objects.get(name="企业信息更新提醒")
    assert schedule.func == "members.tasks.remind_profile_updates" and schedule.schedule_type == "D"
