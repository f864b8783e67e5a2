"""What happens to an account: 站内信, favourites, login log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    SYSTEM = "system", _("系统通知")
    REVIEW = "review", _("审核结果")
    APPLICATION = "application", _("贷款申请")
    URGE = "urge", _("催办")
    CONSULTATION = "consultation", _("咨询")


class Message(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE,
                                  related_name="inbox_messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发件人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=MessageKind.choices, default=MessageKind.SYSTEM)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("相关链接"), max_length=255, blank=True)
    is_read = models.BooleanField(_("已读"), default=False, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("站内信")
        verbose_name_plural = _("站内信")

    def __str__(self):
        return self.title


class Favourite(models.Model):
    """A bookmarked page of any type (news, a policy, a case, a loan product, a bank)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(_("收藏时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="unique_favourite")]
        verbose_name = _("收藏")
        verbose_name_plural = _("收藏")

    def __str__(self):
        return f"{self.user} → {self.page}"

    @property
    def kind(self):
        """The page's type as people call it (新闻, 政策, 融资案例, 金融机构 …), from the cached content types."""
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(self.page.content_type_id).model_class()
        return model._meta.verbose_name if model else ""


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    LOCKED = "locked", _("已锁定")
    LOGOUT = "logout", _("退出")


class LoginLog(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="login_logs")
    username = models.CharField(_("登录名"), max_length=150, db_index=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=LoginOutcome.choices, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)
    path = models.CharField(_("登录入口"), max_length=100, blank=True)
    timestamp = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")

    def __str__(self):
        return f"{self.username} {self.get_outcome_display()}"
