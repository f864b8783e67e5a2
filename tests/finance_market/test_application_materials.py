"""The bank's application page shows what the enterprise offered and the credit facts; application materials live
in their own private store (not Wagtail's 文档 library), read-only, served only to those who may read the
application, and every view or download is logged and shown on the application page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from finance_market.checkout import attach
from finance_market.models import LoanApplication, MaterialAccess
from tests.finance_market.conftest import submit
from tests.refusals import assert_not_found, assert_sends_to_login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%balance sheet\n"
ZIP = b"PK\x03\x04 archive"


@pytest.fixture
def material(market):
    application = submit(market.ent_a, market.product_a, guarantee_offered="mortgage,guarantee")
    LoanApplication.objects.filter(pk=application.pk).update(credit_status="良好", anti_fraud_score=87)
    attach(application, [SimpleUploadedFile("资产负债表.pdf", PDF)], by=market.ent_a.account)
    return application.attachments.get()


def _page(client, user, application):
    client.force_login(user)
    return client.get(f"/admin/market/applications/{application.pk}/").content.decode()


def test_bank_sees_the_offered_guarantees_credit_status_and_anti_fraud_score(client, market, material):
    page = _page(client, market.staff_a, material.application)
    assert "可提供的担保方式" in page and "抵押、保证/担保公司担保" in page
    assert "信用状况" in page and "良好" in page
    assert "反欺诈评分" in page and ">87<" in page


def test_an_application_without_guarantees_says_it_asks_for_a_credit_loan(client, market):
    application = submit(market.ent_a, market.product_a)
    assert "未提供担保（申请信用贷款）" in _page(client, market.staff_a, application)


def test_materials_are_kept_out_of_the_document_library(client, market, material):
    assert material.file.name.startswith("private/application_materials/")
    assert not get_document_model().objects.exists()
    client.force_login(market.level1)
    assert "资产负债表" not in client.get("/admin/documents/").content.decode()


def test_a_download_is_logged_with_who_and_when_and_shown_on_the_application_page(client, market, material):
    url = f"/market/attachments/{material.pk}/"
    client.force_login(market.staff_a)
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(market.supervisor)
    client.get(f"{url}?view=1")
    accesses = list(MaterialAccess.objects.order_by("accessed_at", "pk"))
    assert [(a.user, a.kind) for a in accesses] == [(market.staff_a, "download"), (market.supervisor, "view")]
    page = _page(client, market.staff_a, material.application)
    assert f"{market.supervisor} 查看" in page and f"{market.staff_a} 下载" in page


def test_a_pdf_opens_in_the_browser_sandboxed_and_other_files_are_only_downloaded(client, market, material):
    client.force_login(market.ent_a.account)
    response = client.get(f"/market/attachments/{material.pk}/?view=1")
    assert response["Content-Disposition"].startswith("inline") and response["Content-Security-Policy"] == "sandbox"
    attach(material.application, [SimpleUploadedFile("附件.zip", ZIP)], by=market.ent_a.account)
    archive = material.application.attachments.get(filename="附件.zip")
    response = client.get(f"/market/attachments/{archive.pk}/?view=1")
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("who", ["ent_a_account", "staff_a", "supervisor", "level1"])
def test_the_parties_supervisors_and_platform_admins_may_read_a_material(client, market, material, who):
    user = market.ent_a.account if who == "ent_a_account" else getattr(market, who)
    client.force_login(user)
    assert client.get(f"/market/attachments/{material.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["staff_b", "ent_b_account", "dept_author"])
def test_another_bank_enterprise_or_department_is_refused_a_material_and_nothing_is_logged(client, market, material,
                                                                                           who):
    user = market.ent_b.account if who == "ent_b_account" else getattr(market, who)
    client.force_login(user)
    assert_not_found(client.get(f"/market/attachments/{material.pk}/"))
    assert_not_found(client.get(f"/market/attachments/{material.pk}/?view=1"))
    assert not MaterialAccess.objects.exists()


def test_a_visitor_is_sent_to_log_in_for_a_material(client, material):
    assert_sends_to_login(client.get(f"/market/attachments/{material.pk}/"))


def test_materials_cannot_be_edited_or_deleted_in_the_admin(client, market, material):
    client.force_login(market.level1)
    assert client.get(f"/admin/documents/edit/{material.pk}/").status_code == 404
    assert material.application.attachments.count() == 1
