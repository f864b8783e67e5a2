"""The enterprise's panel on the member centre's overview (/member/): its applications by status, the
deadlines the banks must meet on the open ones, and shortcuts to 我要贷款, 融资需求 and the cart."""

from django.db.models import Count
from django.utils import timezone

from finance_market.choices import ApplicationStatus
from finance_market.models import CartItem, FinancingNeed, LoanApplication

DEADLINES_SHOWN = 5


def summary_for(user):
    """The panel's context for an enterprise account; None for anyone else (no panel)."""
    enterprise = getattr(user, "enterprise", None) if getattr(user, "is_enterprise", False) else None
    if enterprise is None:
        return None
    applications = LoanApplication.objects.filter(enterprise=enterprise)
    counts = dict(applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices]
    return {
        "enterprise": enterprise,
        "by_status": by_status,
        "total": sum(counts.values()),
        "deadlines": _deadlines(applications),
        "to_supplement": applications.filter(status=ApplicationStatus.INFO_REQUESTED)[:DEADLINES_SHOWN],
        "cart_count": CartItem.objects.filter(enterprise=enterprise).count(),
        "need_count": FinancingNeed.objects.filter(enterprise=enterprise).count(),
        "today": timezone.localdate(),
    }


def _deadlines(applications):
    """The open applications with the date the bank must act by: 受理 while submitted, 审批 after."""
    rows = []
    waiting = applications.filter(status=ApplicationStatus.SUBMITTED, accept_due__isnull=False)
    for app in waiting.order_by("accept_due")[:DEADLINES_SHOWN]:
        rows.append((app.accept_due, "accept", app))
    deciding = applications.filter(status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.RESUBMITTED],
                                   decide_due__isnull=False)
    for app in deciding.order_by("decide_due")[:DEADLINES_SHOWN]:
        rows.append((app.decide_due, "decide", app))
    rows.sort(key=lambda row: (row[0], row[2].pk))
    return rows[:DEADLINES_SHOWN]
