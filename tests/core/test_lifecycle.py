"""The lifecycle engine (core.lifecycle) on its own: a small machine over loan applications, apart from the
marketplace's table, so each guarantee is seen without the domain's rules in the way."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from core import lifecycle as engine
from core.models import LifecycleEvent
from finance_market import lifecycle as market_lifecycle
from finance_market.choices import ApplicationStatus as S
from finance_market.models import LoanApplication
from members.models import Enterprise
from tests.factories.members import EnterpriseFactory, InstitutionFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def test_log_actions():
    """Wagtail's audit log takes registered actions only: register this file's two for its duration."""
    registry.scan_for_actions()
    actions = {"enginetest.accept": "受理", "enginetest.note": "备注"}
    for action, label in actions.items():
        registry.register_action(action, label, label)
    yield
    for action in actions:
        registry.formatters.pop(action, None)
    registry.choices[:] = [choice for choice in registry.choices if choice[0] not in actions]


@pytest.fixture
def clerk():
    return UserFactory(username="clerk")


@pytest.fixture
def application():
    enterprise = EnterpriseFactory(certified=True)
    return market_lifecycle.submit(
        enterprise=enterprise, institution=InstitutionFactory(), by=enterprise.account, amount=Decimal("1000000"),
        term_months=12, purpose="补充流动资金", contact_person="张三", contact_phone="13800000000")


def machine(clerk, **callbacks):
    """Two steps, taken only by ``clerk``: accept (submitted → accepted) and note (keeps the status)."""
    transitions = {t.action: t for t in (
        engine.Transition("accept", "受理", (S.SUBMITTED,), S.ACCEPTED, "clerk"),
        engine.Transition("note", "备注", (S.SUBMITTED, S.ACCEPTED), None, "clerk"),
    )}
    return engine.Machine(model=LoanApplication, log_prefix="enginetest", transitions=transitions,
                          is_actor=lambda transition, obj, user: user == clerk, **callbacks)


def snapshot(application):
    application.refresh_from_db()
    return (application.status, application.accepted_at,
            list(engine.history(application).values_list("action", flat=True)),
            ModelLogEntry.objects.filter(object_id=str(application.pk), action__startswith="enginetest.").count())


def test_a_step_changes_the_status_and_writes_one_history_row_and_one_log_entry(application, clerk):
    seen = {}

    def effect(transition, obj, by, note, now, **payload):
        obj.accepted_at = now
        seen["payload"] = payload
        return {"why": "ok"}

    def after(transition, obj, by, note, now, **payload):
        seen["after"] = (obj.status, note)

    before = engine.history(application).count()
    result = engine.apply(machine(clerk, effect=effect, after=after), application, "accept", clerk,
                          note="已受理", amount=3)
    application.refresh_from_db()
    assert result.status == application.status == S.ACCEPTED and application.accepted_at is not None
    assert seen == {"payload": {"amount": 3}, "after": (S.ACCEPTED, "已受理")}
    steps = list(engine.history(application))
    assert len(steps) == before + 1
    last = steps[-1]
    assert (last.action, last.from_status, last.to_status, last.actor, last.note, last.data) == (
        "accept", S.SUBMITTED, S.ACCEPTED, clerk, "已受理", {"why": "ok"})
    entries = ModelLogEntry.objects.filter(object_id=str(application.pk), action="enginetest.accept")
    assert entries.count() == 1
    assert entries.get().data == {"from": S.SUBMITTED, "to": S.ACCEPTED, "why": "ok"}


def test_a_step_without_target_keeps_the_status_and_is_still_recorded(application, clerk):
    engine.apply(machine(clerk), application, "note", clerk, note="电话沟通")
    assert snapshot(application)[0] == S.SUBMITTED
    last = engine.history(application).last()
    assert (last.action, last.from_status, last.to_status) == ("note", S.SUBMITTED, S.SUBMITTED)


def test_unknown_action_is_refused_and_changes_nothing(application, clerk):
    before = snapshot(application)
    with pytest.raises(engine.TransitionError, match="不支持的操作：approve"):
        engine.apply(machine(clerk), application, "approve", clerk)
    assert snapshot(application) == before


def test_wrong_actor_is_refused_and_changes_nothing(application, clerk):
    before = snapshot(application)
    with pytest.raises(engine.TransitionError, match="您无权执行“受理”"):
        engine.apply(machine(clerk), application, "accept", UserFactory(username="stranger"))
    assert snapshot(application) == before


def test_the_domain_chooses_the_refusal_for_a_wrong_actor(application, clerk):
    strict = machine(clerk, forbidden=lambda transition, obj: PermissionDenied())
    with pytest.raises(PermissionDenied):
        engine.apply(strict, application, "accept", UserFactory(username="stranger"))
    assert snapshot(application)[0] == S.SUBMITTED


def test_wrong_source_status_is_refused_and_changes_nothing(application, clerk):
    LoanApplication.objects.filter(pk=application.pk).update(status=S.SIGNED)
    before = snapshot(application)
    with pytest.raises(engine.TransitionError, match="当前状态为“审批通过（已签约）”，不能受理"):
        engine.apply(machine(clerk), application, "accept", clerk)
    assert snapshot(application) == before


def test_the_status_is_read_from_the_locked_row_not_the_callers_copy(application, clerk):
    stale = LoanApplication.objects.get(pk=application.pk)
    engine.apply(machine(clerk), application, "accept", clerk)
    assert stale.status == S.SUBMITTED  # the caller's copy still says 已提交…
    with pytest.raises(engine.TransitionError):  # …but the second accept sees the row as it is now
        engine.apply(machine(clerk), stale, "accept", clerk)
    assert list(engine.history(application).values_list("action", flat=True)) == ["submit", "accept"]


def test_the_row_is_locked_for_update_inside_the_transaction(application, clerk):
    locked = []
    real = QuerySet.select_for_update

    def spy(queryset, *args, **kwargs):
        locked.append((queryset.model, connection.in_atomic_block))
        return real(queryset, *args, **kwargs)

    with mock.patch.object(QuerySet, "select_for_update", spy), CaptureQueriesContext(connection) as queries:
        engine.apply(machine(clerk), application, "accept", clerk)
    expected = [(LoanApplication, True)]
    if connection.features.has_select_for_update:  # then its enterprise, for the kept report figures
        expected.append((Enterprise, True))
    assert locked == expected
    if connection.features.has_select_for_update:  # PostgreSQL: the statement itself says so
        table = LoanApplication._meta.db_table
        assert any(table in q["sql"] and "FOR UPDATE" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("failing", ["check", "effect", "after"])
def test_a_callback_that_raises_leaves_no_history_no_status_change_no_log_entry(application, clerk, failing):
    def boom(transition, obj, by, note, *args, **payload):
        obj.accepted_at = obj.submitted_at  # a change in flight, to be thrown away
        raise Boom

    before = snapshot(application)
    with pytest.raises(Boom):
        engine.apply(machine(clerk, **{failing: boom}), application, "accept", clerk, note="x")
    assert snapshot(application) == before
    assert not LifecycleEvent.objects.filter(action="accept").exists()


def test_a_repeated_submission_key_is_a_no_op(application, clerk):
    key = "6f1c2f8e-33a6-4d1e-9d9f-2f3f0c2b7a11"
    engine.apply(machine(clerk), application, "note", clerk, note="一次", key=key)
    once = snapshot(application)
    engine.apply(machine(clerk), application, "note", clerk, note="一次", key=key)
    assert snapshot(application) == once


def test_history_lists_the_steps_of_one_item_in_order(application, clerk):
    other = market_lifecycle.submit(
        enterprise=EnterpriseFactory(certified=True), institution=InstitutionFactory(), by=clerk,
        amount=Decimal("1000000"), term_months=12, purpose="x", contact_person="李四", contact_phone="13900000000")
    engine.apply(machine(clerk), application, "note", clerk, note="一")
    engine.apply(machine(clerk), other, "note", clerk, note="别的申请")
    engine.apply(machine(clerk), application, "accept", clerk, note="二")
    assert [(e.action, e.note) for e in engine.history(application)] == [("submit", ""), ("note", "一"),
                                                                         ("accept", "二")]
    assert list(engine.steps(LoanApplication, ["note"]).values_list("note", flat=True)) == ["一", "别的申请"]


def test_history_rows_name_their_action_and_statuses(application):
    market_lifecycle.apply_transition(application, "withdraw", application.enterprise.account)
    last = engine.history(application).last()
    assert (str(last.get_action_display()), str(last.get_from_status_display()),
            str(last.get_to_status_display())) == ("撤回申请", "已提交，待受理", "已撤回")
