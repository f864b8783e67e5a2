"""Deadlines in working days, the scheduled overdue scan (run synchronously), urging and notice reporting."""

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule

from finance_market import lifecycle
from finance_market.lifecycle import TransitionError, apply_transition, report_notice, urge
from finance_market.models import FeedbackNotice, MarketSettings, Urge
from finance_market.tasks import scan_overdue
from members.models import Message, MessageKind
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def test_accept_deadline_skips_the_national_day_holiday(market):
    app = submit(market.ent_a, market.product_a, now=at(2026, 9, 30))
    assert app.accept_due == dt.date(2026, 10, 10)  # 3 working days: 10-08, 10-09, 10-10 (调休 Saturday)


def test_deadline_settings_are_used(market):
    settings = MarketSettings.load()
    settings.accept_within_days, settings.decide_within_days = 1, 2
    settings.save()
    app = submit(market.ent_a, market.product_a, now=at(2026, 11, 20))
    assert app.accept_due == dt.date(2026, 11, 23)
    app = apply_transition(app, "accept", market.staff_a, now=at(2026, 11, 23))
    assert app.decide_due == dt.date(2026, 11, 25)


def test_feedback_notice_is_due_three_working_days_after_the_decision(market):
    app = submit(market.ent_a, market.product_a, now=at(2026, 9, 25))
    app = apply_transition(app, "accept", market.staff_a, now=at(2026, 9, 28))
    app = apply_transition(app, "refuse", market.staff_a, reason=market.reason, now=at(2026, 9, 29))
    assert FeedbackNotice.objects.get(application=app).due_date == dt.date(2026, 10, 9)


def test_overdue_scan_marks_and_alerts_once(market):
    late = submit(market.ent_a, market.product_a, now=at(2026, 11, 2))  # due 11-05
    on_time = submit(market.ent_b, market.product_b, now=at(2026, 11, 9))  # due 11-12
    counts = scan_overdue(today=dt.date(2026, 11, 9))
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert counts == {"accept": 1, "decide": 0, "notice": 0}
    assert late.accept_overdue_at and late.is_overdue and not on_time.accept_overdue_at
    alerts = Message.objects.filter(kind=MessageKind.URGE, title__contains=late.reference)
    assert {m.recipient for m in alerts} == {market.staff_a, market.supervisor}
    assert scan_overdue(today=dt.date(2026, 11, 10)) == {"accept": 0, "decide": 0, "notice": 0}
    assert Message.objects.filter(kind=MessageKind.URGE, title__contains=late.reference).count() == 2


def test_overdue_scan_finds_late_decisions_and_unreported_notices(market):
    deciding = apply_transition(submit(market.ent_a, market.product_a, now=at(2026, 11, 2)), "accept",
                                market.staff_a, now=at(2026, 11, 2))  # decide by 11-16
    decided = submit(market.ent_b, market.product_b, now=at(2026, 11, 2))
    decided = apply_transition(decided, "accept", market.staff_b, now=at(2026, 11, 2))
    apply_transition(decided, "sign", market.staff_b, credit_amount=100, now=at(2026, 11, 3))  # report by 11-06
    assert scan_overdue(today=dt.date(2026, 11, 17)) == {"accept": 0, "decide": 1, "notice": 1}
    deciding.refresh_from_db()
    assert deciding.decide_overdue_at is not None
    assert FeedbackNotice.objects.get(application=decided).overdue_at is not None


def test_reported_notice_is_not_overdue(market):
    app = apply_transition(submit(market.ent_a, market.product_a, now=at(2026, 11, 2)), "accept", market.staff_a,
                           now=at(2026, 11, 2))
    app = apply_transition(app, "sign", market.staff_a, credit_amount=100, now=at(2026, 11, 3))
    report_notice(app.feedback_notice, market.staff_a)
    assert Message.objects.filter(recipient=market.supervisor, title__contains="反馈通知书").exists()
    assert scan_overdue(today=dt.date(2026, 11, 30))["notice"] == 0


def test_only_the_institution_reports_its_notice(market):
    app = apply_transition(submit(market.ent_a, market.product_a), "accept", market.staff_a)
    app = apply_transition(app, "sign", market.staff_a, credit_amount=100)
    for outsider in (market.staff_b, market.ent_a.account, market.supervisor):
        with pytest.raises(TransitionError):
            report_notice(app.feedback_notice, outsider)


def test_the_scan_is_scheduled_with_django_q():
    assert Schedule.objects.filter(func="finance_market.tasks.scan_overdue").exists()
    assert Schedule.objects.filter(func="members.workdays.warn_missing_schedule").exists()


def test_supervisor_urges_and_the_bank_is_told(market, application):
    urge(application, market.supervisor, "请尽快受理")
    record = Urge.objects.get()
    assert (record.by, record.note) == (market.supervisor, "请尽快受理")
    assert Message.objects.filter(recipient=market.staff_a, kind=MessageKind.URGE, body="请尽快受理").exists()


def test_bank_and_enterprise_cannot_urge(market, application):
    for user in (market.staff_a, market.staff_b, market.ent_a.account):
        with pytest.raises(TransitionError):
            urge(application, user, "催")
    assert not Urge.objects.exists()


def test_urge_from_the_admin_page(client, market, application):
    client.force_login(market.level1)
    client.post(f"/admin/market/applications/{application.pk}/urge/", {"urge-note": "已超时请处理"})
    assert Urge.objects.filter(application=application, by=market.level1).exists()


def test_closed_application_cannot_be_urged(market, application):
    lifecycle.apply_transition(application, "withdraw", market.ent_a.account)
    with pytest.raises(TransitionError):
        urge(application, market.supervisor, "催")


def test_waiting_for_material_across_national_day_extends_the_decide_deadline(market):
    settings = MarketSettings.load()
    settings.decide_within_days = 5
    settings.save()
    app = submit(market.ent_a, market.product_a, now=at(2026, 9, 21))
    app = apply_transition(app, "accept", market.staff_a, now=at(2026, 9, 21))
    assert app.decide_due == dt.date(2026, 9, 29)  # 09-22, 09-23, 09-24, 09-28, 09-29 (中秋 09-25 off)
    app = apply_transition(app, "request_info", market.staff_a, note="请补充近三月流水", now=at(2026, 9, 24))
    # waiting 09-24 → 10-09 cost 5 working days: 09-28, 09-29, 09-30, 10-08, 10-09 (国庆 10-01…10-07 off)
    app = apply_transition(app, "resubmit", market.ent_a.account, note="已补充", now=at(2026, 10, 9))
    # 5 working days after 09-29: 09-30, 10-08, 10-09, 10-10 (调休 Saturday), 10-12
    assert app.decide_due == dt.date(2026, 10, 12)
    staff_message = Message.objects.filter(recipient=market.staff_a, title__contains="提交补充材料").get()
    assert "2026-10-12" in staff_message.body


def test_no_decide_overdue_while_waiting_for_the_enterprise(market):
    app = apply_transition(submit(market.ent_a, market.product_a, now=at(2026, 11, 2)), "accept", market.staff_a,
                           now=at(2026, 11, 2))  # decide by 11-16
    app = apply_transition(app, "request_info", market.staff_a, note="请补充材料", now=at(2026, 11, 3))
    assert scan_overdue(today=dt.date(2026, 11, 30))["decide"] == 0
    app = apply_transition(app, "resubmit", market.ent_a.account, note="已补充", now=at(2026, 12, 1))
    assert app.decide_due > dt.date(2026, 12, 1)
    assert scan_overdue(today=dt.date(2026, 12, 2))["decide"] == 0
