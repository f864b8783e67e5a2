"""指派 / 转办 in the admin: a handler hands a consultation or complaint to a colleague, a department or an expert;
the step is in the history and the new holder gets a message. A bank may not settle a complaint made against it."""

import uuid

import pytest

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
