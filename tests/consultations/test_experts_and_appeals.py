"""专家咨询 (F-CONS-7) and 诉求直达 (F-CONS-8), both on the consultation and complaint lifecycles."""

import uuid

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from consultations import lifecycle
from consultations.models import (
    EXPERTS_GROUP,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Consultation,
    ConsultationStatus,
    Expert,
)
from core.models import PortalSettings
from members.models import AccountCategory, Message
from tests.factories.users import UserFactory
from tests.refusals import assert_sends_to_admin_home

pytestmark = pytest.mark.django_db


def key():
    return str(uuid.uuid4())


@pytest.fixture
def experts(people):
    people.lin_user = UserFactory(username="expert_lin", category=AccountCategory.PLATFORM)
    people.chen_user = UserFactory(username="expert_chen", category=AccountCategory.PLATFORM)
    people.lin = Expert.objects.create(user=people.lin_user, name="林志远", title="高级经济师", expertise="科技金融")
    people.chen = Expert.objects.create(user=people.chen_user, name="陈雅琴", title="注册会计师", expertise="财税")
    return people


def ask(client, **data):
    return client.post("/consult/new/", {"title": "专利质押评估费", "question": "评估费有补贴吗？", "institution": "",
                                         "submission_key": key(), **data}, follow=True)


# --- 专家咨询 --------------------------------------------------------------------------------------------

def test_platform_admin_invites_an_expert_who_then_appears_on_the_public_list(people, login, client):
    account = UserFactory(username="new_expert", category=AccountCategory.PLATFORM)
    response = login(people.level1).post("/admin/consultations/expert/create/", {
        "user": account.pk, "name": "王立新", "title": "研究员", "expertise": "普惠金融政策", "is_active": "on",
        "sort_order": 0})
    assert response.status_code == 302
    assert account.groups.filter(name=EXPERTS_GROUP).exists()
    assert account.has_perm("wagtailadmin.access_admin")
    client.logout()
    page = client.get("/consult/experts/").content.decode()
    assert "王立新" in page and "研究员" in page and "普惠金融政策" in page

    expert = Expert.objects.get(user=account)
    expert.is_active = False
    expert.save()
    assert not account.groups.filter(name=EXPERTS_GROUP).exists()
    assert "王立新" not in client.get("/consult/experts/").content.decode()


def test_only_platform_admins_invite_experts_and_never_an_enterprise_account(people, login):
    assert_sends_to_admin_home(login(people.bank_a_user).get("/admin/consultations/expert/create/"))
    response = login(people.level1).post("/admin/consultations/expert/create/", {
        "user": people.ent_a.pk, "name": "企业冒充", "title": "经理", "expertise": "贷款", "is_active": "on",
        "sort_order": 0})
    assert response.status_code == 200 and "企业账号不能被邀请为专家" in response.content.decode()
    assert not Expert.objects.exists()


def test_a_consultation_to_a_named_expert_is_handled_by_that_expert_only(experts, login):
    p = experts
    ask(login(p.ent_a), expert=str(p.lin.pk))
    consultation = Consultation.objects.get()
    assert consultation.to_experts and consultation.expert == p.lin and consultation.institution is None
    assert Message.objects.filter(recipient=p.lin_user).exists()
    assert not Message.objects.filter(recipient=p.chen_user).exists()

    url = f"/admin/consultation-desk/consultation/{consultation.pk}/"
    for outsider in (p.chen_user, p.bank_a_user):
        assert login(outsider).get(url).status_code == 404
        assert login(outsider).post(url, {"action": "accept", "accept-text": "",
                                          "accept-submission_key": key()}).status_code == 404
    for outsider in (p.chen_user, p.bank_a_user, p.level1):
        with pytest.raises(lifecycle.PermissionDenied):
            lifecycle.apply(consultation, "accept", outsider)
    # the platform admin may read it, but is offered no step
    page = login(p.level1).get(url).content.decode()
    assert "当前没有可执行的操作" in page
    assert Consultation.objects.get().status == ConsultationStatus.SUBMITTED

    client = login(p.lin_user)
    assert "专利质押评估费" in client.get("/admin/consultations/consultation/").content.decode()
    client.post(url, {"action": "accept", "accept-text": "", "accept-submission_key": key()})
    client.post(url, {"action": "reply", "reply-text": "可申请评估费补贴。", "reply-submission_key": key()})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED and consultation.handler == p.lin_user
    page = login(p.ent_a).get(f"/consult/{consultation.pk}/").content.decode()
    assert "可申请评估费补贴。" in page and "专家 林志远" in page


