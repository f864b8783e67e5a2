"""Back-office authorisation, from the forbidden side: the superuser boundary in the user admin, roles no
one may hand out beyond their own rights, object history, financing-need review, and the institution
fields only the platform changes.

Inside the Wagtail admin a refusal is Wagtail's own: a redirect to the admin dashboard with
「对不起， 你没有权限访问。」. An object the user cannot see in its list answers 404.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages

from core.channels import grant_admin_access
from finance_market import needs
from finance_market.choices import NeedStatus
from finance_market.lifecycle import TransitionError
from members import roles
from members.models import AccountCategory, InstitutionType
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"
DENIED = "对不起， 你没有权限访问。"


def assert_admin_refused(response):
    """Wagtail's refusal inside the admin: back to the dashboard with the permission message."""
    assert response.status_code == 302 and response["Location"] == DASHBOARD, (
        response.status_code, response.get("Location"))
    assert DENIED in [str(m).strip() for m in get_messages(response.wsgi_request)]


def user_form(user, **overrides):
    data = {"username": user.username, "email": user.email or "x@example.cn", "first_name": user.first_name or "某",
            "last_name": user.last_name or "某", "category": user.category, "phone": user.phone,
            "is_active": "on", "password1": "", "password2": "",
            "groups": [group.pk for group in user.groups.all()]}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


NEW_USER = {"username": "new_officer", "email": "n@bank.cn", "first_name": "张", "last_name": "三",
            "category": AccountCategory.INSTITUTION, "phone": "", "password1": "Bank#pass2026",
            "password2": "Bank#pass2026"}


# ---------------------------------------------------------------- 1. the superuser boundary


def test_level1_admin_gets_no_administrator_box_and_a_forged_one_is_ignored(client, cast):
    client.force_login(cast.level1)
    form = client.get("/admin/users/new/")
    assert form.status_code == 200 and 'name="is_superuser"' not in form.content.decode()
    response = client.post("/admin/users/new/", {**NEW_USER, "is_superuser": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.get(username="new_officer").is_superuser


def test_level1_admin_cannot_make_an_existing_user_a_superuser(client, cast):
    client.force_login(cast.level1)
    page = client.get(f"/admin/users/edit/{cast.bank_a_officer.pk}/").content.decode()
    assert 'name="is_superuser"' not in page
    response = client.post(f"/admin/users/edit/{cast.bank_a_officer.pk}/",
                           user_form(cast.bank_a_officer, is_superuser="on"))
    assert response.status_code == 302
    cast.bank_a_officer.refresh_from_db()
    assert not cast.bank_a_officer.is_superuser


def test_level1_admin_cannot_edit_disable_or_delete_a_superuser(client, cast):
    root = cast.superuser
    client.force_login(cast.level1)
    assert_admin_refused(client.get(f"/admin/users/edit/{root.pk}/"))
    assert_admin_refused(client.post(f"/admin/users/edit/{root.pk}/", user_form(
        root, password1="Taken#over2026", password2="Taken#over2026", is_active=None, groups=[])))
    assert_admin_refused(client.get(f"/admin/users/delete/{root.pk}/"))
    assert_admin_refused(client.post(f"/admin/users/delete/{root.pk}/"))
    root.refresh_from_db()
    assert root.is_active and root.is_superuser and root.check_password("Root#pass2026")


def test_level1_admin_bulk_actions_leave_a_superuser_alone(client, cast):
    root = cast.superuser
    client.force_login(cast.level1)
    client.post(f"/admin/bulk/members/user/set_active_state/?id={root.pk}", {"mark_as_active": "False"})
    client.post(f"/admin/bulk/members/user/assign_role/?id={root.pk}", {"role": cast.group.pk})
    client.post(f"/admin/bulk/members/user/delete/?id={root.pk}")
    root.refresh_from_db()
    assert root.is_active and not root.groups.exists()


def test_superuser_grants_and_removes_administrator_status(client, cast):
    client.force_login(cast.superuser)
    page = client.get(f"/admin/users/edit/{cast.level1.pk}/").content.decode()
    assert 'name="is_superuser"' in page
    client.post(f"/admin/users/edit/{cast.level1.pk}/", user_form(cast.level1, is_superuser="on"))
    cast.level1.refresh_from_db()
    assert cast.level1.is_superuser
    client.post(f"/admin/users/edit/{cast.level1.pk}/", user_form(cast.level1))
    cast.level1.refresh_from_db()
    assert not cast.level1.is_superuser


@pytest.fixture
def account_manager(cast):
    """A narrower role a platform may set up: manages accounts and nothing else."""
    group = Group.objects.create(name="账号管理员")
    grant_admin_access(group)
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="members", codename__in=["add_user", "change_user", "view_user"]))
    return UserFactory(username="account_manager", category=AccountCategory.PLATFORM, groups=[group])


