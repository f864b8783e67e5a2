"""Listings cost the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import lifecycle
from tests.factories.consultations import BoardPostFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # warm the per-process caches (site, settings, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_public_board_queries_do_not_grow_with_posts(client, people):
    for _ in range(2):
        lifecycle.apply(BoardPostFactory(), "approve", people.level1, text="回复")
    few = queries_for(client, "/board/")
    for _ in range(6):
        lifecycle.apply(BoardPostFactory(), "approve", people.level1, text="回复")
    assert queries_for(client, "/board/") == few


def test_admin_consultation_queue_queries_do_not_grow_with_rows(people, login):
    client = login(people.level1)
    for _ in range(2):
        ConsultationFactory(institution=people.bank_a)
    few = queries_for(client, "/admin/consultations/consultation/")
    for _ in range(6):
        ConsultationFactory(institution=people.bank_b)
    assert queries_for(client, "/admin/consultations/consultation/") == few
