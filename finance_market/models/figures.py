"""The application report's figures, kept per month, quarter and year (finance_market.figures maintains them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KeptFigures(models.Model):
    """What a kept row is: one calendar month, quarter or year (Asia/Shanghai), platform-wide (scope 0) or of one
    institution (scope = its id), and the report's row in it (``dimension`` = ``key``). Written only by
    finance_market.figures."""

    period = models.CharField(max_length=7)  # month | quarter | year
    period_start = models.DateField()
    scope = models.PositiveIntegerField(default=0)  # 0: the whole platform
    dimension = models.CharField(max_length=12)
    key = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.period} {self.period_start} {self.scope} {self.dimension}={self.key}"


class ApplicationFigures(KeptFigures):
    """The figures of the applications submitted in the period that fall in the row. ``dimension``: all,
    institution, product, industry, region, capital, reason (a refusal reason: ``applications`` counts the refused
    applications that gave it)."""

    applications = models.IntegerField(default=0)
    enterprises = models.IntegerField(default=0)
    amount = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    signed = models.IntegerField(default=0)
    signed_enterprises = models.IntegerField(default=0)
    signed_amount = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    refused = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "period_start", "scope", "dimension", "key"],
                                               name="application_figures_row")]
        verbose_name = _("申请统计汇总")
        verbose_name_plural = _("申请统计汇总")


class DisbursementFigures(KeptFigures):
    """The 放款 of the period, by the day the money was paid out. ``dimension``: all, institution, product, industry,
    region."""

    disbursed_amount = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    disbursements = models.IntegerField(default=0)
    disbursed_applications = models.IntegerField(default=0)
    disbursed_enterprises = models.IntegerField(default=0)
    first_disbursed = models.IntegerField(default=0)
    first_loans = models.IntegerField(default=0)
    days_total = models.IntegerField(default=0)  # 获贷天数 of the first parts that have one, summed
    days_counted = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "period_start", "scope", "dimension", "key"],
                                               name="disbursement_figures_row")]
        verbose_name = _("放款统计汇总")
        verbose_name_plural = _("放款统计汇总")
