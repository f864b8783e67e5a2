from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_cache_search_and_q2(client):
    from datetime import timedelta

    from django.utils import timezone
    from django_q.models import Schedule

    Schedule.objects.update(next_run=timezone.now() + timedelta(hours=1))  # as a running cluster keeps them
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "search", "q2"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_says_degraded_when_search_is_down(client):
    with mock.patch("site_portal.views.get_search_backend", side_effect=ConnectionError("es down")):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["search"]["status"] == "error"
    assert "es down" in body["checks"]["search"]["error"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("site_portal.views._database", side_effect=OSError("db down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
