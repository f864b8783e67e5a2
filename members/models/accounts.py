"""Accounts. Every account has exactly one category, which decides its menus (F-REG-1).

An account's institution or department is derived from its groups, so a platform admin who
adds a user to 「某银行·机构用户」 in Wagtail's user editor has done everything needed.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class AccountCategory(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业及其他组织")
    INSTITUTION = "institution", _("金融机构")
    DEPARTMENT = "department", _("政府部门")
    PLATFORM = "platform", _("平台管理")


class RegistrationSource(models.TextChoices):
    PC = "pc", _("PC端")
    WECHAT = "wechat", _("公众号")
    ADMIN = "admin", _("管理员创建")


class User(AbstractUser):
    category = models.CharField(_("账号类别"), max_length=20, choices=AccountCategory.choices,
                                default=AccountCategory.PLATFORM, db_index=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    registration_source = models.CharField(_("注册来源"), max_length=10, choices=RegistrationSource.choices,
                                           default=RegistrationSource.ADMIN)
    # F-REG-4: self-registered accounts start unactivated until the e-mail link or SMS code is confirmed.
    # ``is_active`` stays the platform's 启用/停用 switch (F-REG-14).
    is_activated = models.BooleanField(_("已激活"), default=True,
                                       help_text=_("自助注册的账号须通过邮件链接或短信验证码激活后才能登录"))
    activated_at = models.DateTimeField(_("激活时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("注销时间"), null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def institution(self):
        """The FinancialInstitution whose group this account belongs to, or None."""
        from members.models.directory import FinancialInstitution

        return FinancialInstitution.objects.filter(group__user=self).first()

    @cached_property
    def department(self):
        """The GovernmentDepartment whose author or reviewer group this account belongs to, or None."""
        from members.models.directory import GovernmentDepartment

        return (
            GovernmentDepartment.objects.filter(models.Q(authors__user=self) | models.Q(reviewers__user=self))
            .distinct()
            .first()
        )

    @property
    def is_enterprise(self):
        return self.category == AccountCategory.ENTERPRISE
