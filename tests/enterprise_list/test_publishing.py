"""Departments publish only in their own sub-channel, through review; the platform publishes for them (F-ROLE-3)."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from enterprise_list.models import EnterpriseListPage, ProjectPage
from tests.factories.members import make_uscc

pytestmark = pytest.mark.django_db


def project_form(code, slug, action, title="新项目"):
    return nested_form_data({
        "title": title, "slug": slug, "code": code, "project_type": "government", "amount": "3000000",
        "date": "2026-11-20", "source": "市发改委", "remark": "", "summary": "项目内容",
        "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
        "attachments": inline_formset([]),
        action: action,
    })


def list_form(slug, action, rows):
    return nested_form_data({
        "title": "2026年度重点支持企业名录（第二批）", "slug": slug, "list_type": "key", "year": "2026",
        "date": "2026-11-20", "intro": rich_text(""),
        "rows": inline_formset(rows),
        action: action,
    })


def add_project(client, user, channel, code, action):
    client.force_login(user)
    return client.post(f"/admin/pages/add/enterprise_list/projectpage/{channel.pk}/",
                       project_form(code, code.lower(), action))


def test_department_author_submits_and_reviewer_approves(client, portal):
    add_project(client, portal.ndrc_author, portal.ndrc_projects, "R2160", "action-submit")
    project = ProjectPage.objects.get(code="R2160")
    assert not project.live and project.department == portal.ndrc
    assert client.get("/projects/").content.decode().count("R2160") == 0
    task_state = project.current_workflow_state.current_task_state
    assert task_state.task.name == "发改委审核"
    client.force_login(portal.ndrc_reviewer)
    client.post(f"/admin/pages/workflow/action/{project.pk}/approve/{task_state.pk}/", {"comment": ""})
    project.refresh_from_db()
    assert project.live
    client.logout()
    assert "R2160" in client.get("/projects/").content.decode()


def test_department_author_cannot_publish_directly(client, portal):
    add_project(client, portal.ndrc_author, portal.ndrc_projects, "R2161", "action-publish")
    assert not ProjectPage.objects.get(code="R2161").live


def test_department_cannot_add_or_edit_projects_in_another_channel(client, portal):
    response = add_project(client, portal.ndrc_author, portal.miit_projects, "R2162", "action-submit")
    assert response.status_code == 302 and response.url == "/admin/"
    assert not ProjectPage.objects.filter(code="R2162").exists()
    edit = client.get(f"/admin/pages/{portal.p_ent.pk}/edit/")
    assert edit.status_code == 302 and edit.url == "/admin/"
    client.post(f"/admin/pages/{portal.p_ent.pk}/edit/", project_form("R2146", portal.p_ent.slug, "action-submit",
                                                                       title="篡改"))
    portal.p_ent.refresh_from_db()
    assert portal.p_ent.title == "专精特新企业技改" and not portal.p_ent.revisions.exists()


def test_department_cannot_add_or_edit_another_departments_list(client, portal):
    client.force_login(portal.ndrc_author)
    response = client.post(f"/admin/pages/add/enterprise_list/enterpriselistpage/{portal.miit_lists.pk}/",
                           list_form("intruder", "action-submit", []))
    assert response.status_code == 302 and response.url == "/admin/"
    assert not EnterpriseListPage.objects.filter(slug="intruder").exists()
    edit = client.get(f"/admin/pages/{portal.growth.pk}/edit/")
    assert edit.status_code == 302 and edit.url == "/admin/"


def test_department_adds_a_list_with_rows_in_its_own_channel(client, portal):
    client.force_login(portal.miit_author)
    row = {"enterprise_name": "新企业", "credit_code": make_uscc(7200), "industry": "", "region": "",
           "funding_need": "1200000", "project_summary": "扩产", "contact_person": "孙丽",
           "contact_phone": "13600000009", "ORDER": "1"}
    response = client.post(f"/admin/pages/add/enterprise_list/enterpriselistpage/{portal.miit_lists.pk}/",
                           list_form("second", "action-submit", [row]))
    assert response.status_code == 302
    page = EnterpriseListPage.objects.get(slug="second")
    assert page.department == portal.miit and not page.live
    assert [r.enterprise_name for r in page.rows.all()] == ["新企业"]


def test_platform_publishes_on_a_departments_behalf(client, portal):
    add_project(client, portal.level1, portal.miit_projects, "R2163", "action-publish")
    project = ProjectPage.objects.get(code="R2163")
    assert project.live and project.department == portal.miit
    assert client.get(project.url).status_code == 200


def test_project_code_is_validated_and_unique(client, portal):
    response = add_project(client, portal.level1, portal.ndrc_projects, "2142", "action-publish")
    assert "项目编号格式不正确" in response.content.decode()
    response = add_project(client, portal.level1, portal.ndrc_projects, "R2142", "action-publish")
    assert "该项目编号已被使用" in response.content.decode()
    assert ProjectPage.objects.filter(code="R2142").count() == 1


def test_list_row_with_a_bad_credit_code_is_refused_in_the_editor(client, portal):
    client.force_login(portal.miit_author)
    bad = make_uscc(7201)[:-1] + "I"
    row = {"enterprise_name": "坏代码企业", "credit_code": bad, "industry": "", "region": "",
           "funding_need": "", "project_summary": "", "contact_person": "", "contact_phone": "", "ORDER": "1"}
    response = client.post(f"/admin/pages/add/enterprise_list/enterpriselistpage/{portal.miit_lists.pk}/",
                           list_form("bad", "action-submit", [row]))
    assert "统一社会信用代码含有不允许的字符" in response.content.decode()
    assert not EnterpriseListPage.objects.filter(slug="bad").exists()


def test_copying_a_project_leaves_the_copy_without_a_code(client, portal):
    client.force_login(portal.level1)
    response = client.post(f"/admin/pages/{portal.p_fund.pk}/copy/", {
        "new_title": "融资担保公司增资（副本）", "new_slug": "copy", "new_parent_page": portal.ndrc_projects.pk,
        "copy_subpages": False, "publish_copies": False, "alias": False,
    })
    assert response.status_code == 302
    copy = ProjectPage.objects.get(slug="copy")
    assert copy.code is None and not copy.live
    assert ProjectPage.objects.get(pk=portal.p_fund.pk).code == "R2142"
    edit = client.post(f"/admin/pages/{copy.pk}/edit/", project_form("", "copy", "action-publish"))
    assert edit.status_code == 200  # the form comes back: a code is required before it can go live
    copy.refresh_from_db()
    assert not copy.live and copy.code is None
