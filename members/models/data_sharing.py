"""精准授权: an enterprise lets a financial institution read its detailed data (financials, external credit
records) for a period; every read by the institution's staff is logged and shown to the enterprise. External
credit records come from the local data-sharing exchange (members.credit_records: the file importer by
default, a live provider by setting)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GrantSource(models.TextChoices):
    APPLICATION = "application", _("申请贷款时授权")
    CENTRE = "centre", _("会员中心授权")


class DataGrantQuerySet(models.QuerySet):
    def live(self, on=None):
        """Grants in force on ``on`` (today): not revoked, started, and ``valid_until`` not passed (the end
        date is the last day of access)."""
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=on, valid_until__gte=on)


class DataGrant(models.Model):
    enterprise = models.ForeignKey("members.Enterprise", verbose_name=_("授权企业"), on_delete=models.CASCADE,
                                   related_name="data_grants")
    institution = models.ForeignKey("members.FinancialInstitution", verbose_name=_("被授权机构"),
                                    on_delete=models.CASCADE, related_name="data_grants")
    valid_from = models.DateField(_("生效日期"), default=timezone.localdate)
    valid_until = models.DateField(_("有效期至"), help_text=_("含当日；此后机构不能再查看"))
    source = models.CharField(_("授权方式"), max_length=20, choices=GrantSource.choices, default=GrantSource.CENTRE)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("授权人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = DataGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["enterprise", "institution", "valid_until"], name="datagrant_lookup")]
        verbose_name = _("数据授权")
        verbose_name_plural = _("数据授权")

    def __str__(self):
        return f"{self.enterprise} → {self.institution}（{self.valid_until:%Y-%m-%d}）"

    def is_live_on(self, day):
        return self.revoked_at is None and self.valid_from <= day <= self.valid_until

    @property
    def is_live(self):
        return self.is_live_on(timezone.localdate())

    @property
    def state(self):
        if self.revoked_at is not None:
            return _("已撤销")
        today = timezone.localdate()
        if self.valid_until < today:
            return _("已到期")
        if self.valid_from > today:
            return _("未生效")
        return _("有效")


class DataViewKind(models.TextChoices):
    APPLICATION = "application", _("贷款申请页：经营数据与外部信用记录")
    PROFILE = "profile", _("企业画像")


class DataView(models.Model):
    """One read of an enterprise's granted data by an institution's staff (谁查看了我的数据)."""

    enterprise = models.ForeignKey("members.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="data_views")
    institution = models.ForeignKey("members.FinancialInstitution", verbose_name=_("查看机构"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    grant = models.ForeignKey(DataGrant, verbose_name=_("依据的授权"), null=True, on_delete=models.SET_NULL,
                              related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("查看人"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    # kept as written at the time: the account may be renamed or removed later
    viewer_name = models.CharField(_("查看人姓名"), max_length=150)
    kind = models.CharField(_("查看内容"), max_length=20, choices=DataViewKind.choices)
    detail = models.CharField(_("说明"), max_length=100, blank=True)
    viewed_at = models.DateTimeField(_("查看时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name = _("数据查看记录")
        verbose_name_plural = _("数据查看记录")

    def __str__(self):
        return f"{self.viewer_name} {self.get_kind_display()} {self.viewed_at:%Y-%m-%d %H:%M}"


class CreditRecordKind(models.TextChoices):
    TAX_RATING = "tax_rating", _("纳税信用等级")
    SOCIAL_SECURITY = "social_security", _("社保缴纳人数")
    HOUSING_FUND = "housing_fund", _("公积金缴存人数")
    PENALTY = "penalty", _("行政处罚")
    DISHONEST = "dishonest", _("失信被执行")
    UTILITIES = "utilities", _("水电费缴纳")


class CreditRecord(models.Model):
    """One external record of an enterprise, keyed by its 统一社会信用代码 (the exchange knows enterprises
    that have not registered here yet; they find their records when they do)."""

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    enterprise_name = models.CharField(_("企业名称"), max_length=255, blank=True)
    kind = models.CharField(_("信息类别"), max_length=20, choices=CreditRecordKind.choices)
    value = models.CharField(_("内容"), max_length=255)
    period = models.CharField(_("所属期间"), max_length=20, help_text=_("如 2025 或 2026-03"))
    source = models.CharField(_("数据来源"), max_length=100)
    record_date = models.DateField(_("数据日期"))
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        ordering = ["credit_code", "kind", "-period"]
        constraints = [models.UniqueConstraint(fields=["credit_code", "kind", "period", "source"],
                                               name="unique_credit_record")]
        verbose_name = _("外部信用记录")
        verbose_name_plural = _("外部信用记录")

    def __str__(self):
        return f"{self.credit_code} {self.get_kind_display()} {self.period}：{self.value}"
