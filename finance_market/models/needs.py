from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import yuan_to_wan
from finance_market.choices import NeedStatus, RepaymentMethod

EDITABLE_NEED_STATUSES = (NeedStatus.PENDING, NeedStatus.PUBLISHED, NeedStatus.REJECTED)


class FinancingNeed(models.Model):
    """融资需求 (F-NEED-1..3): published by an enterprise, visible to institutions after platform review,
    claimed (抢单) by one institution, which opens an application."""

    enterprise = models.ForeignKey("members.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="financing_needs")
    amount = models.DecimalField(_("融资金额（元）"), max_digits=14, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    purpose = models.TextField(_("资金用途"))
    repayment_method = models.CharField(_("预计还款方式"), max_length=20, choices=RepaymentMethod.choices)
    status = models.CharField(_("状态"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.PENDING,
                              db_index=True)
    review_note = models.CharField(_("审核意见"), max_length=255, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    claimed_by = models.ForeignKey("members.FinancialInstitution", verbose_name=_("抢单机构"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="claimed_needs")
    claimed_at = models.DateTimeField(_("抢单时间"), null=True, blank=True)
    # F-NEED-2: filled by the platform from its credit checks; institutions see them when browsing needs.
    credit_status = models.CharField(_("信用状况"), max_length=60, blank=True,
                                     help_text=_("如：良好、一般、有逾期记录"))
    anti_fraud_score = models.PositiveSmallIntegerField(_("反欺诈评分"), null=True, blank=True,
                                                        validators=[MaxValueValidator(100)],
                                                        help_text=_("0–100，分数越高风险越低"))
    # F-NEED-4: a need collected offline (中小企业辅导中心) and entered by a platform admin.
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("代录人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("融资需求")
        verbose_name_plural = _("融资需求")

    def __str__(self):
        return f"{self.enterprise} {self.amount_wan:.0f}万元"

    @property
    def is_editable(self):
        """The enterprise may change it until an institution claims it (or it is withdrawn)."""
        return self.status in EDITABLE_NEED_STATUSES

    @property
    def amount_wan(self):
        return yuan_to_wan(self.amount)
