"""The admin report 搜索统计: the most frequent queries and the queries that found nothing."""

import datetime

from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.contrib.search_promotions.models import QueryDailyHits

from core.params import int_param
from search import query_log
from search.models import NoResultQuery

PERIODS = [(7, _("最近7天")), (30, _("最近30天")), (365, _("最近一年"))]
ROWS = 50


@permission_required("portal_search.view_noresultquery")
def search_statistics(request):
    days = int_param(request.GET.get("days"))
    days = days if days in dict(PERIODS) else 30
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    query_log.buffer.flush()  # this process's searches not yet written (other processes write within a minute)
    top_queries = (
        QueryDailyHits.objects.filter(date__gte=since)
        .values("query__query_string").annotate(total=Sum("hits")).order_by("-total", "query__query_string")[:ROWS]
    )
    no_results = (
        NoResultQuery.objects.filter(date__gte=since)
        .values("query_string").annotate(total=Sum("hits")).order_by("-total", "query_string")[:ROWS]
    )
    return TemplateResponse(request, "search/admin/statistics.html", {
        "top_queries": top_queries, "no_results": no_results, "days": days, "periods": PERIODS,
        "header_title": _("搜索统计"),
    })
