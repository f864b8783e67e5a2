"""指派 / 转办 in the admin: a handler hands a consultation or complaint to a colleague, a department or an expert;
the step is in the history and the new holder gets a message. A bank may not settle a complaint made against it."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from consultations import lifecycle
from consultations.models import Complaint, ComplaintStatus, ConsultationStatus, Expert
from core.lifecycle import history
from members.models import Message
from tests.factories.consultations import ComplaintFactory, ConsultationFactory
from tests.factories.members import InstitutionStaffFactory
from tests.factories.users import UserFactory
from tests.refusals import assert_not_found, assert_sends_to_admin_home

pytestmark = pytest.mark.django_db


def _consultation_url(item):
    return f"/admin/consultation-desk/consultation/{item.pk}/"


def _complaint_url(item):
    return f"/admin/consultation-desk/complaint/{item.pk}/"


def _assign(client, url, **fields):
    data = {"action": "assign", "assign-submission_key": str(uuid.uuid4()), "assign-note": fields.pop("note", "")}
    data.update({f"assign-{name}": value for name, value in fields.items()})
    return client.post(url, data)


def test_bank_staff_assign_a_consultation_to_a_colleague_who_is_told(people, login):
    colleague = InstitutionStaffFactory(username="bank_a_colleague", institution=people.bank_a)
    item = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    response = _assign(login(people.bank_a_user), _consultation_url(item), colleague=colleague.pk, note="请跟进")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.handler == colleague and item.status == ConsultationStatus.SUBMITTED
    step = list(history(item))[-1]
    assert (step.action, step.actor, step.note, step.data["to"]) == ("assign", people.bank_a_user, "请跟进",
                                                                      str(colleague))
    message = Message.objects.get(recipient=colleague, title__contains="指派")
    assert "指派" in message.title and message.link == _consultation_url(item)
    page = login(colleague).get(_consultation_url(item)).content.decode()
    assert "指派" in page and str(colleague) in page  # the history names the step and the new holder


def test_a_complaint_is_transferred_to_a_department_whose_staff_get_it(people, login):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    _assign(login(people.level1), _complaint_url(item), department=people.department.pk)
    item.refresh_from_db()
    assert item.department == people.department and item.status == ComplaintStatus.SUBMITTED
    assert list(history(item))[-1].action == "transfer"
    assert Message.objects.filter(recipient=people.dept_reviewer, title__contains="转办").exists()
    assert login(people.dept_author).get(_complaint_url(item)).status_code == 200


def test_a_consultation_is_transferred_to_an_expert_and_leaves_the_banks_queue(people, login):
    expert = Expert.objects.create(user=UserFactory(username="expert_wang"), name="王教授", title="教授",
                                   expertise="供应链金融")
    item = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    response = _assign(login(people.bank_a_user), _consultation_url(item), expert=expert.pk)
    assert response["Location"] == "/admin/consultations/consultation/"  # back to the list: no longer the bank's
    item.refresh_from_db()
    assert (item.to_experts, item.expert, item.institution) == (True, expert, None)
    assert Message.objects.filter(recipient=expert.user, title__contains="转办").exists()
    assert_not_found(login(people.bank_a_user).get(_consultation_url(item)))
    assert login(expert.user).get(_consultation_url(item)).status_code == 200


def test_another_banks_staff_cannot_assign_a_consultation(people, login):
    item = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    assert_not_found(_assign(login(people.bank_b_user), _consultation_url(item), colleague=people.bank_b_user.pk))
    item.refresh_from_db()
    assert item.handler is None and not history(item).filter(action="assign").exists()


def test_a_consultation_cannot_be_assigned_to_someone_outside_its_queue(people, login):
    item = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    response = _assign(login(people.bank_a_user), _consultation_url(item), colleague=people.bank_b_user.pk)
    assert response.status_code == 200 and "请从列表中选择指派给同事" in response.content.decode()
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.assign(item, people.bank_a_user, to_user=people.bank_b_user)
    item.refresh_from_db()
    assert item.handler is None


def test_choosing_nothing_to_assign_to_says_so_in_chinese(people, login):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    response = _assign(login(people.level1), _complaint_url(item), note="保留的说明")
    page = response.content.decode()
    assert "请选择一位同事、一个部门或一位专家（只选一项）。" in page and "保留的说明" in page


def test_a_closed_complaint_offers_no_assignment(people, login):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    Complaint.objects.filter(pk=item.pk).update(status=ComplaintStatus.CLOSED)
    client = login(people.level1)
    assert "指派 / 转办" not in client.get(_complaint_url(item)).content.decode()
    assert_sends_to_admin_home(_assign(client, _complaint_url(item), colleague=people.level1.pk))


# --- a bank does not settle a complaint made against itself --------------------------------------------

@pytest.mark.parametrize("action", ["resolve", "close"])
def test_a_bank_cannot_settle_a_complaint_made_against_itself(people, login, action):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    lifecycle.apply(item, "accept", people.bank_a_user)
    client = login(people.bank_a_user)
    page = client.get(_complaint_url(item)).content.decode()
    assert 'value="resolve"' not in page and 'value="close"' not in page
    response = client.post(_complaint_url(item), {"action": action, f"{action}-text": "我行已处理完毕",
                                                  f"{action}-submission_key": str(uuid.uuid4())})
    assert_sends_to_admin_home(response)  # Wagtail's answer to PermissionDenied in the admin
    item.refresh_from_db()
    assert item.status == ComplaintStatus.ACCEPTED and item.resolution == ""


def test_the_platform_settles_a_complaint_made_against_a_bank(people, login):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    lifecycle.apply(item, "accept", people.bank_a_user)
    login(people.level1).post(_complaint_url(item), {"action": "resolve", "resolve-text": "已核实并督促整改。",
                                                     "resolve-submission_key": str(uuid.uuid4())})
    item.refresh_from_db()
    assert item.status == ComplaintStatus.RESOLVED


def test_a_bank_still_answers_a_complaint_made_against_itself(people, login):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    lifecycle.apply(item, "accept", people.bank_a_user)
    lifecycle.apply(item, "process", people.bank_a_user)
    assert Complaint.objects.get(pk=item.pk).status == ComplaintStatus.PROCESSING


# --- 转办 a consultation to a department, a complaint to an expert ------------------------------------------

def _todo_count(client, key):
    """The count of one line of the handler's to-do panel on the admin home."""
    import re

    page = client.get("/admin/").content.decode()
    match = re.search(rf'data-todo="{key}">.*?data-count="(\d+)"', page, re.S)
    return int(match.group(1)) if match else None


