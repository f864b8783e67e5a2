"""统计报表 in the Wagtail admin and the public 数据概览 page.

Who sees what: platform admins and 人民银行 supervisors every institution's figures (and may narrow to
one); institution staff only their own institution's (any ``institution`` parameter they send is
ignored) and their own staff's workload; access statistics are the platform's. Everyone else gets 403.
"""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.page_cache import cache_for_anonymous
from core.params import int_param
from finance_market.queries import applications_by_pk
from members.models import FinancialInstitution
from members.roles import LEVEL2, can_read_all, in_group, user_institution
from reports import exports, overview, periods, reports, screen, user_report
from reports.access_report import access_tables
from reports.workload import workload_table


def report_institution(request):
    """(institution or None for all) the user may see in application reports; 403 for anyone else."""
    user = request.user
    if can_read_all(user):
        chosen = int_param(request.GET.get("institution"), 1)
        if chosen is not None:
            return FinancialInstitution.objects.filter(pk=chosen).first()
        return None
    institution = user_institution(user)
    if institution is None:
        raise PermissionDenied
    return institution


def can_see_applications(user):
    return can_read_all(user) or user_institution(user) is not None


def _period(request):
    try:
        return periods.from_params(request.GET), None
    except periods.PeriodError as error:
        return periods.from_params({}), str(error)


def _context(request, period, error, institution, **extra):
    today = periods.from_params({})
    query = {**period.query(), **({"institution": institution.pk} if institution and can_read_all(request.user)
                                  else {})}
    return {
        "period": period, "period_error": error, "institution": institution, "query": urlencode(query),
        "params": request.GET, "this_year": today.first_day.year,
        "years": list(range(today.first_day.year, today.first_day.year - 6, -1)),
        "months": list(range(1, 13)), "quarters": [1, 2, 3, 4],
        "period_kinds": [("month", _("月报")), ("quarter", _("季报")), ("year", _("年报")), ("range", _("自定义区间"))],
        "institutions": FinancialInstitution.objects.order_by("name") if can_read_all(request.user) else None,
        **extra,
    }


def can_see_user_statistics(user):
    """用户统计: platform admins of both levels and 人民银行 supervisors; the figures are the whole platform's
    enterprises, so no institution, other department or enterprise sees them."""
    return can_read_all(user) or (user.is_authenticated and in_group(user, LEVEL2))


def _export(request, title, period, institution, tables):
    """The tables as an Excel file; ``?table=<key>`` (repeatable) keeps only those sheets."""
    wanted = request.GET.getlist("table")
    if wanted:
        tables = [table for table in tables if table.key in wanted] or tables
    label = period.label + (f" · {institution.name}" if institution else "")
    filename = f"{title}-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.xlsx"
    return exports.xlsx_response(exports.workbook(title, label, tables), filename)


def application_report(request):
    institution = report_institution(request)
    period, error = _period(request)
    tables = reports.application_tables(period, institution)
    if request.GET.get("format") == "xlsx":
        return _export(request, _("贷款申请统计"), period, institution, tables)
    return TemplateResponse(request, "statistics/admin/report.html", _context(
        request, period, error, institution, tables=tables, title=_("贷款申请统计"),
        url_name="statistics:applications"))


def drilldown(request):
    """The applications behind one number of the report, with the same filters; paginated, exportable."""
    institution = report_institution(request)
    period, error = _period(request)
    params = request.GET
    queryset = reports.drilldown(period, institution, dimension=params.get("dim") or None,
                                 key=params.get("key") or None, outcome=params.get("outcome") or None,
                                 subset=params.get("set") or None)
    if params.get("format") == "xlsx":
        return _export(request, _("申请明细"), period, institution, [_drill_table(queryset)])
    page = paginate_applications(queryset, params.get("p"))
    query = params.copy()
    query.pop("p", None)
    return TemplateResponse(request, "statistics/admin/drilldown.html", _context(
        request, period, error, institution, page=page, total=page.paginator.count, title=_("申请明细"),
        drill_query=query.urlencode(), url_name="statistics:drilldown"))


