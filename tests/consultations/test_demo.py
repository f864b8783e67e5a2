import pytest
from django.core import mail

from consultations.models import FAQ, BoardPost, Complaint, Consultation, ConsultationStatus, OpsNotification
from demo.consultations import seed_consultations_demo

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_shows_on_the_public_pages(people, client, django_capture_on_commit_callbacks):
    models = (Consultation, BoardPost, Complaint, FAQ, OpsNotification)
    with django_capture_on_commit_callbacks(execute=True):
        seed_consultations_demo()
    counts = [m.objects.count() for m in models]
    seed_consultations_demo()
    assert [m.objects.count() for m in models] == counts
    assert mail.outbox == []  # the demo's history mails nobody
    assert OpsNotification.objects.filter(status="sent").count() == 1 and counts[4] == 2
    assert counts[0] == 5 and counts[2] == 3
    # 转办: one consultation handed to 金融办, one complaint to an expert, each waiting there
    assert Consultation.objects.filter(department__name="金融办", institution=None, status="submitted").exists()
    assert Complaint.objects.filter(expert__name="陈雅琴", status="submitted").exists()
    assert Consultation.objects.filter(status=ConsultationStatus.ANSWERED).count() == 3
    assert Consultation.objects.filter(to_experts=True, expert__name="林志远").exists()
    assert Complaint.objects.get(kind="appeal").status_label == "处理中"
    assert "林志远" in client.get("/consult/experts/").content.decode()
    board = client.get("/board/").content.decode()
    assert "建议增加首贷户专项产品" in board and "首贷通" in board and "138****0021" in board
    assert "申请贷款需要准备哪些材料？" in client.get("/consult/faq/").content.decode()
