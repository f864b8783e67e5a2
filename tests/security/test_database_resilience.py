"""The embedded SQLite database survives a burst of writes (WAL, a busy timeout and BEGIN IMMEDIATE: a write
transaction waits for the lock instead of failing with "database is locked"), and PostgreSQL connections are
health-checked so a database restart costs no request a 500."""

import sqlite3
import threading
import uuid

import pytest
from django.conf import settings
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
