"""Interaction response (互动回应): items the public is waiting on, from whichever apps register a source.

site_portal knows no app above it, so the consultations app registers its consultations, board messages and
complaints here (consultations/inspection.py). An item unanswered beyond the working-day limit is shown on
the inspection panel and reported to the platform admins once.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


_sources = []


def register(source):
    """``source(before)`` yields Waiting items still unanswered and waiting since before ``before``."""
    if source not in _sources:
        _sources.append(source)
    return source


def overdue_items(now=None, days=5):
    now = now or timezone.now()
    today = timezone.localdate(now)
    # working days are never fewer than calendar days: a cheap first cut
    before = now - datetime.timedelta(days=days)
    items = []
    for source in _sources:
        for item in source(before):
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
