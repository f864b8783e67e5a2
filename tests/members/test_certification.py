import io
import re

import pytest
from wagtail.models import ModelLogEntry

from members import services
from members.models import CertificationStatus, ChangeStatus, CreditAuthorisationText, Message
from tests.factories.members import BlacklistFactory, EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(world):
    return world.level1


def test_certify_marks_certified_notifies_and_audits(reviewer):
    enterprise = EnterpriseFactory()
    services.certify(enterprise, by=reviewer)
    enterprise.refresh_from_db()
    assert enterprise.status == CertificationStatus.CERTIFIED
    assert enterprise.certified_at is not None
    assert Message.objects.get(recipient=enterprise.account).title == "企业认证已通过"
    entry = ModelLogEntry.objects.for_instance(enterprise).get(action="members.certify")
    assert entry.user == reviewer


def test_blacklisted_enterprise_cannot_be_certified(reviewer):
    enterprise = EnterpriseFactory()
    BlacklistFactory(credit_code=enterprise.credit_code, reason="失信被执行人")
    with pytest.raises(services.CertificationError, match="黑名单"):
        services.certify(enterprise, by=reviewer)
    enterprise.refresh_from_db()
    assert enterprise.status == CertificationStatus.REJECTED
    assert "失信被执行人" in enterprise.reject_reason
    assert ModelLogEntry.objects.for_instance(enterprise).filter(action="members.blacklist_block").exists()


def test_expired_blacklist_entry_does_not_block(reviewer):
    import datetime

    enterprise = EnterpriseFactory()
    BlacklistFactory(credit_code=enterprise.credit_code, valid_to=datetime.date(2020, 1, 1))
    services.certify(enterprise, by=reviewer)
    enterprise.refresh_from_db()
    assert enterprise.is_certified


def test_rejection_needs_a_reason_and_the_enterprise_sees_it(client, reviewer):
    enterprise = EnterpriseFactory()
    with pytest.raises(services.CertificationError):
        services.reject(enterprise, by=reviewer, reason="  ")
    services.reject(enterprise, by=reviewer, reason="营业执照照片不清晰")
    client.force_login(enterprise.account)
    page = client.get("/member/").content.decode()
    assert "未通过" in page and "营业执照照片不清晰" in page
    assert "营业执照照片不清晰" in Message.objects.get(recipient=enterprise.account).body


def test_rejected_enterprise_resubmits_and_is_pending_again(client, reviewer):
    enterprise = EnterpriseFactory(name="旧名称")
    services.reject(enterprise, by=reviewer, reason="名称与执照不符")
    client.force_login(enterprise.account)
    new_code = make_uscc(777)
    if not CreditAuthorisationText.objects.exists():  # made by a migration; a transactional test may flush it
        CreditAuthorisationText.objects.create(body="本企业授权平台查询本企业信用信息。")
    licence = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    licence.name = "licence.pdf"
    response = client.post("/member/certification/", {
        "name": "新名称有限公司", "credit_code": new_code, "business_licence": licence,
        "legal_representative_name": "张三", "legal_representative_id_number": "11010519491231002X",
        "accept_authorisation": "on"}, follow=True)
    enterprise.refresh_from_db()
    assert enterprise.status == CertificationStatus.PENDING
    assert enterprise.name == "新名称有限公司"
    assert enterprise.account.username == new_code
    assert "已重新提交认证" in response.content.decode()


def test_resubmission_with_a_wrong_code_keeps_typed_values(client, reviewer):
    enterprise = EnterpriseFactory()
    services.reject(enterprise, by=reviewer, reason="代码有误")
    client.force_login(enterprise.account)
    response = client.post("/member/certification/", {"name": "改后的名称", "credit_code": "91350100M000100Y44"})
    page = response.content.decode()
    assert "校验位" in page and 'value="改后的名称"' in page
    enterprise.refresh_from_db()
    assert enterprise.status == CertificationStatus.REJECTED


def test_pending_or_certified_enterprise_cannot_resubmit(reviewer):
    enterprise = EnterpriseFactory(certified=True)
    with pytest.raises(services.CertificationError):
        services.resubmit(enterprise, name="x", credit_code=enterprise.credit_code)


def test_certified_enterprise_cannot_be_certified_or_rejected_again(reviewer):
    enterprise = EnterpriseFactory(certified=True)
    with pytest.raises(services.CertificationError):
        services.certify(enterprise, by=reviewer)
    with pytest.raises(services.CertificationError):
        services.reject(enterprise, by=reviewer, reason="原因")


