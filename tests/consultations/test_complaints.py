"""Complaints, suggestions and petitions: private to the author and the handlers; submitted → accepted →
processing → resolved, or closed, with a handler and a resolution."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from consultations import lifecycle
from consultations.models import Complaint, ComplaintKind, ComplaintStatus
from core.lifecycle import history
from members.models import Message
from tests.factories.consultations import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_enterprise_files_a_complaint_about_a_bank_and_the_handlers_are_told(people, login):
    client = login(people.ent_a)
    response = client.post("/complaints/new/", {
        "kind": ComplaintKind.COMPLAINT, "title": "放款太慢", "body": "受理后一个月未放款。",
        "institution": people.bank_a.pk, "department": "", "submission_key": str(uuid.uuid4()),
    })
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.author == people.ent_a and complaint.status == ComplaintStatus.SUBMITTED
    told = set(Message.objects.filter(title__contains="放款太慢").values_list("recipient__username", flat=True))
    assert told == {people.bank_a_user.username, people.level1.username}
    assert "放款太慢" in client.get("/complaints/").content.decode()


def test_resolution_path_is_recorded_and_shown_to_the_author(people, login):
    complaint = ComplaintFactory(author=people.ent_a, kind=ComplaintKind.SUGGESTION, title="建议")
    lifecycle.apply(complaint, "accept", people.level1)
    lifecycle.apply(complaint, "process", people.level1)
    lifecycle.apply(complaint, "resolve", people.level1, text="已采纳，下月上线。")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED and complaint.handler == people.level1
    page = login(people.ent_a).get(f"/complaints/{complaint.pk}/").content.decode()
    assert "已办结" in page and "已采纳，下月上线。" in page
    assert Message.objects.filter(recipient=people.ent_a, body="已采纳，下月上线。").exists()
    assert list(history(complaint).values_list("to_status", flat=True)) == [
        "submitted", "accepted", "processing", "resolved"]


@pytest.mark.parametrize("action, status", [
    ("process", ComplaintStatus.SUBMITTED),  # accept first
    ("resolve", ComplaintStatus.SUBMITTED),
    ("accept", ComplaintStatus.RESOLVED),
    ("close", ComplaintStatus.RESOLVED),
    ("close", ComplaintStatus.CLOSED),
])
def test_illegal_complaint_transitions_change_nothing(people, action, status):
    complaint = ComplaintFactory(author=people.ent_a)
    Complaint.objects.filter(pk=complaint.pk).update(status=status)
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.apply(complaint, action, people.level1, text="说明")
    assert Complaint.objects.get(pk=complaint.pk).status == status


def test_resolving_or_closing_needs_a_resolution(people):
    complaint = ComplaintFactory(author=people.ent_a)
    lifecycle.apply(complaint, "accept", people.level1)
    for action in ("resolve", "close"):
        with pytest.raises(lifecycle.TransitionError):
            lifecycle.apply(complaint, action, people.level1, text="  ")
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.ACCEPTED


def test_the_author_cannot_handle_their_own_complaint(people):
    complaint = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    with pytest.raises(PermissionDenied):
        lifecycle.apply(complaint, "accept", people.ent_a)


def test_another_enterprise_cannot_see_a_complaint(people, login):
    complaint = ComplaintFactory(author=people.ent_a, title="私密投诉", institution=people.bank_a)
    client = login(people.ent_b)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
    assert "私密投诉" not in client.get("/complaints/").content.decode()
    assert login(people.bank_b_user).get(f"/complaints/{complaint.pk}/").status_code == 404
    assert login(people.bank_a_user).get(f"/complaints/{complaint.pk}/").status_code == 200


def test_anonymous_visitors_cannot_open_a_complaint(client, people):
    complaint = ComplaintFactory(author=people.ent_a)
    response = client.get(f"/complaints/{complaint.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_handler_works_a_complaint_in_the_admin(people, login):
    complaint = ComplaintFactory(author=people.ent_a, department=people.department, title="信访件")
    client = login(people.dept_user)
    url = f"/admin/consultation-desk/complaint/{complaint.pk}/"
    client.post(url, {"action": "accept", "accept-text": "", "accept-submission_key": str(uuid.uuid4())})
    response = client.post(url, {"action": "resolve", "resolve-text": "",
                                 "resolve-submission_key": str(uuid.uuid4())})
    assert "请填写内容。" in response.content.decode()  # the form comes back with the error
    client.post(url, {"action": "resolve", "resolve-text": "已答复当事人。",
                      "resolve-submission_key": str(uuid.uuid4())})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED and complaint.handler == people.dept_user


def test_the_complaint_form_keeps_what_was_typed(people, login):
    response = login(people.ent_a).post("/complaints/new/", {
        "kind": ComplaintKind.PETITION, "title": "", "body": "详细经过……", "submission_key": str(uuid.uuid4())})
    page = response.content.decode()
    assert "请填写标题。" in page and "详细经过……" in page and 'value="petition" selected' in page
    assert not Complaint.objects.exists()


def test_posting_the_complaint_twice_stores_it_once(people, login):
    client = login(people.ent_a)
    data = {"kind": ComplaintKind.COMPLAINT, "title": "重复", "body": "内容", "submission_key": str(uuid.uuid4())}
    client.post("/complaints/new/", data)
    client.post("/complaints/new/", data)
    assert Complaint.objects.count() == 1
