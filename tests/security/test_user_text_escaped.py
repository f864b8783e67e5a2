"""User text (board posts, consultations, replies) is shown as text, never as markup (F-SEC-8).
Rich text from editors goes through Wagtail's Draftail whitelist on save; this covers what visitors type."""

import pytest

from consultations.models import BoardPost, BoardStatus
from tests.factories.consultations import BoardPostFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_board_post_is_escaped_on_the_public_board(client, home):
    # the name field holds 40 characters: a shorter attack there
    post = BoardPostFactory(title="标题" + ATTACK, body="内容" + ATTACK, name="王<script>1</script>")
    BoardPost.objects.filter(pk=post.pk).update(status=BoardStatus.APPROVED)
    body = client.get("/board/").content.decode()
    assert "标题" in body
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body


def test_consultation_question_is_escaped_for_its_asker(client, home):
    consultation = ConsultationFactory(title="咨询" + ATTACK, question="问题" + ATTACK)
    client.force_login(consultation.asker)
    body = client.get(f"/consult/{consultation.pk}/").content.decode()
    assert "咨询" in body and "<script>alert" not in body and "<img src=x" not in body


def test_password_rules_still_render_as_a_list_on_the_register_page(client, home):
    """The help texts lost their |safe filter: Django's own HTML help (a SafeString) must still render."""
    body = client.get("/accounts/register/").content.decode()
    assert "&lt;li&gt;" not in body and "&lt;ul" not in body
