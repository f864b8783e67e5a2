"""The user editor and 账号设置 fit Chinese names (one 姓名 field) and say where an account belongs
(所属机构 / 所属部门) instead of a group checkbox (issue 18)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from core.channels import grant_admin_access
from members import roles
from members.models import AccountCategory
from tests.factories.users import UserFactory
from tests.refusals import assert_sends_to_admin_home

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Reset#pass2026"


@pytest.fixture
def seeded_staff(world):
    """A bank officer as seed_demo makes one: a 姓名 in first_name, no last name."""
    user = get_user_model().objects.create_user("icbc_like", "icbc_like@portal.example.cn", "Seed#pass2026",
                                                first_name="甲银行信贷员", category=AccountCategory.INSTITUTION)
    user.groups.add(world.bank_a.group)
    return user


def form_data(user, **overrides):
    """What the browser posts from the edit form as drawn: the institution and department groups are not
    checkboxes but 所属机构 / 所属部门."""
    hidden = {user.institution.group_id} if user.institution else set()
    data = {"username": user.username, "email": user.email, "first_name": user.get_full_name(),
            "category": user.category, "phone": user.phone, "is_active": "on", "password1": "", "password2": "",
            "institution": user.institution.pk if user.institution else "", "department": "",
            "department_role": "", "groups": [g.pk for g in user.groups.all() if g.pk not in hidden]}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_user_form_has_one_name_field_and_the_institution_and_department(client, world, seeded_staff):
    client.force_login(world.level1)
    page = client.get(f"/admin/users/edit/{seeded_staff.pk}/").content.decode()
    assert 'name="first_name"' in page and 'name="last_name"' not in page and "姓名" in page
    assert 'value="甲银行信贷员"' in page
    assert "所属机构" in page and "所属部门" in page
    assert f'name="groups" value="{world.bank_a.group.pk}"' not in page  # no checkbox for the bank's group
    assert f'<option value="{world.bank_a.pk}" selected>' in page
    assert "Required. Letters" not in page and "只能包含字母、数字和 @/./+/-/_" in page  # Chinese help text
    assert "Required. Letters" not in client.get("/admin/users/add/").content.decode()


def test_level1_disables_resets_and_regroups_a_seeded_staff_account(client, world, seeded_staff):
    reviewers = roles.setup_institution_reviewers(world.bank_a)
    client.force_login(world.level1)
    response = client.post(f"/admin/users/edit/{seeded_staff.pk}/", form_data(
        seeded_staff, is_active=None, password1=NEW_PASSWORD, password2=NEW_PASSWORD, groups=[reviewers.pk]))
    assert response.status_code == 302
    seeded_staff.refresh_from_db()
    assert not seeded_staff.is_active and seeded_staff.check_password(NEW_PASSWORD)
    assert set(seeded_staff.groups.all()) == {world.bank_a.group, reviewers}
    assert seeded_staff.first_name == "甲银行信贷员" and seeded_staff.last_name == ""


def test_choosing_another_institution_moves_the_account(client, world, seeded_staff):
    client.force_login(world.level1)
    client.post(f"/admin/users/edit/{seeded_staff.pk}/", form_data(seeded_staff, institution=world.bank_b.pk))
    seeded_staff = get_user_model().objects.get(pk=seeded_staff.pk)
    assert seeded_staff.institution == world.bank_b
    assert not seeded_staff.groups.filter(pk=world.bank_a.group_id).exists()


def test_a_new_department_reviewer_is_created_with_department_and_role(client, world):
    client.force_login(world.level1)
    response = client.post("/admin/users/new/", {
        "username": "pbc_checker", "email": "c@pbc.cn", "first_name": "欧阳明", "category": AccountCategory.DEPARTMENT,
        "phone": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "institution": "",
        "department": world.dept_a.pk, "department_role": "reviewers"})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="pbc_checker")
    assert user.department == world.dept_a and user.get_full_name() == "欧阳明"
    assert list(user.groups.all()) == [world.dept_a.reviewers]


def test_a_department_without_a_role_is_refused_and_the_input_kept(client, world):
    client.force_login(world.level1)
    page = client.post("/admin/users/new/", {
        "username": "pbc_someone", "email": "s@pbc.cn", "first_name": "王五", "category": AccountCategory.DEPARTMENT,
        "phone": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "department": world.dept_a.pk,
        "department_role": ""}).content.decode()
    assert "请选择该账号在部门中的角色。" in page and 'value="pbc_someone"' in page
    assert not get_user_model().objects.filter(username="pbc_someone").exists()


def test_an_account_manager_cannot_put_someone_into_an_institution_beyond_their_rights(client, world):
    group = Group.objects.create(name="账号管理员")
    grant_admin_access(group)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="members",
                                                     codename__in=["add_user", "change_user", "view_user"]))
    manager = UserFactory(username="manager", category=AccountCategory.PLATFORM, groups=[group])
    client.force_login(manager)
    page = client.post("/admin/users/new/", {
        "username": "sneaky", "email": "s@x.cn", "first_name": "某人", "category": AccountCategory.INSTITUTION,
        "phone": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "institution": world.bank_a.pk}).content.decode()
    assert f"不能授予超出您自身权限的角色：{world.bank_a.group.name}" in page
    assert not get_user_model().objects.filter(username="sneaky").exists()


def test_a_bank_officer_cannot_open_the_user_admin(client, world, seeded_staff):
    client.force_login(world.bank_a_user)
    assert_sends_to_admin_home(client.get(f"/admin/users/edit/{seeded_staff.pk}/"))
    assert_sends_to_admin_home(client.post(f"/admin/users/edit/{seeded_staff.pk}/",
                                           form_data(seeded_staff, is_active=None)))
    seeded_staff.refresh_from_db()
    assert seeded_staff.is_active


def account_page_data(response, **changes):
    """Every panel of 账号设置 as the page drew it (they are saved together), with ``changes``."""
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            for name in form.fields:
                value = form[name].value()
                if value not in (None, False, ""):
                    data[form.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    return data


def test_staff_change_their_name_and_password_on_the_account_page(client, world, seeded_staff):
    client.force_login(seeded_staff)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="name_email-first_name"' in html and "name_email-last_name" not in html
    response = client.post("/admin/account/", account_page_data(
        page, **{"name_email-first_name": "甲银行张信贷", "password-old_password": "Seed#pass2026",
                 "password-new_password1": NEW_PASSWORD, "password-new_password2": NEW_PASSWORD}))
    assert response.status_code == 302
    seeded_staff.refresh_from_db()
    assert seeded_staff.first_name == "甲银行张信贷" and seeded_staff.check_password(NEW_PASSWORD)
    assert client.get("/admin/account/").status_code == 200  # still signed in


def test_wagtails_sample_groups_are_gone_unless_someone_is_in_them(client, world):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    client.force_login(world.level1)
    page = client.get("/admin/users/new/").content.decode()
    assert "Editors" not in page and "Moderators" not in page
    migration = importlib.import_module("members.migrations.0009_remove_unused_wagtail_default_groups")
    world.bank_a_user.groups.add(Group.objects.create(name="Editors"))
    Group.objects.create(name="Moderators")
    migration.remove_unused(django_apps, None)
    assert list(Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)) == [
        "Editors"]  # a group someone is in is a role in use: kept
