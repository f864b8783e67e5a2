"""/consult/ and the FAQ are kept by the anonymous page cache: a visitor's second view is the cached copy, an FAQ
edit or a new consultation (the home page's 诉求直达) shows on the next view, and a signed-in member never gets
the cached copy nor lets a browser keep theirs. The board is never cached (its form is per view)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import lifecycle
from tests.factories.consultations import ConsultationFactory, FAQFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, home, client):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    client.get("/")  # the site's settings row is created on the first request (which purges)


@pytest.mark.parametrize("path", ["/consult/", "/consult/faq/", "/consult/faq/?q=贷款"])
def test_a_visitors_second_view_is_the_cached_copy(client, path):
    FAQFactory(question="贷款需要哪些材料？")
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss" and "s-maxage=60" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit" and len(queries) == 0 and second.content == first.content


def test_an_faq_edit_shows_on_the_next_view(client):
    entry = FAQFactory(question="贷款需要哪些材料？")
    client.get("/consult/faq/")
    assert client.get("/consult/faq/")["X-Page-Cache"] == "hit"
    entry.question = "申请贷款需要准备哪些材料？"
    entry.save()
    response = client.get("/consult/faq/")
    assert response["X-Page-Cache"] == "miss" and "申请贷款需要准备哪些材料？" in response.content.decode()
    entry.is_published = False
    entry.save()
    assert "申请贷款需要准备哪些材料？" not in client.get("/consult/faq/").content.decode()
    FAQFactory(question="新增的常见问题？", category=entry.category)
    assert "新增的常见问题？" in client.get("/consult/faq/").content.decode()
    entry.category.name = "贷款申请"
    entry.category.save()
    assert "贷款申请" in client.get("/consult/faq/").content.decode()


def _waiting(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    return soup.select_one(".request-status--waiting strong").get_text()


def test_a_new_or_answered_consultation_shows_on_the_cached_home_page(client, people):
    before = _waiting(client)
    assert client.get("/")["X-Page-Cache"] == "hit"
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    assert _waiting(client) == str(int(before) + 1)
    lifecycle.apply(consultation, "accept", people.bank_a_user)
    assert _waiting(client) == before


def test_a_signed_in_member_never_gets_the_cached_copy_nor_keeps_theirs(client, people):
    for path in ("/consult/", "/consult/faq/"):
        client.get(path)
    client.force_login(people.ent_a)
    for path in ("/consult/", "/consult/faq/"):
        response = client.get(path)
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "我的咨询" in client.get("/consult/").content.decode()  # their own list, not the visitors' page


def test_the_board_is_never_cached(client):
    client.get("/board/")
    response = client.get("/board/")
    assert "X-Page-Cache" not in response and "no-store" in response["Cache-Control"]