def test_admin_certifies_through_the_admin_views(client, reviewer):
    enterprise = EnterpriseFactory()
    client.force_login(reviewer)
    listing = client.get("/admin/members/enterprise/").content.decode()
    assert f"/admin/member-review/enterprise/{enterprise.pk}/certify/" in listing
    page = client.get(f"/admin/member-review/enterprise/{enterprise.pk}/certify/")
    assert page.status_code == 200
    assert re.search(r"<h1[^>]*>\s*(<svg.*?</svg>)?\s*企业认证", page.content.decode(), re.S)  # says what it is
    response = client.post(f"/admin/member-review/enterprise/{enterprise.pk}/certify/")
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.is_certified


def test_admin_certify_page_warns_about_blacklist(client, reviewer):
    enterprise = EnterpriseFactory()
    BlacklistFactory(credit_code=enterprise.credit_code, reason="严重违法失信")
    client.force_login(reviewer)
    page = client.get(f"/admin/member-review/enterprise/{enterprise.pk}/certify/").content.decode()
    assert "严重违法失信" in page and "终止认证" in page


def test_admin_rejects_with_reason_through_the_admin_views(client, reviewer):
    enterprise = EnterpriseFactory()
    client.force_login(reviewer)
    url = f"/admin/member-review/enterprise/{enterprise.pk}/reject/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    client.post(url, {"reason": "联系人信息不实"})
    enterprise.refresh_from_db()
    assert enterprise.status == CertificationStatus.REJECTED
    assert enterprise.reject_reason == "联系人信息不实"


def test_certification_shows_in_the_site_history_report(client, reviewer):
    enterprise = EnterpriseFactory(name="审计企业")
    services.certify(enterprise, by=reviewer)
    client.force_login(reviewer)
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "审计企业" in page and "企业认证通过" in page


def test_sensitive_change_waits_for_review_then_applies(client, reviewer):
    enterprise = EnterpriseFactory(certified=True, legal_representative="张三")
    client.force_login(enterprise.account)
    data = {"contact_person": "新联系人", "contact_phone": enterprise.contact_phone, "email": enterprise.email,
            "legal_representative": "赵六", "registered_capital": "8000000"}
    response = client.post("/member/profile/", data, follow=True)
    assert "审核通过后生效" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.contact_person == "新联系人"  # everyday fields at once
    assert enterprise.legal_representative == "张三"  # sensitive ones wait
    assert enterprise.registered_capital is None
    changes = {c.field: c for c in enterprise.change_requests.all()}
    assert set(changes) == {"legal_representative", "registered_capital"}
    services.approve_change(changes["legal_representative"], by=reviewer)
    client.force_login(reviewer)
    client.post(f"/admin/member-review/change/{changes['registered_capital'].pk}/reject/", {"reason": "无变更证明"})
    enterprise.refresh_from_db()
    assert enterprise.legal_representative == "赵六"
    assert enterprise.registered_capital is None
    changes["registered_capital"].refresh_from_db()
    assert changes["registered_capital"].status == ChangeStatus.REJECTED


def test_profile_saves_matching_data_and_three_years_of_figures(client):
    from members.models import Industry, Region

    enterprise = EnterpriseFactory()
    region = Region.objects.create(name="东湖镇")
    division = Industry.objects.get(code="39")
    client.force_login(enterprise.account)
    form = client.get("/member/profile/").context["form"]
    years = form.years
    data = {"contact_person": "李四", "contact_phone": enterprise.contact_phone, "email": enterprise.email,
            "industry": division.pk, "region": region.pk, "headcount": "120", "established_year": "2010",
            "legal_representative": "钱七", "registered_capital": "1000000",
            f"revenue_{years[0]}": "5000000", f"profit_{years[0]}": "400000"}
    client.post("/member/profile/", data)
    enterprise.refresh_from_db()
    assert enterprise.industry == division and enterprise.industry.section.code == "C"
    assert enterprise.region == region and enterprise.headcount == 120
    assert enterprise.years_operating >= 15
    # not yet certified: the certification review covers these, so they apply directly
    assert enterprise.legal_representative == "钱七"
    assert enterprise.financials.get(year=years[0]).revenue == 5000000


def test_industry_dictionary_has_all_gbt4754_sections_and_divisions(db):
    from members.models import Industry

    assert Industry.objects.filter(section__isnull=True).count() == 20
    assert Industry.objects.filter(section__isnull=False).count() == 97
    assert Industry.objects.get(code="65").section.name == "信息传输、软件和信息技术服务业"
