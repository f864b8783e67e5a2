"""Models of the platform's outreach to members (kept apart from the consultation lifecycles):

- OpsNotification: a notification an operator writes in the admin (F-CONS-10) for a target audience,
  sent now or at a scheduled time as 站内信, exactly once; the table doubles as the send log.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    ENTERPRISES = "enterprises", _("全部企业会员")
    INSTITUTIONS = "institutions", _("全部金融机构用户")
    DEPARTMENTS = "departments", _("全部政府部门用户")
    GROUP = "group", _("指定用户组")
    USERS = "users", _("指定用户")


class NotificationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待发送")
    SENT = "sent", _("已发送")
    CANCELLED = "cancelled", _("已取消")


class OpsNotification(models.Model):
    title = models.CharField(_("通知标题"), max_length=120)
    body = models.TextField(_("通知内容"), max_length=2000)
    link = models.CharField(_("相关链接"), max_length=255, blank=True, help_text=_("选填，如 /policies/ 或完整网址"))
    audience = models.CharField(_("发送对象"), max_length=20, choices=Audience.choices, default=Audience.ENTERPRISES)
    group = models.ForeignKey("auth.Group", verbose_name=_("用户组"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("指定用户"), blank=True, related_name="+")
    send_at = models.DateTimeField(_("计划发送时间"), null=True, blank=True, db_index=True,
                                   help_text=_("留空表示立即发送"))
    status = models.CharField(_("状态"), max_length=20, choices=NotificationStatus.choices,
                              default=NotificationStatus.SCHEDULED, db_index=True)
    recipient_count = models.PositiveIntegerField(_("送达人数"), null=True, blank=True)
    sent_at = models.DateTimeField(_("实际发送时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("运营通知")
        verbose_name_plural = _("运营通知")

    def __str__(self):
        return self.title

