"""精准授权: a bank reads an enterprise's financials and external credit records only under a live grant, from
the enterprise's application or the member centre; revoking ends it at once, the end date ends it after that
day, another bank never reads them; every read is logged and shown to the enterprise (谁查看了我的数据)."""

import datetime
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from finance_market import lifecycle
from finance_market.models import ApplicationAttachment
from members import data_sharing
from members.models import CreditRecord, DataGrant, DataView, EnterpriseFinancials, GrantSource
from members.services import cancel_account
from tests.finance_market.conftest import submit
from tests.refusals import assert_redirects_to, assert_sends_to_admin_home, assert_sends_to_login

pytestmark = pytest.mark.django_db

REVOKED = "该企业已于 {when} 撤销对贵机构的数据授权，不能再查看其经营数据和外部信用记录。"
EXPIRED = "该企业对贵机构的数据授权已于 {day} 到期，不能再查看其经营数据和外部信用记录。"
NEVER = "该企业未授权贵机构查看其经营数据和外部信用记录。"


@pytest.fixture
def data(market):
    """ent_a's figures and records, and its application to bank A."""
    EnterpriseFinancials.objects.create(enterprise=market.ent_a, year=2025, revenue=12_000_000, profit=1_500_000)
    CreditRecord.objects.create(credit_code=market.ent_a.credit_code, kind="tax_rating", value="A级",
                                period="2025", source="市税务局", record_date=datetime.date(2026, 4, 30))
    CreditRecord.objects.create(credit_code=market.ent_a.credit_code, kind="social_security", value="52人",
                                period="2026-03", source="市人社局", record_date=datetime.date(2026, 4, 10))
    market.application = submit(market.ent_a, market.product_a)
    return market


def grant(market, bank=None, days=30):
    return data_sharing.grant(market.ent_a, bank or market.bank_a, by=market.ent_a.account,
                              valid_until=timezone.localdate() + datetime.timedelta(days=days))


