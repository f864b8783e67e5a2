"""One-time codes and request counters, kept in the database so that every worker process sees the same
ones and the limits hold under parallel requests (members.one_time_codes, .ratelimit)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodePurpose(models.TextChoices):
    ACTIVATION = "activation", _("账号激活")
    PASSWORD_RESET = "password_reset", _("找回密码")


class OneTimeCode(models.Model):
    """A short code sent to the account holder (by SMS), good for one purpose, a few tries and minutes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="one_time_codes")
    purpose = models.CharField(_("用途"), max_length=20, choices=CodePurpose.choices)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"), db_index=True)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose"], name="members_code_user_purpose")]
        verbose_name = _("一次性验证码")
        verbose_name_plural = _("一次性验证码")

    def __str__(self):
        return f"{self.user_id} {self.purpose}"


class RequestCounter(models.Model):
    """How often something was asked for in one time window (key = what + window; the value is hashed)."""

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
