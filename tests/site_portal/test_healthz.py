"""/healthz: the state of the database, cache, search and q2 for monitors; which check failed and why only for
the operators (a probe on the host itself, or a signed-in admin), the status alone for everyone else."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from site_portal.members import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}
OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def cluster_running():
    from django_q.models import Schedule

    Schedule.objects.update(next_run=timezone.now() + timedelta(hours=1))  # as a running cluster keeps them


def search_down():
    return mock.patch("site_portal.views.get_search_backend", side_effect=ConnectionError("es down at es1:9200"))


def test_healthz_reports_database_cache_search_and_q2_on_the_loopback(client, cluster_running):
    response = client.get("/healthz", **LOOPBACK)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "search", "q2"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_says_degraded_when_search_is_down(client):
    with search_down():
        response = client.get("/healthz", **LOOPBACK)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["search"]["status"] == "error"
    assert "es down" in body["checks"]["search"]["error"]


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("site_portal.views._database", side_effect=OSError("db down")):
        response = client.get("/healthz", **LOOPBACK)
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_public_caller_gets_the_status_alone(client, cluster_running):
    response = client.get("/healthz", **OUTSIDE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_public_caller_learns_no_host_or_error_text_when_search_is_down(client):
    with search_down():
        response = client.get("/healthz", **OUTSIDE)
    assert response.status_code == 200
    assert response.json() == {"status": "degraded"}
    assert "es1" not in response.content.decode()


def test_public_caller_still_gets_503_when_the_database_is_down(client):
    with mock.patch("site_portal.views._database", side_effect=OSError("db down at db-primary:5432")):
        response = client.get("/healthz", **OUTSIDE)
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_a_request_relayed_by_a_proxy_on_the_loopback_is_public(client):
    """nginx on the same host connects from 127.0.0.1 but says whom it relays: that caller is outside."""
    with search_down():
        response = client.get("/healthz", HTTP_X_FORWARDED_FOR="203.0.113.7", **LOOPBACK)
    assert response.json() == {"status": "degraded"}


def test_signed_in_admin_gets_the_details_from_outside(client):
    admin = UserFactory(username="level2", groups=[roles.ensure_platform_groups()[roles.LEVEL2]])
    client.force_login(admin)
    with search_down():
        body = client.get("/healthz", **OUTSIDE).json()
    assert "es down" in body["checks"]["search"]["error"]


def test_signed_in_enterprise_gets_the_status_alone(client):
    from tests.factories.members import EnterpriseFactory

    client.force_login(EnterpriseFactory(name="甲企业").account)
    with search_down():
        assert client.get("/healthz", **OUTSIDE).json() == {"status": "degraded"}
