"""资本市场培育板 (F-LIST-5): the pre-IPO record an enterprise keeps (app label enterprise_list)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.money import yuan_field, yuan_to_wan


class ListingBoard(models.TextChoices):
    MAIN = "main", _("主板")
    CHINEXT = "chinext", _("创业板")
    STAR = "star", _("科创板")
    BSE = "bse", _("北交所")
    NEEQ = "neeq", _("新三板")
    REGIONAL = "regional", _("区域股权市场")


class ListingStage(models.TextChoices):
    PLANNING = "planning", _("筹划中")
    RESTRUCTURING = "restructuring", _("股改")
    TUTORING = "tutoring", _("辅导备案")
    FILED = "filed", _("申报")
    REVIEW = "review", _("审核")
    REGISTERED = "registered", _("注册/核准")
    LISTED = "listed", _("已上市")


class ListingPlan(models.Model):
    """资本市场培育板: one pre-IPO record per enterprise, kept up to date by the enterprise itself and read by
    platform staff and the financial departments in the admin. Amounts in yuan, shown in 万元."""

    enterprise = models.OneToOneField("members.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                      related_name="listing_plan")
    target_board = models.CharField(_("拟上市板块"), max_length=20, choices=ListingBoard.choices, db_index=True)
    stage = models.CharField(_("上市进程"), max_length=20, choices=ListingStage.choices, db_index=True)
    planned_year = models.PositiveSmallIntegerField(_("计划上市年份"))
    last_year_revenue = yuan_field(_("上年度营业收入（元）"), null=True, blank=True)
    last_year_profit = models.DecimalField(_("上年度净利润（元）"), max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    intermediaries = models.TextField(_("中介机构"), max_length=500, blank=True,
                                      help_text=_("保荐机构、会计师事务所、律师事务所等"))
    contact_person = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    created_at = models.DateTimeField(_("首次申报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("拟上市企业信息")
        verbose_name_plural = _("拟上市企业信息")

    def __str__(self):
        return str(self.enterprise)

    @property
    def revenue_wan(self):
        return yuan_to_wan(self.last_year_revenue)

    @property
    def profit_wan(self):
        return yuan_to_wan(self.last_year_profit)
