"""After 已签约: the disbursements (放款) of an application and the reasons a signed loan was never paid out.

Rows are written only by finance_market.lifecycle (the ``disburse`` step), in the same transaction as the
status, the history row and the audit entry. The repayment plan is not stored: finance_market.repayment
computes it from a disbursement with the calculator's formulas.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import yuan_to_wan
from finance_market.choices import RepaymentMethod

# the methods a repayment plan can be computed for (finance_market.calculator.METHODS)
PLAN_METHODS = (RepaymentMethod.EQUAL_INSTALMENT, RepaymentMethod.EQUAL_PRINCIPAL, RepaymentMethod.INTEREST_FIRST)


class NonDisbursementReason(models.Model):
    """The managed list of reasons a signed loan was not paid out (未放款), like the refusal reasons."""

    name = models.CharField(_("未放款原因"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("未放款原因")
        verbose_name_plural = _("未放款原因")

    def __str__(self):
        return self.name


class Disbursement(models.Model):
    """One payment of a signed loan to the enterprise; partial disbursements add up on the application."""

    application = models.ForeignKey("finance_market.LoanApplication", verbose_name=_("贷款申请"),
                                    on_delete=models.CASCADE, related_name="disbursements")
    # the application's enterprise, institution and product, copied so that the statistics group a period's
    # disbursements from the covering index alone, without reading a million applications (bench/stats.py)
    enterprise = models.ForeignKey("members.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="+", db_index=False)
    institution = models.ForeignKey("members.FinancialInstitution", verbose_name=_("金融机构"),
                                    on_delete=models.PROTECT, related_name="+", db_index=False)
    product = models.ForeignKey("finance_market.LoanProductPage", verbose_name=_("贷款产品"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+", db_index=False)
    amount = models.DecimalField(_("放款金额（元）"), max_digits=14, decimal_places=2)
    disbursed_on = models.DateField(_("放款日期"))
    annual_rate = models.DecimalField(_("年利率（%）"), max_digits=5, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    repayment_method = models.CharField(_("还款方式"), max_length=20,
                                        choices=[(m.value, m.label) for m in PLAN_METHODS])
    # what the statistics count, fixed when the row is written (DESIGN: statistics read no history)
    is_first = models.BooleanField(_("该申请的第一笔放款"), default=False)
    platform_first_loan = models.BooleanField(_("首贷"), default=False,
                                              help_text=_("该企业在平台上的第一笔放款"))
    days_from_application = models.PositiveIntegerField(_("获贷天数"), null=True, blank=True,
                                                        help_text=_("第一笔放款：从提交申请到放款的自然日天数"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["disbursed_on", "pk"]
        indexes = [models.Index(fields=["disbursed_on"], name="disbursement_report",
                                include=["application", "enterprise", "institution", "product", "amount", "is_first",
                                         "platform_first_loan", "days_from_application"])]
        verbose_name = _("放款记录")
        verbose_name_plural = _("放款记录")

    def __str__(self):
        return f"{self.application_id} {self.disbursed_on} {self.amount}"

    @property
    def amount_wan(self):
        return yuan_to_wan(self.amount)
