"""Keeping the enterprise informed (issue 19): 已超期 computed from the deadline, a 催办 by 人民银行 in the
enterprise's 办理记录, and the enterprise's own 催办, once per working day after the deadline."""

import datetime as dt

import pytest
from django.utils import timezone

from finance_market.lifecycle import TransitionError, apply_transition, enterprise_urge, urge
from finance_market.models import Urge
from members.models import Message, MessageKind
from tests.finance_market.conftest import submit
from tests.refusals import assert_not_found, assert_redirects_to

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def overdue(market):
    """ent_a's application submitted six weeks ago, never accepted: its accept deadline is long past."""
    return submit(market.ent_a, market.product_a, now=timezone.now() - dt.timedelta(days=42))


def _detail(client, app):
    return client.get(app.get_member_url()).content.decode()


def test_overdue_application_shows_overdue_in_the_list_and_the_detail(client, market, overdue):
    on_time = submit(market.ent_a, market.product_a)
    client.force_login(market.ent_a.account)
    rows = client.get("/member/applications/").content.decode().split("<tr>")
    [late_row] = [row for row in rows if overdue.reference in row]
    [on_time_row] = [row for row in rows if on_time.reference in row]
    assert "已超期" in late_row and "已超期" not in on_time_row
    assert 'id="application-overdue"' in _detail(client, overdue)
    assert "已超期" not in _detail(client, on_time)


def test_overdue_is_read_from_the_deadline_without_the_scan_job(market):
    app = submit(market.ent_a, market.product_a, now=at(2026, 11, 2))  # accept by 11-05
    assert app.accept_overdue_at is None  # the scan never ran
    assert not app.is_overdue_on(dt.date(2026, 11, 5)) and app.is_overdue_on(dt.date(2026, 11, 6))
    app = apply_transition(app, "accept", market.staff_a, now=at(2026, 11, 9))  # decide by 11-23
    assert not app.is_overdue_on(dt.date(2026, 11, 10)) and app.is_overdue_on(dt.date(2026, 11, 24))


def test_waiting_for_the_enterprises_material_is_never_overdue(market):
    app = apply_transition(submit(market.ent_a, market.product_a, now=at(2026, 11, 2)), "accept", market.staff_a,
                           now=at(2026, 11, 2))
    app = apply_transition(app, "request_info", market.staff_a, note="请补充流水", now=at(2026, 11, 3))
    assert not app.is_overdue_on(dt.date(2026, 12, 31))


def test_supervisors_urge_appears_in_the_enterprises_progress_trail(client, market, application):
    urge(application, market.supervisor, "请尽快受理")
    client.force_login(market.ent_a.account)
    trail = _detail(client, application).split("办理记录")[1]
    assert "人民银行催办：请尽快受理" in trail


def test_enterprise_urges_its_overdue_application_and_the_bank_is_told(client, market, overdue):
    client.force_login(market.ent_a.account)
    response = client.post(f"{overdue.get_member_url()}urge/", {"note": "资金周转急需"})
    assert_redirects_to(response, overdue.get_member_url())
    assert Urge.objects.filter(application=overdue, by=market.ent_a.account).count() == 1
    told = Message.objects.get(recipient=market.staff_a, kind=MessageKind.URGE)
    assert overdue.reference in told.title and "资金周转急需" in told.body
    body = _detail(client, overdue)
    assert "企业催办：资金周转急需" in body.split("办理记录")[1]
    assert "已催办，银行将收到提醒。" in body


def test_second_urge_the_same_working_day_is_refused_with_a_clear_message(client, market, overdue):
    client.force_login(market.ent_a.account)
    client.post(f"{overdue.get_member_url()}urge/", {"note": ""})
    response = client.post(f"{overdue.get_member_url()}urge/", {"note": "再催"}, follow=True)
    assert "您已催办过，每个工作日只能催办一次" in response.content.decode()
    assert Urge.objects.filter(application=overdue).count() == 1
    assert Message.objects.filter(recipient=market.staff_a, kind=MessageKind.URGE).count() == 1


def test_urge_button_is_not_offered_before_the_deadline_and_a_post_is_refused(client, market, application):
    client.force_login(market.ent_a.account)
    assert f"{application.get_member_url()}urge/" not in _detail(client, application)
    response = client.post(f"{application.get_member_url()}urge/", {"note": "催"}, follow=True)
    assert "尚未届满，期限过后才能催办" in response.content.decode()
    assert not Urge.objects.exists()
    assert not Message.objects.filter(kind=MessageKind.URGE).exists()


def test_enterprise_cannot_urge_another_enterprises_application(client, market, overdue):
    client.force_login(market.ent_b.account)
    assert_not_found(client.post(f"{overdue.get_member_url()}urge/", {"note": "催"}))
    with pytest.raises(TransitionError):
        enterprise_urge(overdue, market.ent_b.account)
    assert not Urge.objects.exists()


def test_bank_cannot_urge_as_the_enterprise(market, overdue):
    with pytest.raises(TransitionError):
        enterprise_urge(overdue, market.staff_a)
    assert not Urge.objects.exists()


def test_urge_counts_per_working_day_a_weekend_urge_counts_for_monday(market):
    app = submit(market.ent_a, market.product_a, now=at(2026, 11, 2))  # accept by 11-05
    with pytest.raises(TransitionError, match="尚未届满"):
        enterprise_urge(app, market.ent_a.account, now=at(2026, 11, 5))
    enterprise_urge(app, market.ent_a.account, now=at(2026, 11, 6))  # Friday
    enterprise_urge(app, market.ent_a.account, now=at(2026, 11, 7))  # Saturday: counts for Monday 11-09
    with pytest.raises(TransitionError, match="2026年11月10日"):
        enterprise_urge(app, market.ent_a.account, now=at(2026, 11, 9, 15))
    enterprise_urge(app, market.ent_a.account, now=at(2026, 11, 10))
    assert Urge.objects.filter(application=app).count() == 3


def test_closed_application_cannot_be_urged_by_the_enterprise(market, overdue):
    apply_transition(overdue, "withdraw", market.ent_a.account)
    with pytest.raises(TransitionError, match="已办结"):
        enterprise_urge(overdue, market.ent_a.account)
