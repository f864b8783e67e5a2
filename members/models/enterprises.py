"""Enterprises: identity, certification state, matching profile, yearly figures and reviewed changes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.uscc import validate_uscc

validate_mobile = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位手机号码，如 13812345678。"), code="mobile")


class CertificationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    CERTIFIED = "certified", _("已认证")
    REJECTED = "rejected", _("未通过")


class Enterprise(models.Model):
    account = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE,
                                   related_name="enterprise")
    name = models.CharField(_("企业名称"), max_length=255)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc],
                                   error_messages={"unique": _("该统一社会信用代码已注册。")})
    legal_representative = models.CharField(_("法定代表人"), max_length=40, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("手机号码"), max_length=20, validators=[validate_mobile])
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("注册地址"), max_length=255, blank=True)

    industry = models.ForeignKey("members.Industry", verbose_name=_("所属行业"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="enterprises")
    region = models.ForeignKey("members.Region", verbose_name=_("所属镇街"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="enterprises")
    park = models.ForeignKey("members.Park", verbose_name=_("所在园区"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="enterprises")
    registered_capital = models.DecimalField(_("注册资本（元）"), max_digits=14, decimal_places=2, null=True,
                                             blank=True)
    headcount = models.PositiveIntegerField(_("参保人数"), null=True, blank=True)
    rd_staff = models.PositiveIntegerField(_("研发人员数"), null=True, blank=True)
    established_year = models.PositiveSmallIntegerField(_("成立年份"), null=True, blank=True)

    status = models.CharField(_("认证状态"), max_length=20, choices=CertificationStatus.choices,
                              default=CertificationStatus.PENDING, db_index=True)
    reject_reason = models.CharField(_("未通过原因"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("提交认证时间"), default=timezone.now)
    certified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        permissions = [
            ("certify_enterprise", _("审核企业认证")),
            ("view_sensitive_enterprise", _("查看企业完整联系方式和代码")),
        ]

    def __str__(self):
        return self.name

    @property
    def is_certified(self):
        return self.status == CertificationStatus.CERTIFIED

    @property
    def years_operating(self):
        if not self.established_year:
            return None
        return max(timezone.localdate().year - self.established_year, 0)


class EnterpriseFinancials(models.Model):
    """One year's figures (近三年营收/利润), in yuan; 资产负债率 in percent."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="financials")
    year = models.PositiveSmallIntegerField(_("年度"))
    revenue = models.DecimalField(_("营业收入（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    profit = models.DecimalField(_("利润总额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    net_profit = models.DecimalField(_("净利润（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    debt_ratio = models.DecimalField(
        _("资产负债率（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0, _("资产负债率不能小于0。")),
                    MaxValueValidator(100, _("资产负债率不能大于100。"))])

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="unique_enterprise_year")]
        verbose_name = _("企业年度经营数据")
        verbose_name_plural = _("企业年度经营数据")

    def __str__(self):
        return f"{self.enterprise} {self.year}"


class SensitiveField(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人")
    REGISTERED_CAPITAL = "registered_capital", _("注册资本（元）")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已驳回")


class ProfileChangeRequest(models.Model):
    """A change to a sensitive field, applied to the enterprise only when the platform approves it."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="change_requests")
    field = models.CharField(_("变更项目"), max_length=40, choices=SensitiveField.choices)
    old_value = models.CharField(_("原值"), max_length=255, blank=True)
    new_value = models.CharField(_("新值"), max_length=255)
    status = models.CharField(_("状态"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING,
                              db_index=True)
    reason = models.CharField(_("驳回原因"), max_length=255, blank=True)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("敏感信息变更")
        verbose_name_plural = _("敏感信息变更")

    def __str__(self):
        return f"{self.enterprise}：{self.get_field_display()}"

