import pytest

from consultations.demo import seed_consultations_demo
from consultations.models import FAQ, BoardPost, Complaint, Consultation, ConsultationStatus

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_shows_on_the_public_pages(people, client):
    seed_consultations_demo()
    counts = [m.objects.count() for m in (Consultation, BoardPost, Complaint, FAQ)]
    seed_consultations_demo()
    assert [m.objects.count() for m in (Consultation, BoardPost, Complaint, FAQ)] == counts
    assert counts[0] == 3 and counts[2] == 1
    assert Consultation.objects.filter(status=ConsultationStatus.ANSWERED).count() == 2
    board = client.get("/board/").content.decode()
    assert "建议增加首贷户专项产品" in board and "首贷通" in board and "138****0021" in board
    assert "申请贷款需要准备哪些材料？" in client.get("/consult/faq/").content.decode()