def test_an_account_manager_cannot_hand_out_a_role_with_more_rights_than_their_own(client, cast, account_manager):
    level1 = Group.objects.get(name=roles.LEVEL1)
    client.force_login(account_manager)
    own = list(account_manager.groups.values_list("pk", flat=True))
    page = client.post(f"/admin/users/edit/{account_manager.pk}/",
                       user_form(account_manager, groups=[*own, level1.pk])).content.decode()
    assert "不能授予超出您自身权限的角色：平台一级管理员" in page
    page = client.post("/admin/users/new/", {**NEW_USER, "groups": [level1.pk]}).content.decode()
    assert "不能授予超出您自身权限的角色：平台一级管理员" in page and 'value="new_officer"' in page
    client.post(f"/admin/bulk/members/user/assign_role/?id={cast.bank_a_officer.pk}", {"role": level1.pk})
    assert not account_manager.groups.filter(name=roles.LEVEL1).exists()
    assert not get_user_model().objects.filter(username="new_officer").exists()
    assert not cast.bank_a_officer.groups.filter(name=roles.LEVEL1).exists()


def test_an_account_manager_may_hand_out_a_role_within_their_rights(client, cast, account_manager):
    client.force_login(account_manager)
    response = client.post("/admin/users/new/", {**NEW_USER, "groups": [account_manager.groups.get().pk]})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="new_officer").groups.get().name == "账号管理员"


def test_level1_admin_adds_users_to_level1(client, cast):
    level1 = Group.objects.get(name=roles.LEVEL1)
    client.force_login(cast.level1)
    response = client.post(f"/admin/users/edit/{cast.bank_a_officer.pk}/",
                           user_form(cast.bank_a_officer, groups=[level1.pk]))
    assert response.status_code == 302
    assert cast.bank_a_officer.groups.filter(pk=level1.pk).exists()


def test_a_role_with_a_page_right_the_editor_lacks_is_beyond_them(cast):
    """Page rights count too: a channel group's rights on its pages sit inside level 1's rights on the root,
    but not inside a department author's."""
    channel = Group.objects.get(name=roles.channel_group_name(cast.news))
    assert roles.holds_rights_of(cast.level1, channel)
    assert not roles.holds_rights_of(cast.dept_author, channel)
    assert roles.holds_rights_of(cast.dept_author, cast.dept_a.authors)
    assert not roles.holds_rights_of(cast.dept_author, cast.dept_a.reviewers)  # reviewers also publish


@pytest.mark.parametrize("role", ["level2", "supervisor", "bank_a_officer", "dept_author"])
def test_no_other_back_office_role_reaches_the_user_admin(client, cast, role):
    client.force_login(getattr(cast, role))
    for url in ("/admin/users/", "/admin/users/new/", f"/admin/users/edit/{cast.ent_a.account.pk}/",
                "/admin/groups/", f"/admin/groups/edit/{cast.group.pk}/"):
        assert_admin_refused(client.get(url))


# ---------------------------------------------------------------- 2. history of objects one cannot see


@pytest.mark.parametrize("role", ["bank_b_officer", "dept_author", "level2", "dept_b_author"])
def test_history_of_another_banks_application_is_not_found(client, cast, role):
    client.force_login(getattr(cast, role))
    response = client.get(f"/admin/finance_market/loanapplication/history/{cast.application_a.pk}/")
    assert response.status_code == 404
    assert cast.application_a.reference not in response.content.decode()


def test_history_is_shown_to_whoever_sees_the_object_in_the_list(client, cast):
    for user in (cast.bank_a_officer, cast.supervisor, cast.level1):
        client.force_login(user)
        response = client.get(f"/admin/finance_market/loanapplication/history/{cast.application_a.pk}/")
        assert response.status_code == 200 and cast.application_a.reference in response.content.decode()


