"""The embedded SQLite database survives a burst of writes (WAL, a busy timeout and BEGIN IMMEDIATE: a write
transaction waits for the lock instead of failing with "database is locked"), and PostgreSQL connections are
health-checked so a database restart costs no request a 500."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import Client

from finance_market.models import CartItem, LoanApplication
from tests.factories.members import EnterpriseFactory
from tests.finance_market.conftest import market  # noqa: F401  (fixture)

ENTERPRISES = 20
SUBMISSIONS = 2  # each enterprise's form is sent twice at the same moment (a double click)


def _checkout_form(token):
    return {"token": str(token), "amount": "100", "term_months": "12", "purpose": "采购原材料",
            "repayment_method": "interest_first", "is_first_loan": "1", "contact_person": "陈立群",
            "contact_phone": "13800000001"}


def _copy_to_file(path):
    """The test database (in memory) copied to a file: concurrent writers need a real SQLite file."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()


def _on_file(path, work):
    """Run ``work`` in this thread with the default database connection opened on ``path``, with every
    option of the site's settings (journal mode, busy timeout, transaction mode)."""
    settings_dict = {**connection.settings_dict, "NAME": str(path)}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = wrapper  # thread-local: other threads keep their own connection
    try:
        return work()
    finally:
        wrapper.close()


def _in_thread(path, work):
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", _on_file(path, work)))
    thread.start()
    thread.join()
    return result["value"]


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only")
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_double_submitted_checkouts_on_sqlite_loses_and_duplicates_nothing(market, tmp_path):  # noqa: F811
    enterprises = [EnterpriseFactory(name=f"并发企业{n}", certified=True) for n in range(ENTERPRISES)]
    jobs = []
    for enterprise in enterprises:
        CartItem.objects.create(enterprise=enterprise, product=market.product_a)
        CartItem.objects.create(enterprise=enterprise, product=market.product_b)
        client = Client(raise_request_exception=False)
        client.force_login(enterprise.account)
        form = _checkout_form(uuid.uuid4())
        jobs += [(client, form)] * SUBMISSIONS
    path = tmp_path / "portal.sqlite3"
    _copy_to_file(path)

    start = threading.Barrier(len(jobs))
    answers = [None] * len(jobs)

    def submit(index, client, form):
        def post():
            start.wait()
            response = client.post("/market/cart/checkout/", form)
            return response.status_code, response.get("Location"), response.content[:300]

        answers[index] = _on_file(path, post)

    threads = [threading.Thread(target=submit, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer[:2] for answer in answers] == [(302, "/member/applications/")] * len(jobs), answers
    counts = _in_thread(path, lambda: {
        enterprise.pk: sorted(LoanApplication.objects.filter(enterprise=enterprise)
                              .values_list("institution__name", flat=True)) for enterprise in enterprises})
    assert counts == {enterprise.pk: ["乙银行", "甲银行"] for enterprise in enterprises}
    assert _in_thread(path, lambda: CartItem.objects.filter(enterprise__in=enterprises).count()) == 0


def test_sqlite_write_transactions_take_the_lock_at_begin_and_wait_for_it():
    """What the burst above depends on, for the embedded default (settings/base.py)."""
    from site_portal.settings import base

    assert base.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert base.SQLITE_OPTIONS["timeout"] >= 20
    assert "PRAGMA journal_mode=WAL" in base.SQLITE_OPTIONS["init_command"]
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        assert base.SQLITE_OPTIONS.items() <= settings.DATABASES["default"]["OPTIONS"].items()


# --- PostgreSQL: a connection left over from before a database restart --------------------------------

def _settings_under(env):
    """DATABASES as settings/base.py builds them from this environment (a fresh interpreter)."""
    code = ("import json; from site_portal.settings import base; "
            "print(json.dumps({alias: db.get('CONN_HEALTH_CHECKS') for alias, db in base.DATABASES.items()}))")
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE")}
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env={**clean, **env},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_connections_are_health_checked_before_reuse():
    env = {"DATABASE_URL": "postgresql://portal@db.example.cn:5432/portal",
           "DATABASE_REPLICA_URLS": "postgresql://portal@replica.example.cn:5432/portal"}
    assert _settings_under(env) == {"default": True, "replica0": True}


def _wsgi_get(path):
    """A request through Django's WSGI handler, as a server sends it: unlike the test client, the handler
    runs close_old_connections at the start of the request, which is where the health check is armed."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
               "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO()}
    answer = {}
    body = b"".join(WSGIHandler()(environ, lambda status, headers: answer.setdefault("status", status)))
    return int(answer["status"].split()[0]), body.decode()


def _terminate(pid):
    """pg_terminate_backend from another connection, as a restart of the database server would."""
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**{key: value for key, value in params.items() if key != "cursor_factory"},
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):
            if not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still running")


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_killed_postgresql_connection_does_not_make_the_next_request_a_500(home):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert _wsgi_get("/")[0] == 200  # opens the persistent connection (CONN_MAX_AGE > 0)
    pid = connection.connection.info.backend_pid
    _terminate(pid)
    status, body = _wsgi_get("/")
    assert status == 200, body[:300]
    assert connection.connection.info.backend_pid != pid  # reconnected before the first query
