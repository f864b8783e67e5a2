"""Malformed ids, NUL characters, overlong and non-UTF-8 values and damaged Excel files answer a clear
Chinese error, never a 500 (core/params.py, core/middleware.py RejectNullCharactersMiddleware,
enterprise_list/importers.py). Run on PostgreSQL too: it refuses NUL in text and overflows its integers."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from finance_market.models import CartItem, FinancingNeed
from members.models import Favourite
from tests.enterprise_list.conftest import portal  # noqa: F401  (fixture)
from tests.finance_market.conftest import market  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "9" * 30, "-1", "0", "1.5", "²", "１２", "", " ", "x" * 20000, "1e3", "0x10"]
INVALID = "请求参数无效，请返回上一页刷新后重试。"
ILLEGAL = "请求参数含有非法字符。"
URLENCODED = "application/x-www-form-urlencoded"


def refused(response, message):
    """The Chinese 400 page with its message."""
    assert response.status_code == 400
    body = response.content.decode()
    assert "请求有误（400）" in body and message in body
    return body


def client_for(user):
    client = Client(raise_request_exception=False)  # a 500 shows as a 500, not as an exception in the test
    if user is not None:
        client.force_login(user)
    return client


# --- ids a POST must carry ------------------------------------------------------------------------

def id_endpoints(m):
    """(url, field, user) of every view that reads an id from a POST without a form."""
    return [("/market/cart/add/", "product", m.ent_a.account),
            ("/member/favourites/add/", "page", m.ent_a.account),
            ("/member/favourites/add/", "page", None)]


@pytest.mark.parametrize("value", BAD_IDS)
def test_malformed_id_in_a_post_is_a_chinese_400(market, value):  # noqa: F811
    for url, field, user in id_endpoints(market):
        response = client_for(user).post(url, {field: value})
        refused(response, INVALID)
    assert not CartItem.objects.exists() and not Favourite.objects.exists()


def test_missing_id_is_a_chinese_400(market):  # noqa: F811
    for url, _field, user in id_endpoints(market):
        refused(client_for(user).post(url, {}), INVALID)


@pytest.mark.parametrize("body", [b"product=%FF%FE", b"product=\xff\xfe", b"product=%C0%AF"])
def test_non_utf8_id_is_a_chinese_400(market, body):  # noqa: F811
    client = client_for(market.ent_a.account)
    refused(client.generic("POST", "/market/cart/add/", body, content_type=URLENCODED), INVALID)


def test_well_formed_unknown_id_is_a_404_and_a_good_one_works(market):  # noqa: F811
    client = client_for(market.ent_a.account)
    assert client.post("/market/cart/add/", {"product": "999999"}).status_code == 404
    assert client.post("/member/favourites/add/", {"page": "999999"}).status_code == 404
    response = client.post("/market/cart/add/", {"product": str(market.product_a.pk)})
    assert (response.status_code, response["Location"]) == (302, "/market/cart/")
    assert CartItem.objects.filter(enterprise=market.ent_a, product=market.product_a).exists()


def test_huge_id_in_a_url_is_a_404(market):  # noqa: F811
    need = FinancingNeed.objects.create(enterprise=market.ent_a, amount=500000, term_months=12, purpose="采购",
                                        repayment_method="interest_first", status="published")
    client = client_for(market.ent_a.account)
    huge = "9" * 30
    assert client.get(f"/market/needs/{huge}/edit/").status_code == 404
    assert client.post(f"/market/cart/{huge}/remove/").status_code == 404
    assert client.get(f"/member/messages/{huge}/").status_code == 404
    assert client.get(f"/market/needs/{need.pk}/edit/").status_code == 200


# --- ids in query strings: a filter ignores what it cannot read ----------------------------------

@pytest.mark.parametrize("value", BAD_IDS)
def test_malformed_id_in_a_filter_is_ignored(market, value):  # noqa: F811
    m = market
    cases = [
        (None, "/market/calculator/", {"product": value}),
        (m.level1, "/admin/statistics/applications/", {"institution": value}),
        (m.level1, "/admin/statistics/applications/list/", {"dim": "region", "key": value}),
        (m.level1, "/admin/statistics/applications/list/", {"dim": "industry", "key": value}),
        (m.level1, "/admin/statistics/applications/list/", {"dim": "reason", "key": value}),
        (m.level1, "/admin/reports/search-statistics/", {"days": value}),
        (m.ent_a.account, "/consult/new/", {"expert": value}),
        (m.level1, "/admin/roles/copy/", {"from": value}),
        (None, "/market/", {"institution": value, "term": value}),
    ]
    for user, url, params in cases:
        response = client_for(user).get(url, params)
        assert response.status_code == 200, f"{url} {str(params)[:80]} answered {response.status_code}"


def test_malformed_message_ids_mark_nothing_and_go_back(market):  # noqa: F811
    client = client_for(market.ent_a.account)
    response = client.post("/member/messages/read/", {"ids": ["abc", "9" * 30, "-1", "²"]})
    assert (response.status_code, response["Location"]) == (302, "/member/messages/")


# --- NUL characters, wherever they come in --------------------------------------------------------

def test_nul_in_a_post_field_is_a_chinese_400(market):  # noqa: F811
    client = client_for(market.ent_a.account)
    refused(client.post("/market/cart/add/", {"product": "1\x00"}), ILLEGAL)  # multipart
    refused(client.post("/market/cart/add/", "product=1%00", content_type=URLENCODED), ILLEGAL)
    refused(client.post("/market/cart/add/", {"product\x00": "1"}), ILLEGAL)  # in a field's name
    refused(client.post("/accounts/login/", {"username": "a\x00", "password": "b"}), ILLEGAL)


def test_nul_in_a_free_text_post_field_read_without_a_form_is_a_chinese_400(market):  # noqa: F811
    from tests.finance_market.conftest import submit

    application = submit(market.ent_a, market.product_a)
    client = client_for(market.ent_a.account)
    url = f"/member/applications/{application.reference}/withdraw/"
    refused(client.post(url, {"note": "不需要了\x00"}), ILLEGAL)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_nul_in_an_upload_field_name_is_a_chinese_400(market):  # noqa: F811
    client = client_for(market.ent_a.account)
    upload = SimpleUploadedFile("材料.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    refused(client.post("/market/cart/checkout/", {"attachments\x00": upload}), ILLEGAL)


def test_nul_in_a_query_string_or_path_is_a_chinese_400(client, home):
    refused(client.get("/search/", {"q": "贷款\x00"}), ILLEGAL)
    refused(client.get("/lists/", {"region\x00": "1"}), ILLEGAL)
    refused(client.get("/search/%00/"), ILLEGAL)


def test_nul_in_a_header_is_a_chinese_400(home, market):  # noqa: F811
    client = client_for(None)
    # User-Agent is stored with every login (LoginLog); the session cookie is looked up in the database
    refused(client.get("/", HTTP_USER_AGENT="Mozilla/5.0\x00"), ILLEGAL)
    refused(client.get("/member/", HTTP_COOKIE="sessionid=abc\x00def"), ILLEGAL)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"}, HTTP_USER_AGENT="x\x00")
    refused(response, ILLEGAL)


@pytest.mark.parametrize("body", [b'{"product": "1\\u0000"}', b'{"\\u0000": 1}', b'{"product": "1\x00"}'])
def test_nul_in_a_json_body_is_a_chinese_400(market, body):  # noqa: F811
    client = client_for(market.ent_a.account)
    refused(client.generic("POST", "/market/cart/add/", body, content_type="application/json"), ILLEGAL)


def test_an_escaped_backslash_before_u0000_in_json_is_not_a_nul(market):  # noqa: F811
    client = client_for(market.ent_a.account)
    response = client.generic("POST", "/market/cart/add/", b'{"text": "C:\\\\u0000"}', content_type="application/json")
    refused(response, INVALID)  # reaches the view, which finds no product id in the form data


def test_very_long_free_text_is_stored_not_a_500(market):  # noqa: F811
    from tests.finance_market.conftest import submit

    application = submit(market.ent_a, market.product_a)
    client = client_for(market.ent_a.account)
    url = f"/member/applications/{application.reference}/withdraw/"
    response = client.post(url, {"note": "长" * 100_000})
    assert (response.status_code, response["Location"]) == (302, f"/member/applications/{application.reference}/")
    application.refresh_from_db()
    assert application.status == "withdrawn"


# --- damaged Excel files --------------------------------------------------------------------------

ROW_HEADER = ["企业名称*", "统一社会信用代码*", "所属行业", "所属镇街", "资金需求（万元）", "项目情况", "联系人",
              "联系电话"]


def _workbook_with_damaged_sheet(damage):
    """A real .xlsx of 200 rows whose sheet XML is then damaged: the header still reads, the rows do not."""
    book = Workbook()
    book.active.append(ROW_HEADER)
    for n in range(200):
        book.active.append([f"企业{n}", "", "", "", 100, "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, damage(content) if info.filename == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


@pytest.mark.parametrize("damage", [
    lambda xml: xml[:len(xml) // 2],  # cut off (an interrupted download)
    lambda xml: xml.replace(b"<v>100</v>", b"<v>100</v><broken", 1),  # invalid XML after the header
    lambda xml: xml.replace(b'<c r="E3" t="n"><v>100</v>', b'<c r="E3" t="d"><v>not a date</v>', 1),
], ids=["truncated", "invalid-xml", "bad-date"])
def test_damaged_excel_import_is_refused_on_the_form_and_imports_nothing(client, portal, damage):  # noqa: F811
    client.force_login(portal.level1)
    upload = SimpleUploadedFile("名录.xlsx", _workbook_with_damaged_sheet(damage))
    response = client.post(f"/admin/list-import/list/{portal.growth.pk}/", {"file": upload, "action": "draft"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "无法读取该Excel文件，文件可能已损坏。" in body
    assert '<form method="post" enctype="multipart/form-data"' in body  # the form, to try another file
    assert not portal.growth.revisions.exists()
