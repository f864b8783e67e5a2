"""Certification with real materials (issue 22): the 营业执照 kept privately, the legal representative's ID
number checked and masked, the signature of the 信用信息查询授权书 recorded with its version and IP, and the
review page showing all of it to the certifiers only."""

import io

import pytest
from django.conf import settings
from PIL import Image

from members import services
from members.models import AuthorisationAcceptance, CertificationMaterials, CertificationStatus, CreditAuthorisationText
from tests.factories.members import EnterpriseFactory
from tests.refusals import assert_sends_to_admin_home, assert_sends_to_login

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"  # GB 11643's own example: its check character is X
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "/member/certification/"


@pytest.fixture(autouse=True)
def authorisation_text(db):
    """The text the migration creates (a transactional test elsewhere may have flushed it)."""
    return CreditAuthorisationText.current() or CreditAuthorisationText.objects.create(
        title="信用信息查询授权书", body="本企业授权平台及所选金融机构查询本企业信用信息。")


def upload(name="licence.pdf", content=PDF):
    file = io.BytesIO(content)
    file.name = name
    return file


def png_with_location():
    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    Image.new("RGB", (40, 30), "white").save(output, format="PNG", exif=exif)
    return output.getvalue()


def post(client, **fields):
    data = {"business_licence": upload(), "legal_representative_name": "张三",
            "legal_representative_id_number": ID_NUMBER, "accept_authorisation": "on", **fields}
    return client.post(URL, data, REMOTE_ADDR="203.0.113.7", follow=True)


@pytest.fixture
def pending(db):
    return EnterpriseFactory(name="待认证企业")


def test_the_licence_is_kept_outside_the_public_media_and_the_id_number_is_masked(client, pending):
    client.force_login(pending.account)
    page = post(client).content.decode()
    materials = CertificationMaterials.objects.get(enterprise=pending)
    assert materials.business_licence.name.startswith("private/certification/")
    assert "licence" not in materials.business_licence.name  # the uploader's file name is not kept
    assert (settings.MEDIA_ROOT / materials.business_licence.name).read_bytes() == PDF
    assert client.get("/media/" + materials.business_licence.name).status_code == 404
    assert "认证材料已提交" in page and "1101**********002X" in page and ID_NUMBER not in page
    pending.refresh_from_db()
    assert pending.status == CertificationStatus.PENDING and pending.legal_representative == "张三"


def test_a_photo_of_the_licence_is_stored_without_its_metadata(client, pending):
    client.force_login(pending.account)
    post(client, business_licence=upload("执照.png", png_with_location()))
    stored = CertificationMaterials.objects.get(enterprise=pending).business_licence
    assert stored.name.endswith(".png")
    with Image.open(stored.open("rb")) as picture:
        assert not picture.getexif()


@pytest.mark.parametrize("name, content", [
    ("licence.exe", b"MZ\x90\x00"),
    ("licence.pdf", b"<html><script>alert(1)</script></html>"),
    ("licence.png", PDF),
])
def test_a_file_that_is_not_a_licence_is_refused_and_the_typed_fields_stay(client, pending, name, content):
    client.force_login(pending.account)
    response = post(client, business_licence=upload(name, content), legal_representative_name="李四")
    page = response.content.decode()
    assert response.status_code == 200
    assert "营业执照请上传" in page or "内容与扩展名不符" in page
    assert 'value="李四"' in page and f'value="{ID_NUMBER}"' in page
    assert not CertificationMaterials.objects.exists() and not AuthorisationAcceptance.objects.exists()


@pytest.mark.parametrize("number, message", [
    ("110105194912310021", "校验位不正确"),
    ("11010519491331002X", "出生日期无效"),
    ("1101051949123100", "应为18位"),
])
def test_an_invalid_id_number_is_refused_with_the_reason(client, pending, number, message):
    client.force_login(pending.account)
    page = post(client, legal_representative_id_number=number).content.decode()
    assert message in page and 'value="张三"' in page
    assert not CertificationMaterials.objects.exists()


def test_a_lower_case_check_character_is_accepted(client, pending):
    client.force_login(pending.account)
    post(client, legal_representative_id_number=ID_NUMBER.lower())
    assert CertificationMaterials.objects.get(enterprise=pending).legal_representative_id_number == ID_NUMBER


def test_without_signing_the_authorisation_nothing_is_kept(client, pending):
    client.force_login(pending.account)
    page = post(client, accept_authorisation="").content.decode()
    assert "请阅读并同意《信用信息查询授权书》" in page
    assert not CertificationMaterials.objects.exists()


