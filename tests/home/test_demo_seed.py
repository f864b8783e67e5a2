"""What `make run` builds works for every role on day one (issue 18): the demo's banks have a review chain that
needs no superuser, its notices are not dated in the future and every accepted application has its 审批期限."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.workdays import add_workdays
from finance_market.models import LoanApplication, LoanProductPage, MarketSettings
from policies.models import NewsPage

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def test_icbc_staff_change_is_approved_by_the_printed_reviewer_and_platform1(client, demo_site):
    staff, reviewer, platform = user("icbc_staff"), user("icbc_reviewer"), user("platform1")
    assert not (staff.is_superuser or reviewer.is_superuser or platform.is_superuser)
    product = LoanProductPage.objects.get(slug="jingying-kuaidai")
    assert product.institution == staff.institution == reviewer.institution
    assert product.permissions_for_user(staff).can_submit_for_moderation()
    product.title = "经营快贷（2027版）"
    product.save_revision(user=staff)
    product.get_workflow().start(product, staff)
    for approver, next_task in ((reviewer, "平台审核"), (platform, None)):
        state = LoanProductPage.objects.get(pk=product.pk).current_workflow_state
        client.force_login(approver)
        response = client.post(
            f"/admin/pages/workflow/action/{product.pk}/approve/{state.current_task_state.pk}/", {"comment": ""})
        assert response.status_code == 302
        state = LoanProductPage.objects.get(pk=product.pk).current_workflow_state
        assert (state.current_task_state.task.name if state else None) == next_task
    assert LoanProductPage.objects.get(pk=product.pk).title == "经营快贷（2027版）"


def test_demo_notices_are_not_dated_in_the_future(demo_site):
    assert NewsPage.objects.exists()
    assert not NewsPage.objects.filter(date__gt=timezone.localdate()).exists()


def test_every_accepted_demo_application_has_its_decision_deadline(demo_site):
    days = MarketSettings.load().decide_within_days
    accepted = LoanApplication.objects.filter(accepted_at__isnull=False)
    assert accepted.filter(status="accepted").exists()
    for application in accepted:
        assert application.decide_due == add_workdays(application.accepted_at, days), application.reference


def test_the_demo_history_has_happened_already(demo_site):
    # a decision, a 反馈通知书 report, an overdue flag or an urge dated after today shows a bank deciding in the future
    from django.db.models import Q

    from finance_market.models import FeedbackNotice, Urge

    now = timezone.now()
    history = LoanApplication.objects.filter(decided_at__isnull=False)
    assert history.exists() and FeedbackNotice.objects.exists() and Urge.objects.exists()
    assert not history.filter(Q(decided_at__gt=now) | Q(accepted_at__gt=now)).exists()
    assert not FeedbackNotice.objects.filter(Q(reported_at__gt=now) | Q(overdue_at__gt=now)
                                             | Q(generated_at__gt=now)).exists()
    assert not Urge.objects.filter(created_at__gt=now).exists()


def test_the_demo_reports_count_the_demo_history(demo_site):
    # the history is written in bulk; the figures kept per month and year must still count it (make run's 统计报表)
    from finance_market.choices import SIGNED_STATUSES
    from reports import periods, reports

    today = timezone.localdate()
    year = periods.year(today.year)
    kept = reports.totals(year)
    submitted = LoanApplication.objects.filter(submitted_at__gte=year.start, submitted_at__lt=year.end)
    assert kept["applications"] == submitted.count() > 0
    assert kept["signed"] == submitted.filter(status__in=SIGNED_STATUSES).count() > 0
