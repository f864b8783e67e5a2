"""SMS codes live in the database: the attempt limit holds under parallel guessing, a code is used once,
and every worker process sees the same code (no per-process cache)."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from site_portal.members import activation, sms
from site_portal.members.models import Enterprise
from tests.factories.members import make_uscc
from tests.members.test_registration import form_data

CODE = make_uscc(555)
THREADS = 20


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


def register(client):
    client.post("/accounts/register/", form_data())
    return Enterprise.objects.get(credit_code=CODE).account


def sent_code():
    return re.search(r"(\d{6})", sms.outbox[-1]["text"]).group(1)


def wait_while_locked(execute, sql, params, many, context):
    """SQLite's in-memory test database (shared cache) answers "table is locked" at once where the site's file
    database waits for the writer (timeout 20 s): wait the same way here. A refused statement did nothing, so
    running it again is what waiting would have done. PostgreSQL waits by itself."""
    for _ in range(4000):
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    return execute(sql, params, many, context)


def in_parallel(codes):
    """activate_with_code for each code, each in its own thread and database connection, all released at
    once; returns how many activated."""
    barrier = threading.Barrier(len(codes))
    outcomes = []

    def attempt(code):
        try:
            with connection.execute_wrapper(wait_while_locked):
                barrier.wait()
                activation.activate_with_code(CODE, code)
            outcomes.append(True)
        except activation.ActivationError:
            outcomes.append(False)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == len(codes), "a thread died with an unexpected error"
    return sum(outcomes)


def wrong_codes(right, count):
    return [f"{n:06d}" for n in range(count + 1) if f"{n:06d}" != right][:count]


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_guesses_get_five_tries_and_then_the_code_is_dead(client):
    user = register(client)
    right = sent_code()
    assert in_parallel(wrong_codes(right, THREADS)) == 0
    with pytest.raises(activation.ActivationError):
        activation.activate_with_code(CODE, right)
    user.refresh_from_db()
    assert not user.is_activated
    assert user.one_time_codes.get().attempts == activation.CODE_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_guesses_with_the_right_code_last_cannot_outrun_the_limit(client):
    """The right code among 20 simultaneous tries is only accepted when it is one of the first five tries."""
    user = register(client)
    right = sent_code()
    activated = in_parallel([*wrong_codes(right, THREADS - 1), right])
    user.refresh_from_db()
    code_row = user.one_time_codes.get()
    assert code_row.attempts <= activation.CODE_ATTEMPTS
    assert activated == int(user.is_activated) == int(code_row.used_at is not None)


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_uses_of_the_right_code_activate_once(client):
    user = register(client)
    assert in_parallel([sent_code()] * THREADS) == 1
    user.refresh_from_db()
    assert user.is_activated


@pytest.mark.django_db
def test_the_code_survives_another_worker_and_a_cache_flush(client):
    """Each gunicorn worker had its own LocMemCache: a code sent by one was unknown to the next."""
    user = register(client)
    cache.clear()
    activation.activate_with_code(CODE, sent_code())
    user.refresh_from_db()
    assert user.is_activated


@pytest.mark.django_db
def test_a_code_works_once_and_an_older_code_dies_with_a_resend(client):
    user = register(client)
    first = sent_code()
    user.one_time_codes.update(created_at=user.one_time_codes.get().created_at - timedelta(minutes=1))  # later
    client.post("/accounts/activate/resend/", {"username": CODE, "captcha_0": "k", "captcha_1": "PASSED"})
    second = sent_code()
    if first != second:
        with pytest.raises(activation.ActivationError):
            activation.activate_with_code(CODE, first)
    activation.activate_with_code(CODE, second)
    user.refresh_from_db()
    assert user.is_activated
    with pytest.raises(activation.ActivationError):
        activation.activate_with_code(CODE, second)


@pytest.mark.django_db
def test_codes_expire(client):
    user = register(client)
    user.one_time_codes.update(expires_at=user.one_time_codes.get().created_at)
    with pytest.raises(activation.ActivationError):
        activation.activate_with_code(CODE, sent_code())
    user.refresh_from_db()
    assert not user.is_activated


@pytest.mark.django_db
def test_the_code_is_not_stored_in_clear(client):
    user = register(client)
    row = user.one_time_codes.get()
    assert sent_code() not in row.code_hash and len(row.code_hash) == 64
