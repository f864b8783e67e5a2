"""Interaction response (互动回应): items the public is waiting on, read from the apps below.

The consultations app lists its consultations, board messages and complaints (consultations/queries.py). An
item unanswered beyond the working-day limit is shown on the inspection panel and reported to the platform
admins once.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.queries import unanswered
from core.workdays import workdays_between
from inspection.models import Escalation
from inspection.recipients import platform_admins
from members.services import send_message


@dataclass
class Waiting:
    kind: str
    title: str
    waiting_since: datetime.datetime
    admin_url: str
    obj: object
    working_days: int = 0
    escalated: bool = False


# each ``source(before)`` yields (kind, title, waiting_since, admin_url, obj) of the items still unanswered
# and waiting since before ``before``
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
        escalated = set(Escalation.objects.values_list("content_type_id", "object_id"))
        for item in items:
            key = (ContentType.objects.get_for_model(item.obj).pk, str(item.obj.pk))
            item.escalated = key in escalated
    return sorted(items, key=lambda i: i.waiting_since)


def escalate(now=None, days=5):
    """Report each overdue item to the platform admins once; returns the items reported now."""
    reported = []
    admins = list(platform_admins())
    for item in overdue_items(now, days):
        if item.escalated:
            continue
        try:
            with transaction.atomic():
                Escalation.objects.create(content_type=ContentType.objects.get_for_model(item.obj),
                                          object_id=str(item.obj.pk))
                for admin in admins:
                    send_message(admin, _("%(kind)s超时未答复：%(title)s") % {"kind": item.kind, "title": item.title},
                                 _("已超过 %(days)d 个工作日未答复，请督促办理。") % {"days": item.working_days},
                                 link=item.admin_url)
        except IntegrityError:  # another run reported it first
            continue
        reported.append(item)
    return reported
