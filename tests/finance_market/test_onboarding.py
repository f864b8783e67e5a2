"""Onboarding an institution gives it a working review chain and a first staff account (issue 18): a bank's
product change goes 机构审核 → 平台审核 without the superuser, and the accounts the platform opens start with a
one-time, purpose-bound 设置密码 link that signs no one in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from finance_market.models import BankPage, LoanProductPage
from members import onboarding, roles
from members.activation import activation_token
from members.models import FinancialInstitution
from tests.factories.users import UserFactory
from tests.finance_market.test_bank_setup import NEW_BANK
from tests.refusals import assert_sends_to_admin_home

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Bank#first2026"


def submit_change(staff, product, title):
    """The bank's staff saves a change to its product and submits it for review (the edit page's 提交审核)."""
    product = LoanProductPage.objects.get(pk=product.pk)
    assert product.permissions_for_user(staff).can_submit_for_moderation()
    product.title = title
    revision = product.save_revision(user=staff)
    product.get_workflow().start(product, staff)
    return revision, product.current_workflow_state


def approve(client, user, product):
    task_state = LoanProductPage.objects.get(pk=product.pk).current_workflow_state.current_task_state
    client.force_login(user)
    return client.post(f"/admin/pages/workflow/action/{product.pk}/approve/{task_state.pk}/", {"comment": ""})


def current_task(product):
    state = LoanProductPage.objects.get(pk=product.pk).current_workflow_state
    return state.current_task_state.task.name if state else None


@pytest.fixture
def bank_reviewer(market):
    return UserFactory(username="bank_a_reviewer", groups=[market.bank_a.group,
                                                           roles.setup_institution_reviewers(market.bank_a)])


def test_bank_product_change_goes_live_after_its_reviewer_and_the_platform_approve(client, market, bank_reviewer):
    submit_change(market.staff_a, market.product_a, "甲银行信用贷（新版）")
    assert current_task(market.product_a) == "甲银行审核"
    assert_sends_to_admin_home(approve(client, market.staff_a, market.product_a))  # not his own change
    assert current_task(market.product_a) == "甲银行审核"
    approve(client, bank_reviewer, market.product_a)
    assert current_task(market.product_a) == "平台审核"
    assert LoanProductPage.objects.get(pk=market.product_a.pk).title == "甲银行信用贷"  # not live yet
    approve(client, market.level1, market.product_a)
    product = LoanProductPage.objects.get(pk=market.product_a.pk)
    assert product.title == "甲银行信用贷（新版）" and product.live and product.current_workflow_state is None
    assert not market.level1.is_superuser and not bank_reviewer.is_superuser


def test_another_banks_reviewer_cannot_approve(client, market, bank_reviewer):
    other = UserFactory(username="bank_b_reviewer", groups=[market.bank_b.group,
                                                            roles.setup_institution_reviewers(market.bank_b)])
    submit_change(market.staff_a, market.product_a, "甲银行信用贷（改）")
    assert_sends_to_admin_home(approve(client, other, market.product_a))
    assert current_task(market.product_a) == "甲银行审核"


def test_an_institution_without_its_own_reviewer_is_reviewed_by_the_platform(client, market):
    assert not roles.setup_institution_reviewers(market.bank_b).user_set.exists()
    submit_change(market.staff_b, market.product_b, "乙银行信用贷（新版）")
    approve(client, market.level1, market.product_b)
    assert current_task(market.product_b) == "平台审核"
    approve(client, market.level1, market.product_b)
    assert LoanProductPage.objects.get(pk=market.product_b.pk).title == "乙银行信用贷（新版）"


ONBOARDING = {**NEW_BANK, "reviewer_username": "bing_reviewer", "reviewer_name": "丙审核员",
              "reviewer_email": "r@bing.cn"}


def setup_link(message):
    return re.search(r"http://\S+/accounts/setup/\S+/", message.body).group(0).split("testserver", 1)[-1]


def test_platform_onboards_an_institution_with_its_staff_and_reviewer(client, market,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(market.level1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/members/financialinstitution/create/", ONBOARDING, follow=True)
    institution = FinancialInstitution.objects.get(name="丙农商银行")
    staff = get_user_model().objects.get(username="bing_staff")
    reviewer = get_user_model().objects.get(username="bing_reviewer")
    assert staff.institution == institution and reviewer.institution == institution
    assert reviewer.groups.filter(name="丙农商银行·产品审核").exists()
    assert not staff.groups.filter(name="丙农商银行·产品审核").exists()
    assert not staff.has_usable_password() and not reviewer.has_usable_password()
    assert staff.first_name == "丙信贷员"
    page = response.content.decode()
    assert "已开通账号 bing_staff（丙信贷员）" in page and "已开通账号 bing_reviewer（丙审核员）" in page
    assert sorted(m.to[0] for m in mail.outbox) == ["r@bing.cn", "s@bing.cn"]
    assert BankPage.objects.filter(institution=institution, live=True).exists()


def test_the_setup_link_sets_the_first_password_once_and_signs_no_one_in(client, market,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(market.level1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/members/financialinstitution/create/", NEW_BANK)
    link = setup_link(mail.outbox[0])
    client.logout()
    form = client.get(link, follow=True)
    assert "登录名：bing_staff" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    staff = get_user_model().objects.get(username="bing_staff")
    assert staff.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    again = client.get(link, follow=True).content.decode()
    assert "设置密码的链接无效、已使用或已过期" in again


def test_other_tokens_do_not_set_up_an_account_and_the_setup_token_resets_nothing(client, market):
    staff = onboarding.create_staff_account(market.bank_a, username="new_staff", name="新员工", email="n@a.cn")
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    for token in (default_token_generator.make_token(staff), activation_token.make_token(staff)):
        page = client.get(f"/accounts/setup/{uid}/{token}/", follow=True).content.decode()
        assert "设置密码的链接无效、已使用或已过期" in page
    setup = onboarding.setup_token.make_token(staff)
    page = client.get(f"/accounts/password/reset/{uid}/{setup}/", follow=True).content.decode()
    assert "重设链接无效或已过期" in page


def test_onboarding_refuses_a_taken_login_name_and_keeps_the_input(client, market):
    client.force_login(market.level1)
    page = client.post("/admin/members/financialinstitution/create/",
                       {**ONBOARDING, "staff_username": market.staff_a.username}).content.decode()
    assert f"登录名“{market.staff_a.username}”已被使用" in page and 'value="丙农商银行"' in page
    assert not FinancialInstitution.objects.filter(name="丙农商银行").exists()
    assert not get_user_model().objects.filter(username="bing_reviewer").exists()


def test_onboarding_needs_a_first_staff_account_and_a_whole_reviewer(client, market):
    client.force_login(market.level1)
    bare = {key: value for key, value in NEW_BANK.items() if not key.startswith("staff_")}
    page = client.post("/admin/members/financialinstitution/create/",
                       {**bare, "reviewer_username": "only_name"}).content.decode()
    assert "填写审核人账号时，登录名、姓名和邮箱都须填写。" in page
    assert not FinancialInstitution.objects.filter(name="丙农商银行").exists()
