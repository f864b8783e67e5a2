"""Operations notifications (F-CONS-10): who a notification reaches, and sending it exactly once.

A notification is sent by :func:`send_notification`, from the composer ("send now") or from the
django-q2 schedule (:func:`consultations.tasks.send_due_notifications`, every minute) once its time has
come. The row is locked and its status checked inside the transaction that writes the messages, so
two workers, a retried job or a double click deliver it once.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from consultations.outreach_models import Audience, NotificationStatus, OpsNotification
from members import notify
from members.models import AccountCategory, FinancialInstitution, GovernmentDepartment, MessageKind


def recipients(notification):
    """The active accounts ``notification`` goes to, each once."""
    users = get_user_model().objects.filter(is_active=True)
    audience = notification.audience
    if audience == Audience.ENTERPRISES:
        users = users.filter(category=AccountCategory.ENTERPRISE)
    elif audience == Audience.INSTITUTIONS:
        groups = FinancialInstitution.objects.filter(is_active=True).exclude(group=None).values("group")
        users = users.filter(groups__in=groups)
    elif audience == Audience.DEPARTMENTS:
        departments = GovernmentDepartment.objects.all()
        users = users.filter(Q(groups__in=departments.values("authors"))
                             | Q(groups__in=departments.values("reviewers")))
    elif audience == Audience.GROUP:
        users = users.filter(groups=notification.group_id)
    else:
        users = users.filter(pk__in=notification.users.values("pk"))
    return users.distinct().order_by("pk")


def send_notification(notification, now=None):
    """Deliver ``notification`` as 站内信 if it is still waiting and due; returns the number of recipients
    reached now (0 when it was already sent, cancelled or is not due yet)."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = OpsNotification.objects.select_for_update().get(pk=notification.pk)
        if notification.status != NotificationStatus.SCHEDULED:
            return 0
        if notification.send_at is not None and notification.send_at > now:
            return 0
        count = 0
        for user in recipients(notification).iterator():
            # a bulk announcement: 站内信 only, no mail to every account
            notify.send(user, notification.title, notification.body, kind=MessageKind.SYSTEM,
                        link=notification.link, sender=notification.created_by, email=False)
            count += 1
        notification.status = NotificationStatus.SENT
        notification.sent_at = now
        notification.recipient_count = count
        notification.save(update_fields=["status", "sent_at", "recipient_count"])
        log(notification, "consultations.notification.send", user=notification.created_by,
            data={"recipients": count})
    return count


def cancel(notification, by):
    """Cancel a notification not sent yet; returns False when it has already gone out."""
    with transaction.atomic():
        notification = OpsNotification.objects.select_for_update().get(pk=notification.pk)
        if notification.status != NotificationStatus.SCHEDULED:
            return False
        notification.status = NotificationStatus.CANCELLED
        notification.save(update_fields=["status"])
        log(notification, "consultations.notification.cancel", user=by)
    return True


def due(now=None):
    now = now or timezone.now()
    return OpsNotification.objects.filter(status=NotificationStatus.SCHEDULED).filter(
        Q(send_at__isnull=True) | Q(send_at__lte=now)
    )
