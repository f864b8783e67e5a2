"""Admin screens of the operations-notification composer (F-CONS-10): the send log, the composer and
cancelling a scheduled notification. Platform staff only (level-1 and level-2 platform admins)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from consultations import outreach
from consultations.outreach_forms import NotificationForm
from consultations.outreach_models import OpsNotification
from members.roles import LEVEL2, in_group, is_platform_admin


def can_compose(user):
    return user.is_authenticated and user.is_active and (
        is_platform_admin(user) or in_group(user, LEVEL2)
    )


def _require_staff(request):
    if not can_compose(request.user):
        raise PermissionDenied


def notification_index(request):
    _require_staff(request)
    notifications = OpsNotification.objects.select_related("created_by", "group")
    page_obj = Paginator(notifications, 30).get_page(request.GET.get("p"))
    return TemplateResponse(request, "consultations/admin/notification_index.html", {"page_obj": page_obj})


def _create(form, user):
    """Save the composed notification once per rendered form (its submission key)."""
    key = form.cleaned_data["submission_key"]
    existing = OpsNotification.objects.filter(submission_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            notification = form.save(commit=False)
            notification.created_by = user
            notification.submission_key = key
            notification.save()
            notification.users.set(form.chosen_users)
            log(notification, "consultations.notification.create", user=user)
    except IntegrityError:
        return OpsNotification.objects.get(submission_key=key), False
    return notification, True


def notification_compose(request):
    _require_staff(request)
    form = NotificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        notification, created = _create(form, request.user)
        if notification.send_at is None or notification.send_at <= timezone.now():
            count = outreach.send_notification(notification)
            if created or count:
                messages.success(request, _("通知“%(title)s”已发送给 %(count)d 人。")
                                 % {"title": notification.title, "count": count})
        else:
            messages.success(request, _("通知“%(title)s”将于 %(time)s 发送。") % {
                "title": notification.title,
                "time": timezone.localtime(notification.send_at).strftime("%Y-%m-%d %H:%M")})
        return redirect("consultations_notifications:index")
    return TemplateResponse(request, "consultations/admin/notification_form.html", {"form": form})


@require_POST
def notification_cancel(request, pk):
    _require_staff(request)
    notification = get_object_or_404(OpsNotification, pk=pk)
    if outreach.cancel(notification, request.user):
        messages.success(request, _("已取消通知“%s”。") % notification.title)
    else:
        messages.error(request, _("通知“%s”已发送或已取消，无法再取消。") % notification.title)
    return redirect("consultations_notifications:index")
