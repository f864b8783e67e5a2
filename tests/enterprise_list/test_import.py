"""Excel import in the admin: all rows valid or nothing imported, every bad row reported (F-LIST-1, F-LIST-3)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from enterprise_list.models import EnterpriseListPage, ProjectPage
from tests.enterprise_list.conftest import row_values, xlsx_upload
from tests.factories.members import make_uscc

pytestmark = pytest.mark.django_db

ROW_HEADER = ["企业名称*", "统一社会信用代码*", "所属行业", "所属镇街", "资金需求（万元）", "项目情况", "联系人",
              "联系电话"]
ORIGINAL = ["海峡精密机械有限公司", "青禾农业科技有限公司"]
PROJECT_HEADER = ["项目编号*", "项目名称*", "项目类型*", "金额（万元）", "内容", "日期*", "来源", "备注"]


def rows_url(page):
    return f"/admin/list-import/list/{page.pk}/"


def projects_url(channel):
    return f"/admin/list-import/projects/{channel.pk}/"


def denied(response):
    """Wagtail answers an admin user's forbidden request with a redirect to the dashboard (and a message)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def post_rows(client, page, upload, **extra):
    return client.post(rows_url(page), {"file": upload, "action": "draft", **extra})


def latest_draft(page):
    return EnterpriseListPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def latest_rows(page):
    return [row.enterprise_name for row in latest_draft(page).rows.all()]


def test_good_rows_file_lands_in_a_draft_for_review(client, portal):
    client.force_login(portal.level1)
    upload = xlsx_upload([
        ROW_HEADER,
        ["新锐电子有限公司", make_uscc(7001), "34", "东湖镇", 300, "SMT产线", "赵敏", "13600000001"],
        ["绿野食品有限公司", make_uscc(7002).lower(), "C 制造业", "", "45.5", "", "钱进", "0591-87654321"],
    ])
    response = post_rows(client, portal.growth, upload)
    assert response.status_code == 302 and response.url == f"/admin/pages/{portal.growth.pk}/edit/"
    assert latest_rows(portal.growth) == [*ORIGINAL, "新锐电子有限公司", "绿野食品有限公司"]
    assert row_values(portal.growth) == ORIGINAL  # the live list is unchanged until published
    draft = latest_draft(portal.growth)
    imported = list(draft.rows.all())[-1]
    assert imported.credit_code == make_uscc(7002)
    assert imported.funding_need == 455000 and imported.funding_need_wan == Decimal("45.5")  # file in 万元, db in yuan
    assert imported.industry.code == "C"


def test_publishing_import_puts_rows_on_the_public_list(client, portal):
    client.force_login(portal.level1)
    upload = xlsx_upload([ROW_HEADER, ["新锐电子有限公司", make_uscc(7001), "", "", 300, "", "赵敏", "13600000001"]])
    response = client.post(rows_url(portal.growth), {"file": upload, "action": "publish", "replace": "on"})
    assert response.status_code == 302
    assert row_values(portal.growth) == ["新锐电子有限公司"]
    assert "新锐电子有限公司" in client.get("/lists/miit/growth/").content.decode()


def test_file_with_bad_rows_imports_nothing_and_reports_every_bad_line(client, portal):
    client.force_login(portal.level1)
    good = make_uscc(7003)
    upload = xlsx_upload([
        ROW_HEADER,
        ["好企业有限公司", good, "", "", 100, "", "", ""],
        ["", make_uscc(7004), "", "", "", "", "", ""],  # line 3: no name
        ["校验位错企业", good[:-1] + ("0" if good[-1] != "0" else "1"), "", "", "", "", "", ""],  # line 4
        [None, None, None, None, None, None, None, None],  # blank line is skipped
        ["重复企业", good, "99", "火星镇", "一百", "", "", "12345"],  # line 6: four problems
    ])
    response = post_rows(client, portal.growth, upload)
    html = response.content.decode()
    assert response.status_code == 400
    assert "有 3 行数据有错误，本次未导入任何数据" in html
    assert "第3行" in html and "缺少企业名称" in html
    assert "第4行" in html and "校验位" in html
    assert "第6行" in html
    for reason in ("与第2行重复", "找不到行业“99”", "找不到镇街“火星镇”", "资金需求“一百”不是数字",
                   "联系电话“12345”格式不正确"):
        assert reason in html
    assert "第2行" not in html.split("与第2行重复")[0].split("<tbody>")[-1]  # the good line is not listed
    assert latest_rows(portal.growth) == ORIGINAL
    assert not portal.growth.revisions.exists()


