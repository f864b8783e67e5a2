"""What the inspection needs to remember: per-channel update intervals and alert state, forbidden words,
guard settings and link-check results (which unanswered items were reported: the notify-once ledger in members)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class RuleAction(models.TextChoices):
    BLOCK = "block", _("阻止发布")
    WARN = "warn", _("仅提醒")
    OFF = "off", _("不检查")


@register_setting(icon="warning")
class InspectionSettings(BaseSiteSetting):
    """Admin-editable thresholds of the inspection and how the publishing guard treats personal data."""

    warn_days_before = models.PositiveSmallIntegerField(
        _("栏目到期前提醒天数"), default=3, validators=[MaxValueValidator(60)],
        help_text=_("栏目距更新期限还剩这么多天时，提醒栏目编辑和平台管理员。"))
    interaction_working_days = models.PositiveSmallIntegerField(
        _("互动答复时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("咨询、留言、投诉超过这么多个工作日未答复即标为超时并上报平台管理员。"))
    id_number_action = models.CharField(_("身份证号"), max_length=10, choices=RuleAction.choices,
                                        default=RuleAction.BLOCK)
    mobile_action = models.CharField(_("手机号码"), max_length=10, choices=RuleAction.choices,
                                     default=RuleAction.BLOCK)
    uscc_action = models.CharField(_("统一社会信用代码"), max_length=10, choices=RuleAction.choices,
                                   default=RuleAction.WARN,
                                   help_text=_("企业信用代码在公示类内容中可以公开，默认仅提醒。"))
    check_external_links = models.BooleanField(
        _("检查外部链接"), default=False,
        help_text=_("服务器能访问互联网时打开；关闭时外部链接在报告中标为“未检查”。"))
    link_check_max_pages = models.PositiveIntegerField(_("每次最多检查页面数"), default=300)
    link_check_max_links = models.PositiveIntegerField(_("每次最多检查链接数"), default=3000)
    link_check_timeout = models.PositiveSmallIntegerField(_("外部链接超时（秒）"), default=5,
                                                          validators=[MinValueValidator(1), MaxValueValidator(30)])

    panels = [
        MultiFieldPanel([FieldPanel("warn_days_before"), FieldPanel("interaction_working_days")],
                        heading=_("更新与答复时限")),
        MultiFieldPanel([FieldPanel("id_number_action"), FieldPanel("mobile_action"), FieldPanel("uscc_action")],
                        heading=_("发布前个人信息检查")),
        MultiFieldPanel([FieldPanel("check_external_links"), FieldPanel("link_check_max_pages"),
                         FieldPanel("link_check_max_links"), FieldPanel("link_check_timeout")],
                        heading=_("链接检查")),
    ]

    class Meta:
        verbose_name = _("网站检查设置")


class FreshnessState(models.TextChoices):
    OK = "ok", _("正常")
    DUE_SOON = "due_soon", _("即将超期")
    OVERDUE = "overdue", _("已超期")


class ChannelFreshness(models.Model):
    """One channel's expected update interval and the alert state the daily job last messaged about."""

    page = models.OneToOneField("wagtailcore.Page", verbose_name=_("栏目"), on_delete=models.CASCADE,
                                related_name="freshness")
    interval_days = models.PositiveSmallIntegerField(
        _("更新周期（天）"), validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("动态类栏目不超过14天，政策类栏目不超过180天（国办秘函〔2019〕19号）。"))
    notified_state = models.CharField(_("已提醒状态"), max_length=10, choices=FreshnessState.choices,
                                      default=FreshnessState.OK)
    notified_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    panels = [FieldPanel("interval_days")]

    class Meta:
        verbose_name = _("栏目更新周期")
        verbose_name_plural = _("栏目更新周期")

    def __str__(self):
        return f"{self.page.title}（{self.interval_days}天）"


class ForbiddenWord(models.Model):
    """A word that must not appear in published content (敏感词/错别字/不规范表述)."""

    word = models.CharField(_("词语"), max_length=60, unique=True)
    action = models.CharField(_("处理方式"), max_length=10, choices=RuleAction.choices[:2], default=RuleAction.BLOCK)
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("例如：应写作“中国人民银行”"))

    panels = [FieldPanel("word"), FieldPanel("action"), FieldPanel("note")]

    class Meta:
        ordering = ["word"]
        verbose_name = _("禁用词")
        verbose_name_plural = _("禁用词")

    def __str__(self):
        return self.word


class LinkKind(models.TextChoices):
    PAGE = "page", _("站内链接")
    DOCUMENT = "document", _("文档")
    IMAGE = "image", _("图片")
    EXTERNAL = "external", _("外部链接")


class LinkStatus(models.TextChoices):
    BROKEN = "broken", _("失效")
    UNCHECKED = "unchecked", _("未检查")


class LinkProblem(models.Model):
    """A link found on a live page that is broken, or external and not checked."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE,
                             related_name="+")
    link_text = models.CharField(_("链接文字"), max_length=200, blank=True)
    target = models.CharField(_("链接地址"), max_length=500)
    kind = models.CharField(_("类型"), max_length=10, choices=LinkKind.choices)
    status = models.CharField(_("结果"), max_length=10, choices=LinkStatus.choices, db_index=True)
    detail = models.CharField(_("说明"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("检查时间"))

    class Meta:
        ordering = ["status", "page_id", "pk"]
        verbose_name = _("链接问题")
        verbose_name_plural = _("链接问题")

    def __str__(self):
        return f"{self.target} ({self.get_status_display()})"


class LinkCheckRun(models.Model):
    """One bounded run of the link checker; the next run starts after ``last_page_id``."""

    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    pages_checked = models.PositiveIntegerField(_("检查页面数"), default=0)
    links_checked = models.PositiveIntegerField(_("检查链接数"), default=0)
    broken = models.PositiveIntegerField(_("失效链接"), default=0)
    unchecked = models.PositiveIntegerField(_("未检查链接"), default=0)
    last_page_id = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("链接检查记录")
        verbose_name_plural = _("链接检查记录")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

