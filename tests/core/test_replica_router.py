"""Read/write split (F-NFR-7): only anonymous GETs read from a replica; writes and signed-in users use
the primary, so nobody misses what they just saved."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core.db_router import PrimaryReplicaRouter, ReplicaReadsMiddleware

REPLICAS = {"default": {}, "replica0": {}, "replica1": {}}


def route(request):
    seen = {}

    def view(req):
        seen["read"] = PrimaryReplicaRouter().db_for_read(None)
        seen["write"] = PrimaryReplicaRouter().db_for_write(None)
        return SimpleNamespace()

    ReplicaReadsMiddleware(view)(request)
    return seen


@pytest.fixture
def replicas(settings):
    settings.DATABASES = {**settings.DATABASES, "replica0": settings.DATABASES["default"],
                          "replica1": settings.DATABASES["default"]}


def _request(method="get", user=None, cookies=None):
    request = getattr(RequestFactory(), method)("/news/")
    request.user = user or AnonymousUser()
    request.COOKIES.update(cookies or {})
    return request


def test_anonymous_get_reads_from_a_replica_and_writes_to_the_primary(replicas):
    seen = route(_request())
    assert seen["read"] in ("replica0", "replica1")
    assert seen["write"] == "default"


def test_signed_in_users_and_posts_read_the_primary(replicas):
    assert route(_request(user=SimpleNamespace(is_authenticated=True)))["read"] == "default"
    assert route(_request("post"))["read"] == "default"
    assert route(_request(cookies={"sessionid": "x"}))["read"] == "default"


def test_outside_a_request_and_without_replicas_everything_is_the_primary(settings):
    assert PrimaryReplicaRouter().db_for_read(None) == "default"
    assert route(_request())["read"] == "default"
    assert not PrimaryReplicaRouter().allow_migrate("replica0", "wagtailcore")
