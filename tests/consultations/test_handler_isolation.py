"""Handlers see and act on what is addressed to them only: in the Wagtail admin and on the front end."""

import uuid

import pytest

from consultations import lifecycle
from consultations.models import Consultation, ConsultationStatus
from tests.factories.consultations import BoardPostFactory, ComplaintFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(people):
    to_a = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a, title="问甲银行")
    to_b = ConsultationFactory(enterprise=people.enterprise_b, institution=people.bank_b, title="问乙银行")
    to_platform = ConsultationFactory(enterprise=people.enterprise_a, institution=None, title="问平台")
    return to_a, to_b, to_platform


def test_bank_staff_list_only_their_banks_consultations_in_the_admin(people, asked, login):
    page = login(people.bank_a_user).get("/admin/consultations/consultation/").content.decode()
    assert "问甲银行" in page
    assert "问乙银行" not in page and "问平台" not in page


def test_platform_admin_lists_every_consultation(people, asked, login):
    page = login(people.level1).get("/admin/consultations/consultation/").content.decode()
    assert all(title in page for title in ("问甲银行", "问乙银行", "问平台"))


def test_bank_staff_cannot_open_or_act_on_another_banks_consultation(people, asked, login):
    _, to_b, _ = asked
    client = login(people.bank_a_user)
    url = f"/admin/consultation-desk/consultation/{to_b.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "accept", "accept-text": "", "accept-submission_key": str(uuid.uuid4())})
    assert response.status_code == 404
    assert Consultation.objects.get(pk=to_b.pk).status == ConsultationStatus.SUBMITTED


def test_bank_staff_cannot_act_through_the_lifecycle_either(people, asked):
    _, to_b, to_platform = asked
    for consultation in (to_b, to_platform):
        with pytest.raises(lifecycle.PermissionDenied):
            lifecycle.apply(consultation, "accept", people.bank_a_user)


def test_bank_staff_accept_and_reply_in_the_admin(people, asked, login):
    to_a, _, _ = asked
    client = login(people.bank_a_user)
    url = f"/admin/consultation-desk/consultation/{to_a.pk}/"
    client.post(url, {"action": "accept", "accept-text": "", "accept-submission_key": str(uuid.uuid4())})
    response = client.post(url, {"action": "reply", "reply-text": "可以办理。",
                                 "reply-submission_key": str(uuid.uuid4())}, follow=True)
    assert "可以办理。" in response.content.decode()
    assert Consultation.objects.get(pk=to_a.pk).status == ConsultationStatus.ANSWERED


def test_front_end_detail_is_for_the_asker_and_the_addressee_only(people, asked, login, client):
    to_a, _, _ = asked
    url = f"/consult/{to_a.pk}/"
    assert login(people.ent_a).get(url).status_code == 200
    assert login(people.bank_a_user).get(url).status_code == 200
    for outsider in (people.ent_b, people.bank_b_user, people.dept_user, people.level2):
        assert login(outsider).get(url).status_code == 404
        response = login(outsider).post(url, {"action": "close", "close-text": "",
                                              "close-submission_key": str(uuid.uuid4())})
        assert response.status_code == 404
    assert Consultation.objects.get(pk=to_a.pk).status == ConsultationStatus.SUBMITTED


def test_the_addressee_cannot_use_the_enterprises_buttons_on_the_front_end(people, asked, login):
    to_a, _, _ = asked
    response = login(people.bank_a_user).post(f"/consult/{to_a.pk}/", {
        "action": "follow_up", "follow_up-text": "冒充追问", "follow_up-submission_key": str(uuid.uuid4())})
    assert response.status_code == 403
    assert not to_a.replies.exists()


def test_complaint_queue_is_narrowed_to_the_institution_or_department(people, login):
    about_a = ComplaintFactory(author=people.ent_a, institution=people.bank_a, title="投诉甲银行")
    to_dept = ComplaintFactory(author=people.ent_a, department=people.department, title="信访金融办")
    plain = ComplaintFactory(author=people.ent_b, title="一般建议")
    bank_page = login(people.bank_a_user).get("/admin/consultations/complaint/").content.decode()
    assert "投诉甲银行" in bank_page and "信访金融办" not in bank_page and "一般建议" not in bank_page
    dept_page = login(people.dept_user).get("/admin/consultations/complaint/").content.decode()
    assert "信访金融办" in dept_page and "投诉甲银行" not in dept_page
    assert login(people.bank_b_user).get(f"/admin/consultation-desk/complaint/{about_a.pk}/").status_code == 404
    assert login(people.bank_a_user).get(f"/admin/consultation-desk/complaint/{plain.pk}/").status_code == 404
    assert login(people.level1).get(f"/admin/consultation-desk/complaint/{to_dept.pk}/").status_code == 200


def test_bank_and_department_staff_cannot_moderate_the_board(people, login):
    post = BoardPostFactory(title="待审留言")
    for user in (people.bank_a_user, people.dept_user, people.level2):
        client = login(user)
        assert "待审留言" not in client.get("/admin/consultations/boardpost/").content.decode()
        response = client.post(f"/admin/consultation-desk/board/{post.pk}/", {
            "action": "approve", "approve-text": "", "approve-submission_key": str(uuid.uuid4())})
        assert response.status_code == 403 or response["Location"] == "/admin/"  # Wagtail's "no permission"
    post.refresh_from_db()
    assert post.status == "pending"


def test_nobody_edits_or_deletes_items_behind_the_lifecycle(people, asked, login):
    to_a, _, _ = asked
    client = login(people.level1)
    for url in (f"/admin/consultations/consultation/edit/{to_a.pk}/",
                f"/admin/consultations/consultation/delete/{to_a.pk}/",
                "/admin/consultations/consultation/create/"):
        response = client.get(url)
        assert response.status_code == 403 or response["Location"] == "/admin/"
    assert Consultation.objects.filter(pk=to_a.pk).exists()
