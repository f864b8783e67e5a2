"""Interaction response (互动回应): items the public is waiting on, read from the apps below.

The consultations app lists its consultations, board messages and complaints (consultations/queries.py). An
item unanswered beyond the working-day limit is shown on the inspection panel and reported once. Overdue
consultations are reported by the consultations app itself (its overdue job, same deadline); this module
reports the others to the platform admins, under each item's ``overdue_key`` in the notify-once ledger.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.queries import unanswered
from core.workdays import workdays_between
from members import notify


@dataclass
class Waiting:
    kind: str
    title: str
    waiting_since: datetime.datetime
    admin_url: str
    obj: object
    overdue_key: str
    reported_here: bool = False  # reported by the app that owns it, not by the inspection
    working_days: int = 0
    escalated: bool = False


# each ``source(before)`` yields Unanswered rows (kind, title, waiting_since, admin_url, obj, overdue_key,
# reported_here) of the items still unanswered and waiting since before ``before``
SOURCES = (unanswered,)


def overdue_items(now=None, days=5):
    now = now or timezone.now()
    today = timezone.localdate(now)
    # working days are never fewer than calendar days: a cheap first cut
    before = now - datetime.timedelta(days=days)
    items = []
    for source in SOURCES:
        for row in source(before):
            item = Waiting(*row)
            item.working_days = workdays_between(timezone.localdate(item.waiting_since), today)
            if item.working_days > days:
                items.append(item)
    if items:
        reported = notify.sent_keys(item.overdue_key for item in items)
        for item in items:
            item.escalated = item.overdue_key in reported
    return sorted(items, key=lambda i: i.waiting_since)


def escalate(now=None, days=5):
    """Report each overdue item not reported by its own app to the platform admins once; returns the items
    reported now."""
    reported = []
    admins = list(notify.platform_admins())
    for item in overdue_items(now, days):
        if item.escalated or item.reported_here:
            continue
        if notify.notify_once(item.overdue_key, admins,
                              _("%(kind)s超时未答复：%(title)s") % {"kind": item.kind, "title": item.title},
                              _("已超过 %(days)d 个工作日未答复，请督促办理。") % {"days": item.working_days},
                              link=item.admin_url):
            reported.append(item)
    return reported