def application_page(client, market, user=None):
    client.force_login(user or market.staff_a)
    response = client.get(f"/admin/market/applications/{market.application.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def shows_the_data(page):
    return "A级" in page and "市税务局" in page and "2026-04-30" in page and "52人" in page and "1,200.00" in page


def test_without_a_grant_the_bank_sees_the_application_but_not_the_data(client, data):
    page = application_page(client, data)
    assert NEVER in page and not shows_the_data(page)
    assert not DataView.objects.exists()


def test_under_a_live_grant_the_bank_sees_records_with_source_and_date_and_each_view_is_logged(client, data):
    grant(data)
    for _view in range(2):
        page = application_page(client, data)
        assert shows_the_data(page) and NEVER not in page
    views = list(DataView.objects.all())
    assert len(views) == 2
    assert {(v.enterprise, v.institution, v.viewer, v.kind, v.detail) for v in views} == {
        (data.ent_a, data.bank_a, data.staff_a, "application", data.application.reference)}


def test_revoking_ends_access_at_once(client, data):
    live = grant(data)
    assert shows_the_data(application_page(client, data))
    client.force_login(data.ent_a.account)
    assert_redirects_to(client.post(f"/member/data-grants/{live.pk}/revoke/"), "/member/data-grants/")
    live.refresh_from_db()
    page = application_page(client, data)
    when = timezone.localtime(live.revoked_at).strftime("%Y-%m-%d %H:%M")
    assert REVOKED.format(when=when) in page and not shows_the_data(page)
    profile = client.get(f"/admin/market/enterprises/{data.ent_a.pk}/profile/")
    assert profile.status_code == 403
    assert REVOKED.format(when=when) in profile.content.decode() and "A级" not in profile.content.decode()
    assert DataView.objects.count() == 1  # the one read before the revocation


def test_a_grant_runs_through_its_end_date_and_not_a_day_longer(client, data):
    last_day = grant(data, days=0)
    assert last_day.valid_until == timezone.localdate()
    assert shows_the_data(application_page(client, data))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    DataGrant.objects.filter(pk=last_day.pk).update(valid_from=yesterday - datetime.timedelta(days=30),
                                                    valid_until=yesterday)
    page = application_page(client, data)
    assert EXPIRED.format(day=yesterday.strftime("%Y-%m-%d")) in page and not shows_the_data(page)
    profile = client.get(f"/admin/market/enterprises/{data.ent_a.pk}/profile/")
    assert profile.status_code == 403 and EXPIRED.format(day=yesterday.strftime("%Y-%m-%d")) in profile.content.decode()


def test_another_bank_never_sees_the_data(client, data):
    grant(data)  # to bank A only
    client.force_login(data.staff_b)
    assert client.get(f"/admin/market/applications/{data.application.pk}/").status_code == 404
    assert client.get(f"/admin/market/enterprises/{data.ent_a.pk}/profile/").status_code == 404
    # even when the enterprise applied to it too, bank B reads only the refusal
    data.application = submit(data.ent_a, data.product_b)
    page = application_page(client, data, data.staff_b)
    assert NEVER in page and not shows_the_data(page)
    profile = client.get(f"/admin/market/enterprises/{data.ent_a.pk}/profile/")
    assert profile.status_code == 403 and NEVER in profile.content.decode()
    assert not DataView.objects.filter(institution=data.bank_b).exists()


def test_the_platform_and_the_supervisor_read_applications_but_not_the_granted_data(client, data):
    grant(data)
    for user in (data.level1, data.supervisor):
        page = application_page(client, data, user)
        assert "企业的经营数据和外部信用记录仅向获得企业授权的金融机构展示。" in page and not shows_the_data(page)
        assert_sends_to_admin_home(client.get(f"/admin/market/enterprises/{data.ent_a.pk}/profile/"))
    assert not DataView.objects.exists()


def test_ticking_the_grant_at_checkout_grants_the_bank_applied_to(client, data):
    client.force_login(data.ent_a.account)
    client.post("/market/cart/add/", {"product": data.product_a.pk})
    response = client.post("/market/cart/checkout/", {
        "token": str(uuid.uuid4()), "amount": "100", "term_months": "12", "purpose": "采购原材料",
        "repayment_method": "interest_first", "is_first_loan": "1", "contact_person": "陈立群",
        "contact_phone": "13800000001", "grant_data": "on", "grant_months": "3"})
    assert_redirects_to(response, "/member/applications/")
    made = DataGrant.objects.get()
    assert (made.enterprise, made.institution, made.source) == (data.ent_a, data.bank_a, GrantSource.APPLICATION)
    assert made.valid_until == data_sharing.end_of_period(3) and made.is_live


def test_the_enterprise_reads_on_its_application_whether_the_bank_may_see_its_data(client, data):
    client.force_login(data.ent_a.account)
    url = f"/member/applications/{data.application.reference}/"
    assert "未授权该机构查看本企业的经营数据和外部信用记录" in client.get(url).content.decode()
    live = grant(data, days=10)
    day = live.valid_until.strftime("%Y-%m-%d")
    assert f"已授权该机构查看本企业的经营数据和外部信用记录，有效期至 {day}" in client.get(url).content.decode()


def test_not_ticking_it_grants_nothing(client, data):
    client.force_login(data.ent_a.account)
    client.post("/market/cart/add/", {"product": data.product_a.pk})
    page = client.get("/market/cart/checkout/").content.decode()
    assert "授权所申请的金融机构查看本企业的经营数据和外部信用记录" in page and 'name="grant_data" checked' not in page
    client.post("/market/cart/checkout/", {
        "token": str(uuid.uuid4()), "amount": "100", "term_months": "12", "purpose": "采购原材料",
        "repayment_method": "interest_first", "is_first_loan": "1", "contact_person": "陈立群",
        "contact_phone": "13800000001"})
    assert data.ent_a.loan_applications.count() == 2 and not DataGrant.objects.exists()


def test_member_centre_grants_lists_and_extends_instead_of_doubling(client, data):
    client.force_login(data.ent_a.account)
    form = {"grant-institution": data.bank_b.pk, "grant-months": "6"}
    assert_redirects_to(client.post("/member/data-grants/", form), "/member/data-grants/")
    assert_redirects_to(client.post("/member/data-grants/", {**form, "grant-months": "12"}), "/member/data-grants/")
    made = DataGrant.objects.get()
    assert made.institution == data.bank_b and made.valid_until == data_sharing.end_of_period(12)
    page = client.get("/member/data-grants/").content.decode()
    assert "乙银行" in page and "有效" in page and "撤销对乙银行的授权" in page
    # on a phone the table head is hidden and each value says its column (static/css/portal.css .stack-table)
    assert 'class="message-table stack-table"' in page
    assert f'<td data-label="有效期至">{made.valid_until:%Y-%m-%d}</td>' in page


def test_member_centre_grant_form_says_what_is_missing(client, data):
    client.force_login(data.ent_a.account)
    response = client.post("/member/data-grants/", {"grant-months": "6"})
    assert response.status_code == 400 and "请选择金融机构" in response.content.decode()
    assert not DataGrant.objects.exists()


def test_an_enterprise_cannot_revoke_or_read_another_enterprises_grants(client, data):
    theirs = grant(data)
    client.force_login(data.ent_b.account)
    assert client.post(f"/member/data-grants/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert "还没有授权任何金融机构。" in client.get("/member/data-grants/").content.decode()


def test_the_enterprise_sees_who_viewed_its_data(client, data):
    grant(data)
    application_page(client, data)
    client.get(f"/admin/market/enterprises/{data.ent_a.pk}/profile/")
    client.force_login(data.ent_a.account)
    page = client.get("/member/data-views/").content.decode()
    viewer = data.staff_a.get_full_name() or data.staff_a.get_username()
    assert page.count(viewer) == 2 and page.count("甲银行") >= 2
    assert f"贷款申请页：经营数据与外部信用记录（{data.application.reference}）" in page and "企业画像" in page
    client.force_login(data.ent_b.account)
    assert "还没有机构查看过本企业的数据。" in client.get("/member/data-views/").content.decode()


def test_member_pages_are_for_enterprises(client, data):
    assert_sends_to_login(client.get("/member/data-grants/"))
    assert_sends_to_login(client.get("/member/data-views/"))
    client.force_login(data.staff_a)
    assert client.get("/member/data-grants/").status_code == 403
    assert client.get("/member/data-views/").status_code == 403


def test_the_profile_shows_identity_certification_figures_records_applications_and_ratings(client, data):
    grant(data)
    lifecycle.apply_transition(data.application, "accept", data.staff_a)
    lifecycle.apply_transition(data.application, "sign", data.staff_a, credit_amount=800000)
    lifecycle.rate(data.application, data.staff_a, 4, "还款意愿良好")
    other = submit(data.ent_a, data.product_b)
    lifecycle.apply_transition(other, "accept", data.staff_b)
    lifecycle.apply_transition(other, "refuse", data.staff_b, reason=data.reason)
    application_page(client, data)  # the profile is linked from the application page
    assert f'href="/admin/market/enterprises/{data.ent_a.pk}/profile/"' in application_page(client, data)
    response = client.get(f"/admin/market/enterprises/{data.ent_a.pk}/profile/")
    page = response.content.decode()
    assert response.status_code == 200
    assert data.ent_a.name in page and data.ent_a.credit_code in page and "已认证" in page
    assert shows_the_data(page) and "2025" in page
    assert "共 2 笔，已办结 2 笔，其中审批通过 1 笔。" in page
    assert "甲银行信用贷" in page and "乙银行信用贷" in page and "资料不完整" in page and "80.00" in page
    assert "★★★★☆ 还款意愿良好" in page
    assert DataView.objects.filter(kind="profile", viewer=data.staff_a).count() == 1


@pytest.mark.parametrize("institution, months", [("9" * 30, "6"), ("abc", "6"), ("-1", "6"), ("", "99")])
def test_malformed_grant_input_is_refused_with_the_form_kept(client, data, institution, months):
    client.force_login(data.ent_a.account)
    response = client.post("/member/data-grants/", {"grant-institution": institution, "grant-months": months})
    assert response.status_code == 400
    assert not DataGrant.objects.exists()


def test_malformed_paging_and_ids_never_fail(client, data):
    client.force_login(data.ent_a.account)
    assert client.get("/member/data-views/?page=abc").status_code == 200
    assert client.get("/member/data-views/?page=" + "9" * 30).status_code == 200
    assert client.post(f"/member/data-grants/{'9' * 30}/revoke/").status_code == 404
    data_b = data.staff_a
    client.force_login(data_b)
    assert client.get(f"/admin/market/enterprises/{'9' * 30}/profile/").status_code == 404


def test_a_bank_lists_the_enterprises_that_granted_it_until_revoked(client, data):
    live = grant(data, bank=data.bank_a)
    client.force_login(data.staff_a)
    page = client.get("/admin/market/enterprises/granted/").content.decode()
    assert data.ent_a.name in page and f"/admin/market/enterprises/{data.ent_a.pk}/profile/" in page
    client.force_login(data.staff_b)
    assert data.ent_a.name not in client.get("/admin/market/enterprises/granted/").content.decode()
    data_sharing.revoke(live, data.ent_a.account)
    client.force_login(data.staff_a)
    assert "目前没有企业授权贵机构查看其数据。" in client.get("/admin/market/enterprises/granted/").content.decode()
    client.force_login(data.level1)
    assert_sends_to_admin_home(client.get("/admin/market/enterprises/granted/"))


def test_the_view_log_also_lists_the_banks_reads_of_application_materials_but_not_the_enterprises_own(client, data):
    attachment = ApplicationAttachment.objects.create(
        application=data.application, file=SimpleUploadedFile("报表.pdf", b"%PDF-1.4\n"), filename="报表.pdf", size=9)
    client.force_login(data.staff_a)
    client.get(f"/market/attachments/{attachment.pk}/?view=1")
    client.force_login(data.ent_a.account)
    client.get(f"/market/attachments/{attachment.pk}/")  # its own download is not someone viewing its data
    page = client.get("/member/data-views/").content.decode()
    rows = re.findall(r"<tr><td data-label=.*?</tr>", page)
    assert len(rows) == 1
    assert "甲银行" in rows[0] and f"申请材料“报表.pdf”查看（{data.application.reference}）" in rows[0]


def test_cancelling_the_account_revokes_its_grants(client, data):
    live = grant(data)
    cancel_account(data.ent_a.account, by=data.ent_a.account)
    live.refresh_from_db()
    assert live.revoked_at is not None
    page = application_page(client, data)
    assert "撤销对贵机构的数据授权" in page and not shows_the_data(page)


def test_the_banks_staff_hear_of_a_grant_its_extension_and_its_revocation(client, data):
    from members.models import Message

    def inbox(user):
        return list(Message.objects.filter(recipient=user, title__contains="授权").order_by("pk")
                    .values_list("title", "body", "link"))

    client.force_login(data.ent_a.account)
    form = {"grant-institution": data.bank_a.pk, "grant-months": "3"}
    client.post("/member/data-grants/", form)
    made = DataGrant.objects.get()
    [(title, body, link)] = inbox(data.staff_a)
    assert title == "企业授权贵机构查看其数据" and data.ent_a.name in body
    assert f"有效期至 {made.valid_until:%Y-%m-%d}" in body
    assert link == f"/admin/market/enterprises/{data.ent_a.pk}/profile/"
    client.post("/member/data-grants/", form)  # the same period again changes nothing, and tells nobody
    client.post("/member/data-grants/", {**form, "grant-months": "12"})
    assert [t for t, _b, _l in inbox(data.staff_a)] == ["企业授权贵机构查看其数据"] * 2
    client.post(f"/member/data-grants/{made.pk}/revoke/")
    made.refresh_from_db()
    title, body, link = inbox(data.staff_a)[-1]
    assert title == "企业撤销了数据授权" and link == "/admin/market/enterprises/granted/"
    assert f"已于 {timezone.localtime(made.revoked_at):%Y-%m-%d %H:%M} 撤销" in body
    assert inbox(data.staff_b) == []  # another bank hears nothing of it


def test_platform_admins_list_every_grant_with_its_state_and_every_read(client, data):
    live = grant(data)
    revoked = data_sharing.revoke(grant(data, bank=data.bank_b), data.ent_a.account)
    application_page(client, data)  # bank A reads under its grant
    client.force_login(data.level1)
    rows = client.get("/admin/members/datagrant/").content.decode()
    assert rows.count(data.ent_a.name) == 2 and "有效" in rows and "已撤销" in rows
    only_live = client.get("/admin/members/datagrant/?state=live").content.decode()
    assert f"/admin/members/datagrant/inspect/{live.pk}/" in only_live
    assert f"/admin/members/datagrant/inspect/{revoked.pk}/" not in only_live
    assert f"/admin/members/datagrant/edit/{live.pk}/" not in rows  # evidence: not edited here
    reads = client.get("/admin/members/dataview/").content.decode()
    assert data.application.reference in reads and data.bank_a.name in reads
