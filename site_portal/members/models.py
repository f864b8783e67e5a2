"""Accounts. Every account has exactly one category, which decides its menus (F-REG-1)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountCategory(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业及其他组织")
    INSTITUTION = "institution", _("金融机构")
    DEPARTMENT = "department", _("政府部门")
    PLATFORM = "platform", _("平台管理")


class User(AbstractUser):
    category = models.CharField(_("账号类别"), max_length=20, choices=AccountCategory.choices,
                                default=AccountCategory.PLATFORM, db_index=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.get_full_name() or self.username