@pytest.fixture
def expert(people):
    return Expert.objects.create(user=UserFactory(username="expert_wang"), name="王教授", title="教授",
                                 expertise="供应链金融")


def test_a_bank_transfers_a_consultation_to_a_department_which_then_handles_it_alone(people, login, client):
    item = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    response = _assign(login(people.bank_a_user), _consultation_url(item), department=people.department.pk,
                       note="属政策问题，请金融办答复")
    assert response["Location"] == "/admin/consultations/consultation/"  # no longer the bank's
    item.refresh_from_db()
    assert (item.department, item.institution, item.to_experts, item.handler) == (people.department, None,
                                                                                   False, None)
    step = list(history(item))[-1]
    assert (step.action, step.actor, step.data["to"]) == ("transfer", people.bank_a_user, "金融办")
    assert Message.objects.filter(recipient=people.dept_author, title__contains="转办").exists()
    assert Message.objects.filter(recipient=people.dept_reviewer, title__contains="转办").exists()
    # the bank no longer sees or acts on it
    bank = login(people.bank_a_user)
    assert "已指派/转办" in bank.get("/admin/consultations/consultation/").content.decode()  # the flash message
    assert item.title not in bank.get("/admin/consultations/consultation/").content.decode()
    assert_not_found(bank.get(_consultation_url(item)))
    # the department sees it in its list and its to-do panel, and answers it
    department = login(people.dept_author)
    assert item.title in department.get("/admin/consultations/consultation/").content.decode()
    assert _todo_count(department, "consultations-new") == 1
    department.post(_consultation_url(item), {"action": "accept", "accept-submission_key": str(uuid.uuid4())})
    department.post(_consultation_url(item), {"action": "reply", "reply-text": "可申请市级贴息，详见政策文件。",
                                              "reply-submission_key": str(uuid.uuid4())})
    item.refresh_from_db()
    assert item.status == ConsultationStatus.ANSWERED and item.handler == people.dept_author
    # the enterprise reads who answers it now
    client.force_login(people.ent_a)
    assert "金融办" in client.get(f"/consult/{item.pk}/").content.decode()


