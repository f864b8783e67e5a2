"""What other apps read from this one.

The reports (a layer above) count answered consultations and the handlers' replies from here; the website
inspection (inspection/interaction.py) lists the items the public is waiting on from here: consultations,
board messages and complaints. Overdue consultations are reported by this app (tasks.flag_overdue_consultations,
at the one answer deadline of deadlines.py); the inspection reports the other items, each under its
``overdue_key`` in the notify-once ledger.
"""

import datetime
from typing import NamedTuple

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import lifecycle
from consultations.models import (
    BoardPost,
    BoardStatus,
    Complaint,
    ComplaintStatus,
    Consultation,
    ConsultationReply,
    ConsultationStatus,
)
from members import notify


class Unanswered(NamedTuple):
    kind: str
    title: str
    waiting_since: datetime.datetime
    admin_url: str
    obj: object
    overdue_key: str  # the notify-once key under which its overdue report is (or will be) recorded
    reported_here: bool = False  # this app reports it itself when overdue (consultations: tasks.py)


def unanswered(before):
    """Consultations waiting for an answer, board messages without a reply, complaints not yet resolved."""
    for c in Consultation.objects.filter(status__in=[ConsultationStatus.SUBMITTED, ConsultationStatus.ACCEPTED],
                                         waiting_since__lt=before):
        yield Unanswered(_("在线咨询"), c.title, c.waiting_since, lifecycle.admin_url(c), c,
                         lifecycle.overdue_key(c), reported_here=True)
    posts = BoardPost.objects.filter(Q(status=BoardStatus.PENDING) | Q(status=BoardStatus.APPROVED),
                                     reply="", created_at__lt=before)
    for post in posts:
        yield Unanswered(_("留言"), post.title, post.created_at, lifecycle.admin_url(post), post,
                         notify.key_for("overdue", post))
    open_statuses = [ComplaintStatus.SUBMITTED, ComplaintStatus.ACCEPTED, ComplaintStatus.PROCESSING]
    for complaint in Complaint.objects.filter(status__in=open_statuses, created_at__lt=before):
        yield Unanswered(complaint.get_kind_display(), complaint.title, complaint.created_at,
                         lifecycle.admin_url(complaint), complaint, notify.key_for("overdue", complaint))


def answered_consultations():
    """Consultations answered (and possibly closed since): the public 数据概览 counts them."""
    return Consultation.objects.filter(status__in=[ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED])


def handler_replies(start, end):
    """The replies the handlers (not the asker) wrote in [start, end): 答复咨询 in the workload report."""
    return ConsultationReply.objects.filter(from_handler=True, created_at__gte=start, created_at__lt=end)


def handler_todo(user):
    """What waits in ``user``'s queues (consultations.access): {key: count}; empty when they handle none."""
    from consultations import access

    todo = {}
    if access.has_queue(user, Consultation):
        consultations = access.handled(user, Consultation)
        todo["consultations_new"] = consultations.filter(status=ConsultationStatus.SUBMITTED).count()
        todo["consultations_open"] = consultations.filter(status=ConsultationStatus.ACCEPTED).count()
    if access.has_queue(user, Complaint):
        todo["complaints_new"] = access.handled(user, Complaint).filter(status=ComplaintStatus.SUBMITTED).count()
    return todo


class RequestStatus(NamedTuple):
    """One line of the home page's 诉求直达: a consultation as the public may see it (no asker, no question)."""

    addressee: str
    status: str  # 已解决 / 处理中 / 待受理
    status_key: str  # resolved / processing / waiting, for a CSS class
    created_at: datetime.datetime


PUBLIC_STATUS = {
    ConsultationStatus.SUBMITTED: ("waiting", gettext_lazy("待受理")),
    ConsultationStatus.ACCEPTED: ("processing", gettext_lazy("处理中")),
    ConsultationStatus.ANSWERED: ("resolved", gettext_lazy("已解决")),
    ConsultationStatus.CLOSED: ("resolved", gettext_lazy("已解决")),
}


def latest_requests(limit=5):
    """诉求直达 (home page): the newest consultations with their addressee and status, and how many are
    已解决 / 处理中 / 待受理. A consultation is private between an enterprise and its addressee, so its title,
    question and asker are not shown."""
    rows = Consultation.objects.select_related("institution", "expert", "department").order_by(
        "-created_at", "-pk")[:limit]
    items = []
    for c in rows:
        key, label = PUBLIC_STATUS[c.status]
        items.append(RequestStatus(str(c.addressee_name), str(label), key, c.created_at))
    counts = {"resolved": 0, "processing": 0, "waiting": 0}
    for row in Consultation.objects.values("status").annotate(n=Count("pk")):
        counts[PUBLIC_STATUS[row["status"]][0]] += row["n"]
    return {"items": items, "counts": counts}
