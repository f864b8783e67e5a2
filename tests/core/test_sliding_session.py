"""Signed-in users stay signed in while they use the portal and are signed out after two idle hours;
the session is written at most once per refresh interval, not on every page."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from core import middleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, django_user_model, home, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.PORTAL_SESSION_REFRESH_SECONDS = 300
    user = django_user_model.objects.create_user("sliding", password="Portal#2026")
    client.force_login(user)
    return client


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_within_the_refresh_interval_do_not_rewrite_the_session(signed_in, monkeypatch):
    clock = [1_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    signed_in.get("/")
    first = _expiry(signed_in)

    clock[0] += 299
    signed_in.get("/")
    assert _expiry(signed_in) == first

    clock[0] += 2  # past the interval: the expiry moves on
    signed_in.get("/")
    assert _expiry(signed_in) > first


def test_a_session_idle_past_its_age_is_signed_out(signed_in):
    response = signed_in.get("/member/")
    assert response.status_code == 200

    Session.objects.filter(session_key=signed_in.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = signed_in.get("/member/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_anonymous_visitors_get_no_session(client, home):
    response = client.get("/")

    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
