"""What members/notify.py remembers: which "tell once" notifications went out, and who wants e-mail alerts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotifiedOnce(models.Model):
    """One notification that must go out only once, by its key (``<purpose>:<app_label.model>:<pk>[:<state>]``).

    The row is inserted in the same transaction as the 站内信; the unique key makes a job run twice, or two
    jobs racing, send once."""

    key = models.CharField(_("提醒键"), max_length=200, unique=True)
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("一次性提醒记录")
        verbose_name_plural = _("一次性提醒记录")

    def __str__(self):
        return self.key


class AlertPreference(models.Model):
    """Whether an account wants e-mail alerts beside its 站内信 (F-CONS-11; no row means yes) and SMS on its loan
    applications' status changes (issue 22; opt-in: no row means no)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference")
    email_alerts = models.BooleanField(_("接收邮件提醒"), default=True,
                                       help_text=_("收到站内信（贷款申请、咨询、投诉有答复或状态变化，或有新事项需要您处理）时，同时发送邮件提醒"))
    sms_status_alerts = models.BooleanField(
        _("短信提醒贷款申请状态变化"), default=False,
        help_text=_("银行受理、要求补充材料、签约或未通过时，向账号绑定的手机号码发送短信"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")

    def __str__(self):
        return str(self.user)
