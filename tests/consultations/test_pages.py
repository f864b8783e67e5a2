"""The public entry points answer for everyone and are reachable from the header and the member centre."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_entry_pages_with_a_login_prompt(client, people):
    consult = client.get("/consult/").content.decode()
    assert "登录后发起咨询" in consult and 'href="/consult/"' in consult  # header link
    assert "登录后提交" in client.get("/complaints/").content.decode()
    assert client.get("/board/").status_code == 200


def test_member_centre_links_to_my_consultations_and_complaints(people, login):
    page = login(people.ent_a).get("/member/").content.decode()
    assert 'href="/consult/"' in page and 'href="/complaints/"' in page


def test_handlers_are_pointed_to_their_queue(people, login):
    page = login(people.bank_a_user).get("/consult/").content.decode()
    assert "/admin/consultations/consultation/" in page and 'href="/consult/new/"' not in page
