"""External credit records enter through the platform's import (Excel or CSV, all or nothing, errors per row in
Chinese) and are read through the provider named in settings (members.credit_records)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from members import credit_records
from members.models import CreditRecord
from tests.factories.members import make_uscc
from tests.refusals import assert_redirects_to, assert_sends_to_admin_home, assert_sends_to_login

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/member-review/credit-records/import/"
HEADER = ["统一社会信用代码*", "企业名称", "信息类别*", "内容*", "所属期间*", "数据来源*", "数据日期*"]


def xlsx(*rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    for row in (header, *rows):
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("外部信用记录.xlsx", content.getvalue())


def csv_file(*rows, encoding="utf-8-sig", name="records.csv"):
    text = "\r\n".join(",".join(row) for row in (HEADER, *rows)) + "\r\n"
    return SimpleUploadedFile(name, text.encode(encoding))


def good_rows(code):
    return [[code, "甲企业", "纳税信用等级", "A", "2025", "市税务局", "2026-04-30"],
            [code, "甲企业", "社保缴纳人数", "52", "2026-03", "市人社局", "2026-04-10"]]


def test_a_file_with_bad_rows_imports_nothing_and_says_which_row_and_why(client, cast):
    client.force_login(cast.level1)
    code = make_uscc(1)
    upload = xlsx(*good_rows(code),
                  ["123", "乙企业", "纳税信用等级", "B", "2025", "市税务局", "2026-04-30"],
                  [make_uscc(2), "丙企业", "信用分", "90", "2025", "市税务局", "2026-04-30"],
                  [make_uscc(3), "丁企业", "公积金缴存人数", "", "2026-03", "", "2026年13月1日"],
                  [code, "甲企业", "纳税信用等级", "A", "2025", "市税务局", "2026-04-30"])
    response = client.post(IMPORT_URL, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "有 4 行数据有错误，本次未导入任何数据" in page
    assert "第4行" in page and "统一社会信用代码应为18位，您输入了3位。" in page
    assert "第5行" in page
    kinds = "纳税信用等级、社保缴纳人数、公积金缴存人数、行政处罚、失信被执行、水电费缴纳"
    assert f"信息类别“信用分”不在{kinds}之中" in page
    assert "第6行" in page and "请填写内容" in page and "请填写数据来源" in page
    assert "数据日期“2026年13月1日”不是日期（如 2026-01-31）" in page
    assert "第7行" in page and "与第2行重复（同一企业、类别、期间和来源）" in page
    assert "第2行</td>" not in page  # the good rows are not reported ...
    assert not CreditRecord.objects.exists()  # ... and not imported either


def test_a_file_without_its_required_columns_is_refused_as_a_whole(client, cast):
    client.force_login(cast.level1)
    upload = xlsx([make_uscc(1), "甲企业", "A"], header=["统一社会信用代码*", "企业名称", "内容*"])
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 400
    assert "表头缺少必填列：信息类别、所属期间、数据来源、数据日期。请使用下载的模板。" in response.content.decode()
    assert not CreditRecord.objects.exists()


def test_a_good_file_is_imported_and_importing_it_again_updates_instead_of_doubling(client, cast):
    client.force_login(cast.level1)
    code = make_uscc(1)
    assert_redirects_to(client.post(IMPORT_URL, {"file": xlsx(*good_rows(code))}), "/admin/members/creditrecord/")
    rows = good_rows(code)
    rows[0][3] = "B"  # the exchange corrected the rating
    client.post(IMPORT_URL, {"file": xlsx(*rows)})
    records = {(r.get_kind_display(), r.value, r.period, r.source, str(r.record_date))
               for r in CreditRecord.objects.filter(credit_code=code)}
    assert records == {("纳税信用等级", "B", "2025", "市税务局", "2026-04-30"),
                       ("社保缴纳人数", "52", "2026-03", "市人社局", "2026-04-10")}
    listing = client.get("/admin/members/creditrecord/").content.decode()
    assert "已导入 2 条外部信用记录。" in listing and "导入外部信用记录" in listing


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_file_from_the_exchange_is_imported_in_utf8_or_gbk(client, cast, encoding):
    client.force_login(cast.level1)
    code = make_uscc(4)
    response = client.post(IMPORT_URL, {"file": csv_file(*good_rows(code), encoding=encoding)})
    assert_redirects_to(response, "/admin/members/creditrecord/")
    assert CreditRecord.objects.filter(credit_code=code, source="市税务局", value="A").exists()


def test_a_csv_file_with_a_bad_row_imports_nothing(client, cast):
    client.force_login(cast.level1)
    rows = good_rows(make_uscc(5)) + [[make_uscc(6), "乙企业", "行政处罚", "无", "2025", "市市场监管局", "昨天"]]
    response = client.post(IMPORT_URL, {"file": csv_file(*rows)})
    assert response.status_code == 400
    assert "第4行" in response.content.decode() and not CreditRecord.objects.exists()


def test_the_template_has_the_documented_columns_and_a_valid_example(client, cast):
    client.force_login(cast.level1)
    response = client.get("/admin/member-review/credit-records/template/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, example = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == HEADER
    assert credit_records.validate([(2, dict(zip([a for _h, a, _r in credit_records.COLUMNS], example,
                                                 strict=True)))]).ok


def test_only_the_platform_imports(client, cast):
    for user in (cast.bank_a_user, cast.supervisor, cast.level2):
        client.force_login(user)
        assert_sends_to_admin_home(client.get(IMPORT_URL))
        assert_sends_to_admin_home(client.post(IMPORT_URL, {"file": xlsx(*good_rows(make_uscc(1)))}))
    client.force_login(cast.ent_a)
    assert_sends_to_login(client.get(IMPORT_URL))
    assert not CreditRecord.objects.exists()


class ExchangeApi:
    """A live provider as a deployment would write one (here answering from memory)."""

    def records_for(self, credit_code):
        return [CreditRecord(credit_code=credit_code, kind="tax_rating", value="M", period="2025",
                             source="数据共享交换平台接口", record_date="2026-05-01")]


def test_pages_read_the_records_through_the_provider_named_in_settings(cast, settings):
    CreditRecord.objects.create(credit_code=cast.enterprise_a.credit_code, kind="tax_rating", value="A",
                                period="2025", source="市税务局", record_date="2026-04-30")
    assert [r.value for r in credit_records.records_for(cast.enterprise_a)] == ["A"]
    settings.CREDIT_RECORD_PROVIDER = "tests.members.test_credit_records_import.ExchangeApi"
    records = credit_records.records_for(cast.enterprise_a)
    assert [(r.value, r.source) for r in records] == [("M", "数据共享交换平台接口")]


class BrokenExchangeApi:
    def records_for(self, credit_code):
        raise TimeoutError("exchange did not answer")


def test_a_failing_live_provider_leaves_the_imported_records(cast, settings):
    CreditRecord.objects.create(credit_code=cast.enterprise_a.credit_code, kind="tax_rating", value="A",
                                period="2025", source="市税务局", record_date="2026-04-30")
    settings.CREDIT_RECORD_PROVIDER = "tests.members.test_credit_records_import.BrokenExchangeApi"
    assert [r.value for r in credit_records.records_for(cast.enterprise_a)] == ["A"]