def test_a_consultation_is_not_transferred_by_someone_who_does_not_handle_it(people, login):
    item = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    assert_not_found(_assign(login(people.bank_b_user), _consultation_url(item), department=people.department.pk))
    assert_not_found(_assign(login(people.dept_author), _consultation_url(item), department=people.department.pk))
    with pytest.raises(PermissionDenied):
        lifecycle.assign(item, people.dept_author, to_department=people.department)
    item.refresh_from_db()
    assert (item.institution, item.department) == (people.bank_a, None)
    assert not history(item).filter(action="transfer").exists()


def test_the_department_colleagues_are_offered_once_it_holds_a_consultation(people, login):
    item = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    lifecycle.assign(item, people.bank_a_user, to_department=people.department)
    page = login(people.dept_author).get(_consultation_url(item)).content.decode()
    assert "finance_reviewer" in page or str(people.dept_reviewer) in page
    _assign(login(people.dept_author), _consultation_url(item), colleague=people.dept_reviewer.pk)
    item.refresh_from_db()
    assert item.handler == people.dept_reviewer


def test_the_platform_transfers_a_complaint_to_an_expert_who_alone_handles_it(people, login, expert):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    response = _assign(login(people.level1), _complaint_url(item), expert=expert.pk, note="请专家评估")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.expert, item.handler, item.status) == (expert, None, ComplaintStatus.SUBMITTED)
    step = list(history(item))[-1]
    assert (step.action, step.data["to"]) == ("transfer", "专家 王教授")
    assert Message.objects.filter(recipient=expert.user, title__contains="转办").exists()
    # the bank it is about no longer handles it; the platform reads it without acting
    assert_not_found(login(people.bank_a_user).get(_complaint_url(item)))
    platform_page = login(people.level1).get(_complaint_url(item)).content.decode()
    assert 'value="accept"' not in platform_page and "指派 / 转办</h2>" not in platform_page
    assert "王教授" in platform_page
    # the expert has it in the list and the to-do panel, and settles it
    desk = login(expert.user)
    assert item.title in desk.get("/admin/consultations/complaint/").content.decode()
    assert _todo_count(desk, "complaints-new") == 1
    desk.post(_complaint_url(item), {"action": "accept", "accept-submission_key": str(uuid.uuid4())})
    desk.post(_complaint_url(item), {"action": "resolve", "resolve-text": "经评估，银行收费合规。",
                                     "resolve-submission_key": str(uuid.uuid4())})
    item.refresh_from_db()
    assert item.status == ComplaintStatus.RESOLVED and item.handler == expert.user


def test_a_department_transfers_a_complaint_to_an_expert_and_no_longer_handles_it(people, login, expert):
    item = ComplaintFactory(author=people.ent_a, department=people.department)
    lifecycle.assign(item, people.dept_reviewer, to_expert=expert)
    assert_not_found(login(people.dept_reviewer).get(_complaint_url(item)))
    assert _todo_count(login(people.dept_author), "complaints-new") == 0


def test_a_bank_cannot_send_a_complaint_against_itself_to_an_expert(people, login, expert):
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    client = login(people.bank_a_user)
    assert "转给专家" not in client.get(_complaint_url(item)).content.decode()
    response = _assign(client, _complaint_url(item), expert=expert.pk)  # the field is not on its form
    assert response.status_code == 200 and "请选择一位同事、一个部门或一位专家" in response.content.decode()
    with pytest.raises(PermissionDenied):
        lifecycle.assign(item, people.bank_a_user, to_expert=expert)
    item.refresh_from_db()
    assert item.expert is None and not history(item).filter(action="transfer").exists()


def test_an_expert_complaint_is_not_transferred_by_the_platform_or_another_expert(people, login, expert):
    other = Expert.objects.create(user=UserFactory(username="expert_li"), name="李研究员", title="研究员",
                                  expertise="普惠金融")
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    lifecycle.assign(item, people.level1, to_expert=expert)
    with pytest.raises(PermissionDenied):
        lifecycle.assign(item, people.level1, to_department=people.department)
    assert_not_found(_assign(login(other.user), _complaint_url(item), department=people.department.pk))
    item.refresh_from_db()
    assert (item.expert, item.department) == (expert, None)


def test_a_complaint_is_not_transferred_to_a_department_without_staff(people, login):
    from tests.factories.members import DepartmentFactory

    empty = DepartmentFactory(name="无人部门")
    item = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    response = _assign(login(people.level1), _complaint_url(item), department=empty.pk)
    assert response.status_code == 200 and "无人部门尚无可受理的账号" in response.content.decode()
    item.refresh_from_db()
    assert item.department is None
