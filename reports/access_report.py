"""Access statistics report (F-STAT-7): per day for the site, per channel and per page over a period."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from reports.models import AccessStat, Scope
from reports.tables import Column, Table


def _rows(period, scope):
    return AccessStat.objects.filter(scope=scope, date__gte=period.first_day, date__lte=period.last_day)


def access_tables(period, limit=50):
    sites = dict(Site.objects.values_list("pk", "site_name"))
    daily = list(_rows(period, Scope.SITE).order_by("date").values("date").annotate(pv=Sum("pv"), uv=Sum("uv")))
    for row in daily:
        row["name"] = f"{row['date']:%Y-%m-%d}"
    per_site = list(_rows(period, Scope.SITE).order_by().values("site_id").annotate(pv=Sum("pv"), uv=Sum("uv")))
    for row in per_site:
        row["name"] = sites.get(row["site_id"]) or str(_("站点 %s") % row["site_id"])
    tables = [
        Table("daily", _("每日访问量"), [Column("name", _("日期"), "text"), Column("pv", _("浏览量（PV）")),
                                        Column("uv", _("访客数（UV）"))], daily,
              chart={"type": "line", "label": "name", "values": ["pv", "uv"]}),
        Table("sites", _("按站点"), [Column("name", _("站点"), "text"), Column("pv", _("浏览量（PV）")),
                                   Column("uv", _("访客数（UV，按日去重合计）"))], per_site),
    ]
    for scope, key, title, label in ((Scope.CHANNEL, "channels", _("按栏目"), _("栏目")),
                                     (Scope.PAGE, "pages", _("按页面（前 %s）") % limit, _("页面"))):
        rows = list(_rows(period, scope).order_by().values("page_id").annotate(pv=Sum("pv"), uv=Sum("uv"))
                    .order_by("-pv", "page_id")[:limit])
        titles = dict(Page.objects.filter(pk__in=[r["page_id"] for r in rows]).values_list("pk", "title"))
        for row in rows:
            row["name"] = titles.get(row["page_id"]) or str(_("已删除页面 %s") % row["page_id"])
        tables.append(Table(key, title, [Column("name", label, "text"), Column("pv", _("浏览量（PV）")),
                                         Column("uv", _("访客数（UV，按日去重合计）"))], rows,
                            chart={"type": "bar", "label": "name", "values": ["pv"]} if scope == Scope.CHANNEL
                            else None))
    return tables