def test_history_of_another_institution_and_another_departments_complaint_is_not_found(client, cast):
    client.force_login(cast.bank_b_officer)
    assert client.get(f"/admin/members/financialinstitution/history/{cast.bank_a.pk}/").status_code == 404
    client.force_login(cast.dept_b_author)
    assert client.get(f"/admin/consultations/complaint/history/{cast.complaint_dept_a.pk}/").status_code == 404
    client.force_login(cast.dept_reviewer)
    assert client.get(f"/admin/consultations/complaint/history/{cast.complaint_dept_a.pk}/").status_code == 200


def test_history_of_platform_records_is_not_found_for_bank_staff(client, cast):
    client.force_login(cast.bank_a_officer)
    for url in (f"/admin/members/enterprise/history/{cast.ent_a.pk}/",
                f"/admin/snippets/inspection/forbiddenword/history/{cast.forbidden.pk}/",
                f"/admin/users/history/{cast.superuser.pk}/"):
        assert client.get(url).status_code == 404, url


# ---------------------------------------------------------------- 3. reviewing financing needs


@pytest.mark.parametrize("role", ["bank_a_officer", "supervisor"])
def test_only_platform_admins_open_or_decide_the_need_review(client, cast, role):
    client.force_login(getattr(cast, role))
    for decision in ("approve", "reject"):
        assert_admin_refused(client.get(f"/admin/market/needs/{cast.need.pk}/{decision}/"))
        assert_admin_refused(client.post(f"/admin/market/needs/{cast.need.pk}/{decision}/", {"note": "可以"}))
    cast.need.refresh_from_db()
    assert cast.need.status == NeedStatus.PENDING and cast.need.reviewed_by is None


def test_supervisor_reads_needs_without_review_buttons_and_cannot_review_through_the_service(client, cast):
    client.force_login(cast.supervisor)
    page = client.get("/admin/finance_market/financingneed/").content.decode()
    assert "采购原材料" in page and f"/admin/market/needs/{cast.need.pk}/approve/" not in page
    with pytest.raises(TransitionError):
        needs.review(cast.need, cast.supervisor, approve=True)


def test_platform_admin_reviews_a_need(client, cast):
    client.force_login(cast.level1)
    assert f"/admin/market/needs/{cast.need.pk}/approve/" in client.get(
        "/admin/finance_market/financingneed/").content.decode()
    assert client.get(f"/admin/market/needs/{cast.need.pk}/approve/").status_code == 200
    client.post(f"/admin/market/needs/{cast.need.pk}/approve/", {"note": "资料齐全"})
    cast.need.refresh_from_db()
    assert cast.need.status == NeedStatus.PUBLISHED and cast.need.reviewed_by == cast.level1


# ---------------------------------------------------------------- 4. fields only the platform changes

FORGED = {"name": "甲银行（已改名）", "institution_type": InstitutionType.MICROLOAN, "fi_code": "C9999999999999",
          "credit_code": "91350100MA31E8B60X"}  # is_active left out: an unticked box


def test_bank_staff_see_but_cannot_change_their_institutions_identity(client, cast):
    bank = cast.bank_a
    before = (bank.name, bank.institution_type, bank.fi_code, bank.credit_code, bank.is_active)
    client.force_login(cast.bank_a_officer)
    page = client.get(f"/admin/members/financialinstitution/edit/{bank.pk}/").content.decode()
    assert "甲银行" in page and bank.fi_code in page
    for field in ("name", "institution_type", "fi_code", "credit_code", "is_active"):
        assert f'name="{field}"' not in page, field
    assert 'name="intro"' in page and 'name="loan_contact_phone"' in page
    response = client.post(f"/admin/members/financialinstitution/edit/{bank.pk}/", {
        **FORGED, "intro": "服务小微企业", "principal": "新负责人", "loan_contact_phone": "13900000001"})
    assert response.status_code == 302
    bank.refresh_from_db()
    assert (bank.name, bank.institution_type, bank.fi_code, bank.credit_code, bank.is_active) == before
    assert (bank.intro, bank.principal, bank.loan_contact_phone) == ("服务小微企业", "新负责人", "13900000001")


def test_platform_admin_changes_an_institutions_name_and_status(client, cast):
    client.force_login(cast.level1)
    bank = cast.bank_a
    response = client.post(f"/admin/members/financialinstitution/edit/{bank.pk}/", {
        "name": "甲银行股份", "institution_type": InstitutionType.BANK, "fi_code": bank.fi_code})
    assert response.status_code == 302
    bank.refresh_from_db()
    assert bank.name == "甲银行股份" and not bank.is_active
