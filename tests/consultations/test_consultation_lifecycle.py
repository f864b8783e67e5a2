"""Online consultation: an enterprise asks, the addressee accepts and replies, the enterprise follows up,
rates and closes; every step leaves a history row, an audit-log entry and a message for the other side."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from consultations import lifecycle
from consultations.models import Consultation, ConsultationStatus
from core.lifecycle import history
from members.models import Message
from tests.factories.consultations import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_enterprise_asks_a_bank_from_the_consult_page_and_the_bank_staff_is_told(people, login):
    client = login(people.ent_a)
    response = client.post("/consult/new/", {
        "institution": people.bank_a.pk, "title": "流动资金贷款", "question": "需要准备哪些材料？",
        "submission_key": str(uuid.uuid4()),
    })
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/consult/{consultation.pk}/"
    assert consultation.status == ConsultationStatus.SUBMITTED
    assert consultation.enterprise == people.enterprise_a and consultation.institution == people.bank_a
    told = Message.objects.get(recipient=people.bank_a_user)
    assert "流动资金贷款" in told.title and told.link == f"/admin/consultation-desk/consultation/{consultation.pk}/"
    assert not Message.objects.filter(recipient=people.bank_b_user).exists()
    page = client.get(f"/consult/{consultation.pk}/").content.decode()
    assert "需要准备哪些材料？" in page and "待受理" in page


def test_a_question_to_the_platform_goes_to_platform_admins(people, login):
    login(people.ent_a).post("/consult/new/", {
        "institution": "", "title": "平台怎么用", "question": "如何发布融资需求？", "submission_key": str(uuid.uuid4()),
    })
    assert Consultation.objects.get().institution is None
    assert Message.objects.filter(recipient=people.level1).count() == 1
    assert not Message.objects.filter(recipient__in=[people.bank_a_user, people.bank_b_user]).exists()


def test_full_lifecycle_with_follow_up_and_rating(people, login):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    staff = people.bank_a_user
    lifecycle.apply(consultation, "accept", staff)
    lifecycle.apply(consultation, "reply", staff, text="需要营业执照和近两年财务报表。")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED and consultation.handler == staff
    assert Message.objects.filter(recipient=people.ent_a, body="需要营业执照和近两年财务报表。").exists()

    client = login(people.ent_a)
    client.post(f"/consult/{consultation.pk}/", {
        "action": "follow_up", "follow_up-text": "报表需要审计吗？", "follow_up-submission_key": str(uuid.uuid4()),
    })
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ACCEPTED
    assert Message.objects.filter(recipient=staff, body="报表需要审计吗？").exists()

    lifecycle.apply(consultation, "reply", staff, text="不需要审计。")
    client.post(f"/consult/{consultation.pk}/", {
        "action": "rate", "rate-rating": "5", "rate-text": "回复很及时", "rate-submission_key": str(uuid.uuid4()),
    })
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED and consultation.rating == 5
    page = client.get(f"/consult/{consultation.pk}/").content.decode()
    assert "不需要审计。" in page and "报表需要审计吗？" in page and "5/5" in page and "回复很及时" in page
    actions = list(history(consultation).values_list("action", flat=True))
    assert actions == ["submit", "accept", "reply", "follow_up", "reply", "rate"]
    logged = set(ModelLogEntry.objects.filter(object_id=str(consultation.pk)).values_list("action", flat=True))
    assert {"consultations.consultation.accept", "consultations.consultation.rate"} <= logged


@pytest.mark.parametrize("action, status, actor", [
    ("reply", ConsultationStatus.SUBMITTED, "staff"),  # must accept first
    ("accept", ConsultationStatus.ANSWERED, "staff"),
    ("follow_up", ConsultationStatus.SUBMITTED, "asker"),
    ("rate", ConsultationStatus.ACCEPTED, "asker"),
    ("close", ConsultationStatus.CLOSED, "asker"),
])
def test_illegal_transitions_change_nothing(people, action, status, actor):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    Consultation.objects.filter(pk=consultation.pk).update(status=status)
    user = people.bank_a_user if actor == "staff" else people.ent_a
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.apply(consultation, action, user, text="内容", rating=4)
    consultation.refresh_from_db()
    assert consultation.status == status
    assert history(consultation).count() == 1  # only "submit"


def test_the_enterprise_cannot_accept_or_reply_to_its_own_question(people):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    for action in ("accept", "reply"):
        with pytest.raises(PermissionDenied):
            lifecycle.apply(consultation, action, people.ent_a, text="自问自答")
    assert Consultation.objects.get(pk=consultation.pk).status == ConsultationStatus.SUBMITTED


def test_staff_cannot_rate_or_follow_up_in_the_enterprises_name(people):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    lifecycle.apply(consultation, "accept", people.bank_a_user)
    lifecycle.apply(consultation, "reply", people.bank_a_user, text="答复")
    for action in ("rate", "follow_up"):
        with pytest.raises(PermissionDenied):
            lifecycle.apply(consultation, action, people.bank_a_user, text="好评", rating=5)
    assert Consultation.objects.get(pk=consultation.pk).rating is None


def test_rating_twice_is_refused(people):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    lifecycle.apply(consultation, "accept", people.bank_a_user)
    lifecycle.apply(consultation, "reply", people.bank_a_user, text="答复")
    lifecycle.apply(consultation, "rate", people.ent_a, rating=2)
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.apply(consultation, "rate", people.ent_a, rating=5)
    assert Consultation.objects.get(pk=consultation.pk).rating == 2


def test_submitting_the_same_form_twice_creates_one_consultation(people, login):
    client = login(people.ent_a)
    data = {"institution": people.bank_a.pk, "title": "重复提交", "question": "内容",
            "submission_key": str(uuid.uuid4())}
    first = client.post("/consult/new/", data)
    second = client.post("/consult/new/", data)
    assert Consultation.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Message.objects.filter(recipient=people.bank_a_user).count() == 1


def test_a_double_clicked_reply_is_posted_once(people, login):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    lifecycle.apply(consultation, "accept", people.bank_a_user)
    client = login(people.bank_a_user)
    data = {"action": "reply", "reply-text": "答复一次", "reply-submission_key": str(uuid.uuid4())}
    client.post(f"/admin/consultation-desk/consultation/{consultation.pk}/", data)
    client.post(f"/admin/consultation-desk/consultation/{consultation.pk}/", data)
    assert consultation.replies.count() == 1
    assert Message.objects.filter(recipient=people.ent_a, body="答复一次").count() == 1


def test_the_form_keeps_what_was_typed_when_something_is_missing(people, login):
    response = login(people.ent_a).post("/consult/new/", {
        "institution": people.bank_a.pk, "title": "", "question": "我写了很长的问题",
        "submission_key": str(uuid.uuid4()),
    })
    page = response.content.decode()
    assert response.status_code == 200 and "请填写咨询主题。" in page
    assert "我写了很长的问题" in page and f'value="{people.bank_a.pk}" selected' in page
    assert not Consultation.objects.exists()


def test_staff_accounts_cannot_open_the_ask_form(people, login):
    assert login(people.bank_a_user).get("/consult/new/").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, people):
    response = client.get("/consult/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
