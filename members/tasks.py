"""Scheduled jobs of members (django-q2, see migration 0004).

remind_profile_updates (F-REG-13): once per half-year each certified enterprise is asked to check its
information. The reminder goes through the notify-once ledger (key ``profile-reminder:members.enterprise:
<pk>:<period>``), so re-running the daily job, or two workers racing, sends nothing twice.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from members import notify
from members.models import CertificationStatus, Enterprise, MessageKind


def period_of(day):
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def reminder_key(enterprise, period):
    return notify.key_for("profile-reminder", enterprise, period)


def remind_profile_updates(today=None):
    """Remind every certified, active enterprise not yet reminded this period; returns how many were."""
    period = period_of(today or timezone.localdate())
    due = (Enterprise.objects.filter(status=CertificationStatus.CERTIFIED, account__is_active=True,
                                     account__cancelled_at__isnull=True).select_related("account"))
    by_key = {reminder_key(enterprise, period): enterprise for enterprise in due}
    sent = 0
    for key in by_key.keys() - notify.sent_keys(by_key):
        enterprise = by_key[key]
        if notify.notify_once(key, enterprise.account, _("请及时更新企业信息"),
                              _("为便于金融机构准确匹配贷款产品，请核对并更新贵企业的行业、镇街、人数、经营数据等信息；"
                                "法定代表人、注册资本的变更需经平台审核。"),
                              kind=MessageKind.SYSTEM, link="/member/profile/"):
            sent += 1
    return sent
