"""The client's address behind the documented nginx: X-Forwarded-For counts only when it comes from a trusted
proxy (TRUSTED_PROXIES), so the lockout and the login log see clients, not the proxy, and a client cannot
pick its own address."""

import pytest
from django.conf import settings
from django.test import RequestFactory

from site_portal.client_ip import client_ip
from site_portal.members.models import LoginLog
from tests.factories.members import EnterpriseFactory
from tests.factories.users import PASSWORD

PROXY = "10.0.0.2"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.PORTAL_TRUSTED_PROXIES = [PROXY, "192.168.5.0/24"]


def test_no_proxy_is_trusted_unless_configured():
    assert settings.PORTAL_TRUSTED_PROXIES == []
    assert settings.AXES_CLIENT_IP_CALLABLE == "site_portal.client_ip.client_ip"
    assert client_ip(request_from("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_a_forged_header_from_an_untrusted_client_is_ignored(behind_proxy):
    assert client_ip(request_from("203.0.113.7", "1.2.3.4")) == "203.0.113.7"
    assert client_ip(request_from("203.0.113.7", f"{PROXY}, 1.2.3.4")) == "203.0.113.7"


@pytest.mark.parametrize(("forwarded", "client"), [
    ("198.51.100.4", "198.51.100.4"),
    ("1.2.3.4, 198.51.100.4", "198.51.100.4"),  # the client wrote 1.2.3.4 itself; nginx appended the real one
    ("1.2.3.4, 198.51.100.4, 192.168.5.9", "198.51.100.4"),  # through two trusted proxies
    ("not-an-address, 198.51.100.4", "198.51.100.4"),
    ("198.51.100.4, not-an-address", PROXY),  # a trusted proxy reporting garbage: the proxy is all we know
    ("", PROXY),
    ("192.168.5.9", "192.168.5.9"),  # only trusted hops: the left-most
    ("2001:db8::1", "2001:db8::1"),
])
def test_a_trusted_proxy_is_believed_right_to_left(behind_proxy, forwarded, client):
    assert client_ip(request_from(PROXY, forwarded)) == client


def login(client, username, password, remote, forwarded):
    return client.post("/accounts/login/", {"username": username, "password": password, "captcha_0": "k",
                                            "captcha_1": "PASSED"}, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_the_login_log_records_the_client_behind_the_proxy(client, behind_proxy):
    enterprise = EnterpriseFactory()
    login(client, enterprise.credit_code, PASSWORD, PROXY, "1.2.3.4, 198.51.100.4")
    assert LoginLog.objects.get().ip_address == "198.51.100.4"


@pytest.mark.django_db
def test_the_login_log_ignores_a_forged_header(client, behind_proxy):
    enterprise = EnterpriseFactory()
    login(client, enterprise.credit_code, PASSWORD, "203.0.113.7", "198.51.100.4")
    assert LoginLog.objects.get().ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_one_client_behind_the_proxy_locks_only_itself(client, behind_proxy):
    enterprise = EnterpriseFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, enterprise.credit_code, "Wrong#pass1", PROXY, "198.51.100.4")
    assert login(client, enterprise.credit_code, PASSWORD, PROXY, "198.51.100.4").status_code == 429
    assert login(client, enterprise.credit_code, PASSWORD, PROXY, "198.51.100.77").status_code == 302


@pytest.mark.django_db
def test_a_client_cannot_escape_its_lockout_by_forging_the_header(client, behind_proxy):
    enterprise = EnterpriseFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, enterprise.credit_code, "Wrong#pass1", "203.0.113.7", f"198.51.100.{n}")
    assert login(client, enterprise.credit_code, PASSWORD, "203.0.113.7", "198.51.100.200").status_code == 429
