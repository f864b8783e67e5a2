"""F-CONS-11: e-mail alerts beside 站内信 — replies and status changes reach the enterprise, new items reach
the handlers — sent only after the change is committed, honouring each account's opt-out."""

import uuid
from unittest import mock

import pytest
from django.core import mail

from consultations import lifecycle
from consultations.models import Complaint, ConsultationStatus
from members.models import AlertPreference, Message
from tests.factories.consultations import ComplaintFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_a_new_consultation_mails_the_banks_staff_after_commit(people, login, django_capture_on_commit_callbacks):
    client = login(people.ent_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consult/new/", {"institution": people.bank_a.pk, "title": "流动资金贷款",
                                      "question": "需要准备哪些材料？", "submission_key": str(uuid.uuid4())})
    [alert] = mails_to(people.bank_a_user)
    assert "流动资金贷款" in alert.subject and alert.subject.startswith("【融资服务门户】")
    assert "/admin/consultation-desk/consultation/" in alert.body
    assert mails_to(people.bank_b_user) == [] and mails_to(people.ent_a) == []


def test_a_reply_mails_the_enterprise_with_the_answer_and_a_link(people, django_capture_on_commit_callbacks):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(consultation, "accept", people.bank_a_user)
        lifecycle.apply(consultation, "reply", people.bank_a_user, text="需要营业执照和近一年财务报表。")
    subjects = [m.subject for m in mails_to(people.ent_a)]
    assert len(subjects) == 2 and "受理" in subjects[0] and "答复" in subjects[1]
    body = mails_to(people.ent_a)[1].body
    assert "需要营业执照和近一年财务报表。" in body and f"/consult/{consultation.pk}/" in body
    assert body.count("http") == 1 and "/consult/" in body.split("http")[1]


def test_a_complaint_status_change_mails_its_author(people, django_capture_on_commit_callbacks):
    complaint = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(complaint, "accept", people.level1)
    [alert] = mails_to(people.ent_a)
    assert "已受理" in alert.body and f"/complaints/{complaint.pk}/" in alert.body


def test_no_mail_leaves_before_the_change_commits(people, django_capture_on_commit_callbacks):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        lifecycle.apply(consultation, "accept", people.bank_a_user)
        assert mail.outbox == []
    for callback in pending:
        callback()
    assert len(mails_to(people.ent_a)) == 1


def test_opting_out_in_the_member_centre_stops_mail_but_not_messages(people, login,
                                                                      django_capture_on_commit_callbacks):
    client = login(people.ent_a)
    page = client.get("/consult/alerts/").content.decode()
    assert "接收邮件提醒" in page and people.ent_a.email in page
    assert 'href="/consult/alerts/"' in client.get("/member/").content.decode()
    assert client.post("/consult/alerts/", {}).status_code == 302  # checkbox left unticked
    assert AlertPreference.objects.get(user=people.ent_a).email_alerts is False
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(consultation, "accept", people.bank_a_user)
    assert mails_to(people.ent_a) == []
    assert Message.objects.filter(recipient=people.ent_a, title__contains="受理").exists()
    client.post("/consult/alerts/", {"email_alerts": "on"})
    assert AlertPreference.objects.get(user=people.ent_a).email_alerts is True


def test_a_mail_server_failure_never_loses_the_change(people, login, django_capture_on_commit_callbacks):
    complaint = ComplaintFactory(author=people.ent_a, institution=people.bank_a)
    client = login(people.bank_a_user)
    with mock.patch("members.notify.send_mail", side_effect=OSError("smtp down")), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/consultation-desk/complaint/{complaint.pk}/",
                               {"action": "accept", "accept-text": "", "accept-submission_key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == "accepted"
    assert Message.objects.filter(recipient=people.ent_a, title__contains="受理").exists()


def test_accounts_without_an_address_get_no_mail(people, django_capture_on_commit_callbacks):
    people.ent_a.email = ""
    people.ent_a.save()
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(consultation, "accept", people.bank_a_user)
    assert consultation.__class__.objects.get(pk=consultation.pk).status == ConsultationStatus.ACCEPTED
    assert all(m.to != [""] for m in mail.outbox)


def test_the_alert_settings_page_needs_a_login(client):
    assert client.get("/consult/alerts/")["Location"].startswith("/accounts/login/")


def test_while_mail_is_suppressed_neither_alerts_nor_wagtails_workflow_mails_go_out(people):
    # seed_demo builds its history inside this block: a `make run` must not print review mails to the console
    from wagtail.admin.mail import send_mail as wagtail_send_mail

    from members import notify

    mail.outbox.clear()
    with notify.mail_suppressed():
        wagtail_send_mail("页面已提交审核", "请审核", [people.bank_a_user.email])
        notify.email_alert(people.ent_a, "标题", "正文")
    assert mail.outbox == []
    wagtail_send_mail("页面已提交审核", "请审核", [people.bank_a_user.email])
    assert [m.subject for m in mail.outbox] == ["页面已提交审核"]
