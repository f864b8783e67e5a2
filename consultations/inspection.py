"""What this app tells the website inspection (inspection): items the public is waiting on."""

from django.db.models import Q
from django.utils.translation import gettext as _

from consultations import lifecycle
from consultations.models import BoardPost, BoardStatus, Complaint, ComplaintStatus, Consultation, ConsultationStatus
from inspection.interaction import Waiting


def unanswered(before):
    """Consultations waiting for an answer, board messages without a reply, complaints not yet resolved."""
    for c in Consultation.objects.filter(status__in=[ConsultationStatus.SUBMITTED, ConsultationStatus.ACCEPTED],
                                         waiting_since__lt=before):
        yield Waiting(_("在线咨询"), c.title, c.waiting_since, lifecycle.admin_url(c), c)
    posts = BoardPost.objects.filter(Q(status=BoardStatus.PENDING) | Q(status=BoardStatus.APPROVED),
                                     reply="", created_at__lt=before)
    for post in posts:
        yield Waiting(_("留言"), post.title, post.created_at, lifecycle.admin_url(post), post)
    open_statuses = [ComplaintStatus.SUBMITTED, ComplaintStatus.ACCEPTED, ComplaintStatus.PROCESSING]
    for complaint in Complaint.objects.filter(status__in=open_statuses, created_at__lt=before):
        yield Waiting(complaint.get_kind_display(), complaint.title, complaint.created_at,
                      lifecycle.admin_url(complaint), complaint)
