"""members/notify.py: every 站内信 may be mailed (loan applications too, honouring the opt-out), "tell once"
holds when a job runs twice or two runs race, and the recipient queries are written once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections, transaction

from finance_market import lifecycle
from finance_market.tasks import scan_overdue
from members import notify
from members.models import AlertPreference, Message, NotifiedOnce
from tests.factories.members import DepartmentFactory
from tests.factories.users import UserFactory
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_a_loan_application_mails_the_banks_staff_after_commit(market, django_capture_on_commit_callbacks):
    market.staff_a.email = "staff_a@bank.example.cn"
    market.staff_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(market.ent_a, market.product_a)
    [alert] = mails_to(market.staff_a)
    assert alert.subject == f"【融资服务门户】新的贷款申请 {application.reference}"
    assert application.get_admin_url() in alert.body


def test_the_decision_on_a_loan_application_mails_the_enterprise(market, django_capture_on_commit_callbacks):
    application = submit(market.ent_a, market.product_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply_transition(application, "accept", market.staff_a)
    [alert] = mails_to(market.ent_a.account)
    assert alert.subject == f"【融资服务门户】贷款申请 {application.reference}：银行审批中"


def test_the_member_centre_opt_out_stops_loan_application_mail_but_not_messages(
        client, market, django_capture_on_commit_callbacks):
    client.force_login(market.ent_a.account)
    assert client.post("/consult/alerts/", {}).status_code == 302  # checkbox left unticked
    assert AlertPreference.objects.get(user=market.ent_a.account).email_alerts is False
    application = submit(market.ent_a, market.product_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply_transition(application, "accept", market.staff_a)
    assert mails_to(market.ent_a.account) == []
    assert Message.objects.filter(recipient=market.ent_a.account, title__contains=application.reference).exists()


def test_notify_once_sends_once_when_the_job_runs_twice():
    admin = UserFactory(is_superuser=True)
    assert notify.notify_once("test:once", [admin], "提醒", "正文") is True
    assert notify.notify_once("test:once", [admin], "提醒", "正文") is False
    assert Message.objects.filter(recipient=admin, title="提醒").count() == 1
    assert NotifiedOnce.objects.get(key="test:once").recipients == 1


def test_a_run_that_read_the_ledger_before_another_run_wrote_it_still_sends_nothing(market, monkeypatch):
    """Two scans racing: the second read "not reported yet" before the first committed; the unique key stops
    it."""
    application = submit(market.ent_a, market.product_a)
    type(application).objects.filter(pk=application.pk).update(accept_due="2026-01-05")
    assert scan_overdue(today=datetime.date(2026, 1, 6))["accept"] == 1
    # the second run still sees the row as not overdue (stale read) and reaches the ledger
    type(application).objects.filter(pk=application.pk).update(accept_overdue_at=None)
    assert scan_overdue(today=datetime.date(2026, 1, 7))["accept"] == 0
    assert Message.objects.filter(recipient=market.staff_a, title__startswith="受理逾期").count() == 1


def test_a_message_is_not_kept_when_the_ledger_row_is_rolled_back():
    admin = UserFactory(is_superuser=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify.notify_once("test:rollback", [admin], "回滚")
        raise RuntimeError
    assert not Message.objects.filter(recipient=admin).exists()
    assert notify.notify_once("test:rollback", [admin], "回滚") is True


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_concurrent_runs_send_once():
    admin = UserFactory(is_superuser=True)
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(notify.notify_once("test:race", [admin], "并发提醒"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert Message.objects.filter(recipient=admin, title="并发提醒").count() == 1


def test_recipient_queries(market):
    inactive = UserFactory(is_superuser=True, is_active=False)
    root = UserFactory(is_superuser=True)
    assert set(notify.platform_admins()) == {market.level1, root}
    assert inactive not in notify.platform_admins()
    assert list(notify.institution_staff(market.bank_a.pk)) == [market.staff_a]
    assert list(notify.supervisors()) == [market.supervisor]
    assert set(notify.department_staff(market.department.pk)) == {market.dept_author, market.dept_reviewer}
    other = DepartmentFactory(name="发改委")
    assert list(notify.department_staff(other.pk)) == []
