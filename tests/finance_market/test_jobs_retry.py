"""django-q2 jobs (F-SEC-12): retried after a crash, and every scheduled job is safe to run twice,
which a retry after a timeout or a worker crash does."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule
from django_q.tasks import async_task

from members.models import Message
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db


def test_q_cluster_retries_a_job_whose_worker_died():
    q = settings.Q_CLUSTER
    assert q["retry"] > q["timeout"], "a job still running would be handed out a second time"
    assert q["max_attempts"] >= 2
    assert not q.get("ack_failures", False) or q["max_attempts"] >= 2


def test_every_scheduled_job_run_twice_does_the_work_once(market):
    """Each schedule's function, run through q2 (synchronously in tests) twice over an overdue application:
    the second run sends no new message."""
    submit(market.ent_a, market.product_a, now=timezone.make_aware(dt.datetime(2026, 11, 2, 10)))
    schedules = list(Schedule.objects.exclude(repeats=0))
    assert schedules, "the reference-data migrations create the schedules"
    for schedule in schedules:
        import_string(schedule.func)  # every schedule names a real function
        async_task(schedule.func, sync=True)
    first = Message.objects.count()
    assert first > 0, "the overdue application produced alerts on the first run"
    for schedule in schedules:
        async_task(schedule.func, sync=True)
    assert Message.objects.count() == first
