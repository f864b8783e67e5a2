"""The blacklist takes only valid 统一社会信用代码 and can be imported from Excel, all or nothing (issue 18)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members.models import Blacklist
from tests.factories.members import make_uscc
from tests.refusals import assert_sends_to_admin_home, assert_sends_to_login

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码*", "企业名称", "列入原因*", "来源", "生效日期", "失效日期"]


def xlsx(*rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in (HEADER, *rows):
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("黑名单.xlsx", content.getvalue())


def entry(code, name="某公司"):
    return {"credit_code": code, "name": name, "reason": "失信被执行人", "source": "信用中国", "valid_from": "",
            "valid_to": ""}


def test_an_invalid_code_is_refused_with_the_error_shown_and_the_input_kept(client, world):
    client.force_login(world.level1)
    response = client.post("/admin/members/blacklist/create/", entry("123", "某某贸易"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "统一社会信用代码应为18位，您输入了3位。" in page and 'value="某某贸易"' in page and 'value="123"' in page
    assert not Blacklist.objects.exists()
    wrong_check = make_uscc(7)[:17] + ("1" if make_uscc(7)[17] != "1" else "2")
    page = client.post("/admin/members/blacklist/create/", entry(wrong_check)).content.decode()
    assert "统一社会信用代码校验位（第18位）不正确" in page and not Blacklist.objects.exists()


def test_a_valid_code_is_added(client, world):
    client.force_login(world.level1)
    response = client.post("/admin/members/blacklist/create/", entry(make_uscc(8).lower()))
    assert response.status_code == 302
    assert Blacklist.objects.get().credit_code == make_uscc(8)


def test_a_bad_row_imports_nothing_and_says_which_row_and_why(client, world):
    client.force_login(world.level1)
    upload = xlsx([make_uscc(1), "甲公司", "失信", "信用中国", "2026-01-01", ""],
                  ["123", "乙公司", "失信", "", "", ""],
                  [make_uscc(2), "丙公司", "", "", "2026-05-01", "2026-01-01"],
                  [make_uscc(3), "丁公司", "失信", "", "2026-13-01", ""])
    response = client.post("/admin/member-review/blacklist/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "第3行" in page and "统一社会信用代码应为18位，您输入了3位。" in page
    assert "第4行" in page and "请填写列入原因" in page and "失效日期早于生效日期" in page
    assert "第5行" in page and "生效日期“2026-13-01”不是日期（如 2026-01-31）" in page
    assert "第2行" not in page
    assert not Blacklist.objects.exists()


def test_a_good_file_is_imported_and_a_listed_code_updated(client, world):
    Blacklist.objects.create(credit_code=make_uscc(1), name="甲公司", reason="旧原因")
    client.force_login(world.level1)
    upload = xlsx([make_uscc(1), "甲公司", "失信被执行人", "信用中国", "2026-01-01", ""],
                  [make_uscc(2), "乙公司", "严重违法失信", "", "2026/02/03", None])
    response = client.post("/admin/member-review/blacklist/import/", {"file": upload})
    assert response.status_code == 302 and response["Location"] == "/admin/members/blacklist/"
    assert Blacklist.objects.count() == 2
    assert Blacklist.objects.get(credit_code=make_uscc(1)).reason == "失信被执行人"
    assert str(Blacklist.objects.get(credit_code=make_uscc(2)).valid_from) == "2026-02-03"
    assert Blacklist.entry_for(make_uscc(2)) is not None


def test_a_file_that_is_not_a_workbook_is_refused_as_a_whole(client, world):
    client.force_login(world.level1)
    response = client.post("/admin/member-review/blacklist/import/",
                           {"file": SimpleUploadedFile("x.xlsx", b"credit_code,name\n123,x\n")})
    assert response.status_code == 400 and "文件不是Excel工作簿" in response.content.decode()


def test_the_list_offers_the_import_and_its_template_downloads(client, world):
    client.force_login(world.level1)
    assert "/admin/member-review/blacklist/import/" in client.get("/admin/members/blacklist/").content.decode()
    assert re.search(r"<h1[^>]*>\s*(<svg.*?</svg>)?\s*黑名单导入",
                     client.get("/admin/member-review/blacklist/import/").content.decode(), re.S)
    template = client.get("/admin/member-review/blacklist/template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize("who", ["bank_a_user", "level2", "dept_a_user"])
def test_only_the_platform_imports_the_blacklist(client, world, who):
    client.force_login(getattr(world, who))
    upload = xlsx([make_uscc(1), "甲公司", "失信", "", "", ""])
    assert_sends_to_admin_home(client.post("/admin/member-review/blacklist/import/", {"file": upload}))
    assert_sends_to_admin_home(client.get("/admin/member-review/blacklist/template/"))
    assert not Blacklist.objects.exists()


def test_an_enterprise_is_sent_to_sign_in(client, world):
    client.force_login(world.ent_a)
    assert_sends_to_login(client.get("/admin/member-review/blacklist/import/"))