def paginate_applications(queryset, number, per_page=50):
    """Page through ids (answered from the covering index on PostgreSQL), then load only the page's rows."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    loaded = applications_by_pk(page.object_list)
    page.object_list = [loaded[pk] for pk in page.object_list]
    return page


def _drill_table(queryset):
    from reports.tables import Column, Table

    rows = [{"reference": a.reference, "enterprise": a.enterprise.name, "institution": a.institution.name,
             "product": a.product_title, "amount": a.amount, "status": a.get_status_display(),
             "submitted": f"{a.submitted_at.astimezone(periods.local_zone()):%Y-%m-%d %H:%M}",
             "credit": a.credit_amount} for a in queryset[:50000]]
    return Table("applications", _("申请明细"), [
        Column("reference", _("申请编号"), "text"), Column("enterprise", _("申请企业"), "text"),
        Column("institution", _("金融机构"), "text"), Column("product", _("贷款产品"), "text"),
        Column("amount", _("申请金额（万元）"), "wan"), Column("status", _("状态"), "text"),
        Column("submitted", _("提交时间"), "text"), Column("credit", _("授信额度（万元）"), "wan")], rows)


def access_report(request):
    if not can_read_all(request.user):
        raise PermissionDenied
    period, error = _period(request)
    tables = access_tables(period)
    if request.GET.get("format") == "xlsx":
        return _export(request, _("访问统计"), period, None, tables)
    return TemplateResponse(request, "statistics/admin/report.html", _context(
        request, period, error, None, tables=tables, title=_("访问统计"), url_name="statistics:access",
        hide_institution=True))


def user_report_view(request):
    """用户统计 (F-STAT-13) with new registrations per 园区 and 镇街 (F-STAT-16, 下载企业分析数据)."""
    if not can_see_user_statistics(request.user):
        raise PermissionDenied
    period, error = _period(request)
    tables = user_report.user_tables(period)
    if request.GET.get("format") == "xlsx":
        title = _("企业分析数据") if request.GET.getlist("table") else _("用户统计")
        return _export(request, title, period, None, tables)
    analysis = urlencode([("table", key) for key in user_report.ENTERPRISE_ANALYSIS])
    return TemplateResponse(request, "statistics/admin/report.html", _context(
        request, period, error, None, tables=tables, title=_("用户统计"), url_name="statistics:users",
        hide_institution=True, downloads=[(_("下载企业分析数据"), f"{analysis}&format=xlsx", "export-analysis")]))


def workload_report(request):
    user = request.user
    if can_read_all(user):
        users = None
    elif user_institution(user) is not None:
        users = get_user_model().objects.filter(groups=user_institution(user).group)
    else:
        raise PermissionDenied
    period, error = _period(request)
    tables = [workload_table(period, users)]
    if request.GET.get("format") == "xlsx":
        return _export(request, _("工作量统计"), period, None, tables)
    return TemplateResponse(request, "statistics/admin/report.html", _context(
        request, period, error, None, tables=tables, title=_("工作量统计"), url_name="statistics:workload",
        hide_institution=True))


@cache_for_anonymous(seconds=60)  # its figures change with the statistics snapshot (every 10 min), not on a purge
def data_overview(request):
    """The public 数据概览 (/data/)."""
    return TemplateResponse(request, "statistics/data.html", {"overview": overview.data_overview()})


SCREEN_REFRESH_SECONDS = 60  # how often the screen's script asks for new figures (the snapshot: every 10 min)
SCREEN_PARTS = ("cards", "totals", "regions", "banks", "trend", "ticker")


def _screen_context():
    return {"screen": screen.present(overview.screen_figures()), "refresh_seconds": SCREEN_REFRESH_SECONDS}


@cache_for_anonymous(seconds=SCREEN_REFRESH_SECONDS)
def data_screen(request):
    """数据大屏 (F-STAT-11, /data/screen/): the public full-screen display, from the statistics snapshot."""
    return TemplateResponse(request, "statistics/screen.html", _screen_context())


@cache_for_anonymous(seconds=SCREEN_REFRESH_SECONDS)
def data_screen_json(request):
    """The screen's figures as JSON (what its script polls): the figures as shown, and each panel's markup
    rendered by the same includes as the page, so the script swaps panels without building any."""
    context = _screen_context()
    parts = {part: render_to_string(f"statistics/screen/{part}.html", context, request) for part in SCREEN_PARTS}
    figures = context["screen"]
    return JsonResponse({"updated": figures["updated"], "date": figures["date"], "figures": figures,
                         "html": parts}, json_dumps_params={"ensure_ascii": False})
