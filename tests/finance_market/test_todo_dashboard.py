"""The admin home's to-do panels of the marketplace (issue 18): a bank sees what waits for it, counted at read
time (a deadline passed is overdue now, before the hourly job flags it), each count linking to a list that
shows exactly those applications; 人民银行 sees each bank's overdue notices; a bank sees no other bank's."""

import datetime
import re

import pytest
from django.utils import timezone

from finance_market.models import FeedbackNotice, LoanApplication
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db


def _panel_counts(html):
    return {key: int(count) for key, count in re.findall(
        r'data-todo="([\w-]+)">\s*<a href="[^"]*">[^<]*</a>\s*<strong[^>]*data-count="(\d+)"', html)}


def _panel_links(html):
    return dict(re.findall(r'data-todo="([\w-]+)">\s*<a href="([^"]*)"', html))


def test_bank_sees_overdue_application_as_soon_as_its_deadline_passes(client, market):
    late = submit(market.ent_a, market.product_a)
    LoanApplication.objects.filter(pk=late.pk).update(accept_due=timezone.localdate() - datetime.timedelta(days=1))
    on_time = submit(market.ent_b, market.product_a)  # due later: waiting, not overdue
    client.force_login(market.staff_a)
    html = client.get("/admin/").content.decode()
    counts = _panel_counts(html)
    assert counts["bank-waiting"] == 2
    assert counts["bank-overdue"] == 1
    late.refresh_from_db()
    assert late.accept_overdue_at is None  # the hourly job has not run: computed at read time
    listing = client.get(_panel_links(html)["bank-overdue"].replace("&amp;", "&")).content.decode()
    assert late.reference in listing and on_time.reference not in listing


def test_bank_does_not_count_another_banks_applications(client, market):
    submit(market.ent_a, market.product_b)
    client.force_login(market.staff_a)
    assert _panel_counts(client.get("/admin/").content.decode())["bank-waiting"] == 0


def test_supervisor_sees_overdue_notices_per_bank_and_no_bank_panel(client, market):
    from finance_market import lifecycle

    application = submit(market.ent_a, market.product_a)
    lifecycle.apply_transition(application, "accept", market.staff_a)
    lifecycle.apply_transition(application, "refuse", market.staff_a, reason=market.reason, note="资料不全")
    FeedbackNotice.objects.filter(application=application).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(market.supervisor)
    html = client.get("/admin/").content.decode()
    counts = _panel_counts(html)
    assert counts["pbc-overdue-notices"] == 1
    assert "bank-waiting" not in counts
    assert "甲银行" in html


def test_bank_staff_see_no_supervision_or_platform_panel(client, market):
    client.force_login(market.staff_a)
    counts = _panel_counts(client.get("/admin/").content.decode())
    assert not any(key.startswith(("pbc-", "platform-")) for key in counts)