def test_row_already_in_the_list_is_refused_when_appending(client, portal):
    client.force_login(portal.level1)
    upload = xlsx_upload([ROW_HEADER, ["海峡精密机械", portal.row_machine.credit_code, "", "", "", "", "", ""]])
    assert "已在本名录中" in post_rows(client, portal.growth, upload).content.decode()


@pytest.mark.parametrize("content, message", [
    (b"name,code\n\xe5\xa5\xbd,1\n", "文件不是Excel工作簿（.xlsx）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版Excel（.xls）"),
    (b"PK\x03\x04 not really a zip", "文件不是Excel工作簿（.xlsx）"),
])
def test_a_file_that_is_not_excel_is_refused_whatever_its_name(content, message, client, portal):
    client.force_login(portal.level1)
    upload = SimpleUploadedFile("名录.xlsx", content)
    response = post_rows(client, portal.growth, upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not portal.growth.revisions.exists()


def test_a_word_document_renamed_xlsx_is_refused(client, portal):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    client.force_login(portal.level1)
    response = post_rows(client, portal.growth, SimpleUploadedFile("名录.xlsx", buffer.getvalue()))
    assert "文件不是Excel工作簿（.xlsx）" in response.content.decode()


def test_a_huge_file_is_refused_with_its_limit(client, portal):
    client.force_login(portal.level1)
    upload = SimpleUploadedFile("名录.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024))
    response = post_rows(client, portal.growth, upload)
    assert response.status_code == 400
    assert "单个文件不能超过 2.0 MB" in response.content.decode()


def test_too_many_rows_are_refused_with_the_row_limit(client, portal, settings):
    settings.ENTERPRISE_LIST_IMPORT_MAX_ROWS = 5
    client.force_login(portal.level1)
    rows = [[f"企业{n}", make_uscc(8000 + n), "", "", "", "", "", ""] for n in range(6)]
    response = post_rows(client, portal.growth, xlsx_upload([ROW_HEADER, *rows]))
    assert "一次最多导入 5 行" in response.content.decode()
    assert latest_rows(portal.growth) == ORIGINAL


def test_missing_required_column_is_reported(client, portal):
    client.force_login(portal.level1)
    response = post_rows(client, portal.growth, xlsx_upload([["企业名称", "联系人"], ["某企业", "张三"]]))
    assert "表头缺少必填列：统一社会信用代码" in response.content.decode()


@pytest.mark.parametrize("kind, target, header", [("rows", "growth", ROW_HEADER), ("projects", "ndrc_projects",
                                                                                    PROJECT_HEADER)])
def test_downloaded_template_imports_as_is(kind, target, header, client, portal):
    client.force_login(portal.level1)
    response = client.get(f"/admin/list-import/template/{kind}.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == header
    upload = SimpleUploadedFile("模板.xlsx", response.content)
    url = rows_url(portal.growth) if kind == "rows" else projects_url(portal.ndrc_projects)
    assert client.post(url, {"file": upload, "action": "draft"}).status_code == 302


def test_good_projects_file_creates_draft_projects_in_the_channel(client, portal):
    client.force_login(portal.ndrc_author)
    upload = xlsx_upload([
        PROJECT_HEADER,
        ["r2150", "产业园配套道路", "政府项目", 5000, "道路及管网", "2026-04-27", "市发改委", "(融资)"],
        ["R2151", "担保公司增资", "融资基金需求", "200.0", "", "2026/5/8", "", ""],
    ])
    response = client.post(projects_url(portal.ndrc_projects), {"file": upload, "action": "submit"})
    assert response.status_code == 302
    created = ProjectPage.objects.filter(code__in=["R2150", "R2151"]).order_by("code")
    assert [p.title for p in created] == ["产业园配套道路", "担保公司增资"]
    assert all(not p.live and p.department == portal.ndrc for p in created)
    assert all(p.current_workflow_state and p.current_workflow_state.status == "in_progress" for p in created)
    assert created[0].get_parent().pk == portal.ndrc_projects.pk


def test_projects_file_with_bad_rows_creates_nothing(client, portal):
    client.force_login(portal.level1)
    upload = xlsx_upload([
        PROJECT_HEADER,
        ["R2150", "好项目", "政府项目", 100, "", "2026-04-27", "", ""],
        ["R2142", "编号已存在", "政府项目", 100, "", "2026-04-27", "", ""],
        ["2150", "编号格式错", "政府项目", 100, "", "2026-04-27", "", ""],
        ["R2152", "类型错", "募捐", 100, "", "明年", "", ""],
        ["R2150", "文件内重复", "企业项目", -5, "", "2026-04-27", "", ""],
    ])
    response = client.post(projects_url(portal.ndrc_projects), {"file": upload, "action": "publish"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "有 4 行数据有错误" in html
    for reason in ("项目编号R2142已存在", "项目编号格式不正确", "项目类型“募捐”无效", "日期“明年”格式不正确",
                   "项目编号与第2行重复", "金额应为0到"):
        assert reason in html
    assert not ProjectPage.objects.filter(code="R2150").exists()


# ------------------------------------------------------------- who may import


def test_department_cannot_import_into_another_departments_list_or_channel(client, portal):
    client.force_login(portal.ndrc_author)  # 发改委
    upload = xlsx_upload([ROW_HEADER, ["某企业", make_uscc(7100), "", "", "", "", "", ""]])
    assert denied(post_rows(client, portal.growth, upload))  # 经信委's list
    assert denied(client.get(projects_url(portal.miit_projects)))
    assert latest_rows(portal.growth) == ORIGINAL


@pytest.mark.parametrize("who", ["bank_user", "enterprise_user", "nobody"])
def test_non_publishers_cannot_import(who, client, portal):
    client.force_login(getattr(portal, who))
    response = client.get(rows_url(portal.growth))
    assert denied(response) or "login" in response.url
    targets = client.get("/admin/list-import/")
    assert denied(targets) or "login" in targets.url


def test_anonymous_is_sent_to_login(client, portal):
    response = client.get(rows_url(portal.growth))
    assert response.status_code == 302 and "login" in response.url


def test_author_cannot_choose_direct_publish(client, portal):
    client.force_login(portal.miit_author)
    form = client.get(rows_url(portal.growth)).content.decode()
    assert "直接发布" not in form
    upload = xlsx_upload([ROW_HEADER, ["某企业", make_uscc(7101), "", "", "", "", "", ""]])
    response = client.post(rows_url(portal.growth), {"file": upload, "action": "publish"})
    assert response.status_code == 200  # form error, nothing done
    assert row_values(portal.growth) == ORIGINAL
    assert not EnterpriseListPage.objects.get(pk=portal.growth.pk).revisions.exists()


def test_import_menu_lists_only_the_users_own_targets(client, portal):
    client.force_login(portal.miit_author)
    html = client.get("/admin/list-import/").content.decode()
    assert "2026年度成长型企业名录" in html and "经信委项目" in html
    assert "发改委项目" not in html


def test_no_import_into_a_list_locked_by_someone_else(client, portal):
    portal.growth.locked, portal.growth.locked_by = True, portal.level1
    portal.growth.save()
    client.force_login(portal.miit_author)
    upload = xlsx_upload([ROW_HEADER, ["某企业", make_uscc(7102), "", "", "", "", "", ""]])
    assert denied(post_rows(client, portal.growth, upload))
    assert latest_rows(portal.growth) == ORIGINAL


def test_import_into_a_list_under_review_joins_that_review(client, portal):
    client.force_login(portal.miit_author)
    first = xlsx_upload([ROW_HEADER, ["甲企业", make_uscc(7103), "", "", "", "", "", ""]])
    assert client.post(rows_url(portal.growth), {"file": first, "action": "submit"}).status_code == 302
    page = EnterpriseListPage.objects.get(pk=portal.growth.pk)
    assert page.workflow_in_progress
    # the author is locked out while the review runs; a reviewer may still add rows
    second = xlsx_upload([ROW_HEADER, ["乙企业", make_uscc(7104), "", "", "", "", "", ""]])
    assert denied(client.post(rows_url(portal.growth), {"file": second, "action": "submit"}))
    reviewer = portal.miit_author.__class__.objects.create_user("miit_reviewer", password="x")
    reviewer.groups.add(portal.miit_channel.reviewers)
    client.force_login(reviewer)
    second.seek(0)
    assert client.post(rows_url(portal.growth), {"file": second, "action": "submit"}).status_code == 302
    assert page.workflow_states.filter(status="in_progress").count() == 1
    assert latest_rows(portal.growth) == [*ORIGINAL, "甲企业", "乙企业"]


def test_import_button_on_the_pages_a_user_may_import_into(client, portal):
    client.force_login(portal.miit_author)
    assert f"/admin/list-import/list/{portal.growth.pk}/" in client.get(
        f"/admin/pages/{portal.growth.pk}/edit/").content.decode()
    assert f"/admin/list-import/projects/{portal.miit_projects.pk}/" in client.get(
        f"/admin/pages/{portal.miit_projects.pk}/").content.decode()
    client.force_login(portal.ndrc_author)
    assert f"/admin/list-import/projects/{portal.miit_projects.pk}/" not in client.get(
        f"/admin/pages/{portal.projects.pk}/").content.decode()