def test_a_general_expert_consultation_goes_to_any_active_expert_and_to_no_bank(experts, login):
    p = experts
    ask(login(p.ent_a), expert="any")
    consultation = Consultation.objects.get()
    assert consultation.to_experts and consultation.expert is None
    assert {m.recipient for m in Message.objects.filter(title__contains="专利质押评估费")} == {p.lin_user, p.chen_user}
    assert "专利质押评估费" not in login(p.bank_a_user).get("/admin/consultations/consultation/").content.decode()
    with pytest.raises(lifecycle.PermissionDenied):
        lifecycle.apply(consultation, "accept", p.bank_a_user)
    p.chen.is_active = False
    p.chen.save()
    with pytest.raises(lifecycle.PermissionDenied):
        lifecycle.apply(consultation, "accept", p.chen_user)
    assert lifecycle.apply(consultation, "accept", p.lin_user).status == ConsultationStatus.ACCEPTED


def test_choosing_an_expert_and_a_bank_together_is_refused_and_keeps_the_text(experts, login):
    p = experts
    response = ask(login(p.ent_a), expert=str(p.lin.pk), institution=p.bank_a.pk)
    page = response.content.decode()
    assert "向专家咨询时请不要同时选择金融机构。" in page and "评估费有补贴吗？" in page
    assert not Consultation.objects.exists()


def test_the_experts_page_links_to_a_form_with_the_expert_chosen(experts, login):
    p = experts
    page = login(p.ent_a).get(f"/consult/new/?expert={p.chen.pk}").content.decode()
    assert f'<option value="{p.chen.pk}" selected>' in page


# --- 诉求直达 --------------------------------------------------------------------------------------------

def appeal(client, **data):
    return client.post("/complaints/appeal/", {"demand_type": "financing", "title": "希望对接低息贷款",
                                               "body": "需要200万元流动资金。", "submission_key": key(), **data},
                       follow=True)


def test_an_appeal_moves_pending_in_progress_resolved_and_the_enterprise_sees_each_step(people, login):
    hotline = PortalSettings.for_site(Site.objects.get(is_default_site=True)).hotline
    client = login(people.ent_a)
    assert hotline and hotline in client.get("/complaints/appeal/").content.decode()
    page = appeal(client).content.decode()
    item = Complaint.objects.get()
    assert item.kind == ComplaintKind.APPEAL and item.demand_type == "financing" and item.institution is None
    assert 'data-status="submitted">待受理<' in page and "融资需求" in page and hotline in page

    admin = login(people.level1)
    url = f"/admin/consultation-desk/complaint/{item.pk}/"
    admin.post(url, {"action": "accept", "accept-text": "已受理，3个工作日内对接银行。",
                     "accept-submission_key": key()})
    page = login(people.ent_a).get(f"/complaints/{item.pk}/").content.decode()
    assert 'data-status="accepted">处理中<' in page and "已受理，3个工作日内对接银行。" in page
    assert "处理中" in login(people.ent_a).get("/complaints/appeal/").content.decode()

    login(people.level1).post(url, {"action": "resolve", "resolve-text": "已与甲银行签约。",
                                    "resolve-submission_key": key()})
    page = login(people.ent_a).get(f"/complaints/{item.pk}/").content.decode()
    assert Complaint.objects.get().status == ComplaintStatus.RESOLVED
    assert 'data-status="resolved">已解决<' in page and "已与甲银行签约。" in page
    assert Message.objects.filter(recipient=people.ent_a, title__contains="希望对接低息贷款").count() == 2


def test_an_appeal_without_a_demand_type_is_refused_and_keeps_the_text(people, login):
    page = appeal(login(people.ent_a), demand_type="").content.decode()
    assert "请选择需求类型。" in page and "需要200万元流动资金。" in page
    assert not Complaint.objects.exists()


def test_a_repeated_appeal_submission_files_one_appeal(people, login):
    client = login(people.ent_a)
    same = key()
    appeal(client, submission_key=same)
    appeal(client, submission_key=same)
    assert Complaint.objects.count() == 1


def test_appeals_are_private_to_the_author_and_the_platform(people, login):
    appeal(login(people.ent_a))
    item = Complaint.objects.get()
    assert login(people.ent_b).get(f"/complaints/{item.pk}/").status_code == 404
    assert "希望对接低息贷款" not in login(people.ent_b).get("/complaints/appeal/").content.decode()
    for staff in (people.bank_a_user, people.dept_user):
        assert login(staff).get(f"/complaints/{item.pk}/").status_code == 404
        assert login(staff).get(f"/admin/consultation-desk/complaint/{item.pk}/").status_code == 404
        with pytest.raises(lifecycle.PermissionDenied):
            lifecycle.apply(item, "accept", staff)
    assert login(people.bank_a_user).post("/complaints/appeal/", {"demand_type": "other", "title": "x",
                                                                  "body": "y"}).status_code == 403
    assert Complaint.objects.get().status == ComplaintStatus.SUBMITTED


def test_experts_group_is_not_granted_anything_but_admin_access(experts):
    group = Group.objects.get(name=EXPERTS_GROUP)
    assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]
