"""Access statistics (F-STAT-7): page views and unique visitors per day for each site, channel and page.

Requests are counted in memory (reports.access) and written here in batches; DailyVisitor
holds the day's hashed visitor ids only so that UV stays exact when several processes flush; rows older
than a few days are pruned by a django-q2 schedule (the day's UV is already in AccessStat).
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SITE = "site", _("站点")
    CHANNEL = "channel", _("栏目")
    PAGE = "page", _("页面")


class AccessStat(models.Model):
    date = models.DateField(_("日期"))
    scope = models.CharField(_("统计对象"), max_length=10, choices=Scope.choices)
    site_id = models.PositiveIntegerField(_("站点"))
    page_id = models.PositiveIntegerField(_("页面/栏目"), default=0, help_text=_("站点统计为 0"))
    pv = models.PositiveIntegerField(_("浏览量（PV）"), default=0)
    uv = models.PositiveIntegerField(_("访客数（UV）"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "scope", "site_id", "page_id"],
                                               name="unique_access_stat")]
        indexes = [models.Index(fields=["scope", "date"], name="access_stat_scope_date")]
        verbose_name = _("访问统计")
        verbose_name_plural = _("访问统计")

    def __str__(self):
        return f"{self.date} {self.scope} {self.page_id}: {self.pv}/{self.uv}"


class DailyVisitor(models.Model):
    date = models.DateField()
    scope = models.CharField(max_length=10, choices=Scope.choices)
    site_id = models.PositiveIntegerField()
    page_id = models.PositiveIntegerField(default=0)
    visitor = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "scope", "site_id", "page_id", "visitor"],
                                               name="unique_daily_visitor")]
        verbose_name = _("当日访客")

    def __str__(self):
        return f"{self.date} {self.scope} {self.page_id} {self.visitor}"


class OverviewSnapshot(models.Model):
    """The public figures (home counters, 数据概览) as last computed by the django-q2 schedule, so no visitor
    waits for aggregates over every application; the cache holds a copy for a view's single read."""

    key = models.CharField(max_length=40, unique=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("数据概览快照")

    def __str__(self):
        return f"{self.key} {self.computed_at:%Y-%m-%d %H:%M}"
