from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="time")
class MarketSettings(BaseGenericSetting):
    """The marketplace's business rules (F-LOAN-6, F-LOAN-8, F-LOAN-10), in Chinese working days."""

    accept_within_days = models.PositiveSmallIntegerField(
        _("受理时限（工作日）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("银行须在企业提交后多少个工作日内受理。"))
    decide_within_days = models.PositiveSmallIntegerField(
        _("审批时限（工作日）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("受理后多少个工作日内作出签约或拒绝的决定。"))
    feedback_within_days = models.PositiveSmallIntegerField(
        _("反馈通知书报送时限（工作日）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("作出决定后多少个工作日内向人民银行报送反馈通知书。"))
    repayment_reminder_days = models.PositiveSmallIntegerField(
        _("还款提醒提前天数（工作日）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("每期还款日前多少个工作日向企业发送还款提醒（站内信和邮件，每期一次）。"))
    attachment_max_mb = models.PositiveSmallIntegerField(
        _("单个附件大小上限（MB）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)])

    panels = [FieldPanel("accept_within_days"), FieldPanel("decide_within_days"), FieldPanel("feedback_within_days"),
              FieldPanel("repayment_reminder_days"), FieldPanel("attachment_max_mb")]

    class Meta:
        verbose_name = _("金融超市设置")