def test_the_signature_records_time_account_ip_and_the_version_signed(client, pending, superuser):
    text = CreditAuthorisationText.current()
    client.force_login(pending.account)
    page = client.get(URL).content.decode()
    assert text.title in page and "信用信息查询授权书" in page  # the text is shown before signing
    post(client)
    first = AuthorisationAcceptance.objects.get()
    assert (first.enterprise, first.account, first.ip_address) == (pending, pending.account, "203.0.113.7")
    assert first.accepted_at is not None and first.revision.content["body"] == text.body

    text.body += "\n四、新增条款。"  # the platform edits the text: the next signature names the new version
    text.save()
    text.save_revision(user=superuser)
    post(client, business_licence="")
    second = AuthorisationAcceptance.objects.order_by("-pk").first()
    assert second.revision_id != first.revision_id and "新增条款" in second.revision.content["body"]
    first.refresh_from_db()
    assert "新增条款" not in first.revision.content["body"]  # the old signature keeps its wording


def test_a_rejected_enterprise_resubmits_with_its_materials(client, cast):
    enterprise = EnterpriseFactory(name="旧名称")
    services.reject(enterprise, by=cast.level1, reason="名称与执照不符")
    client.force_login(enterprise.account)
    page = post(client, name="新名称有限公司", credit_code=enterprise.credit_code).content.decode()
    enterprise.refresh_from_db()
    assert enterprise.status == CertificationStatus.PENDING and enterprise.name == "新名称有限公司"
    assert "已重新提交认证" in page
    assert CertificationMaterials.objects.filter(enterprise=enterprise).exists()


def test_a_certified_enterprise_sees_its_materials_but_no_form(client, cast):
    client.force_login(cast.ent_a)
    response = client.get(URL)
    assert "您的企业已通过认证" in response.content.decode() and response.context["form"] is None


def review_url(enterprise):
    return f"/admin/member-review/enterprise/{enterprise.pk}/certify/"


def licence_url(enterprise):
    return f"/admin/member-review/enterprise/{enterprise.pk}/licence/"


@pytest.fixture
def submitted(client, pending):
    client.force_login(pending.account)
    post(client)
    client.logout()
    return pending


def test_the_reviewer_sees_the_materials_beside_the_form_data(client, cast, submitted):
    client.force_login(cast.level1)
    page = client.get(review_url(submitted)).content.decode()
    assert submitted.credit_code in page and "张三" in page and "查看营业执照" in page
    assert "203.0.113.7" in page and submitted.account.username in page  # who signed, from where
    response = client.get(licence_url(submitted))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_bank_is_refused_the_review_and_the_licence(client, cast, submitted):
    client.force_login(cast.bank_a_user)
    assert_sends_to_admin_home(client.get(review_url(submitted)))
    assert_sends_to_admin_home(client.get(licence_url(submitted)))


def test_a_platform_admin_who_does_not_review_certifications_is_refused_the_licence(client, cast, submitted):
    client.force_login(cast.level2)
    assert_sends_to_admin_home(client.get(licence_url(submitted)))


def test_another_enterprise_and_a_visitor_are_sent_to_the_login_page(client, cast, submitted):
    assert_sends_to_login(client.get(licence_url(submitted)))
    client.force_login(cast.ent_b)
    assert_sends_to_login(client.get(licence_url(submitted)))
    assert_sends_to_login(client.get(review_url(submitted)))


def test_cancelling_the_account_deletes_the_licence_and_the_id_number(
        client, submitted, django_capture_on_commit_callbacks):
    materials = CertificationMaterials.objects.get(enterprise=submitted)
    stored = settings.MEDIA_ROOT / materials.business_licence.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_account(submitted.account, by=submitted.account)
    assert not CertificationMaterials.objects.filter(enterprise=submitted).exists() and not stored.exists()
    acceptance = AuthorisationAcceptance.objects.get(enterprise=submitted)
    assert acceptance.ip_address is None and acceptance.revision_id  # what was signed, and when, stays


def test_the_platform_edits_the_authorisation_text_in_the_admin_and_each_save_is_a_version(client, cast):
    text = CreditAuthorisationText.current()
    url = f"/admin/snippets/members/creditauthorisationtext/edit/{text.pk}/"
    client.force_login(cast.bank_a_user)
    assert_sends_to_admin_home(client.get(url))
    client.force_login(cast.level1)
    response = client.post(url, {"title": "信用信息查询授权书", "body": "修订后的授权书正文。"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.body == "修订后的授权书正文。"
    assert text.latest_revision.content["body"] == "修订后的授权书正文。"
