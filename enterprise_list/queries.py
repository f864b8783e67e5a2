"""What a visitor sees in the enterprise and project listings, and the Excel export of exactly that.

Each listing is built as a ``Table`` (headers + rows of cell values) from one filtered queryset;
the HTML page and the .xlsx export both render that table, so an export can hold neither more
columns nor other rows than the listing the same user sees with the same filters.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from core.fragments import cached
from core.money import wan_to_yuan
from core.params import int_param, year_param
from enterprise_list.models import EnterpriseListPage, EnterpriseListRow, ProjectPage, ProjectType
from members.masking import mask_code
from members.models import AccountCategory, GovernmentDepartment, Industry, Region
from members.roles import LEVEL2, in_group, is_platform_admin

ROW_PAGE_SIZE = 50
EXPORT_PARAM = "format"


def can_see_contacts(user):
    """Institution users (of an active institution) and platform staff (level 1 and 2); never enterprises or
    visitors. Category alone proves nothing (it defaults to 平台管理), so rights come from groups."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "category", None) == AccountCategory.ENTERPRISE:
        return False
    if is_platform_admin(user) or user.has_perm("members.view_sensitive_enterprise"):
        return True
    if in_group(user, LEVEL2):
        return True
    institution = getattr(user, "institution", None)
    return institution is not None and institution.is_active


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)  # [(url or "", [cell, ...])]


def _decimal(value):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def _amount_filters(params, field_name, active):
    """``min_amount``/``max_amount`` are typed in 万元; the field holds yuan."""
    lookups = {}
    for param, suffix in (("min_amount", "gte"), ("max_amount", "lte")):
        number = _decimal(params.get(param, ""))
        if number is not None:
            lookups[f"{field_name}__{suffix}"] = wan_to_yuan(number)
            active[param] = params[param].strip()
    return lookups


# ---------------------------------------------------------------- enterprise rows


def live_lists(scope):
    return EnterpriseListPage.objects.live().public().descendant_of(scope, inclusive=True)


def filter_rows(scope, params):
    """Rows of the live lists under ``scope`` (an index or one list) matching the GET ``params``."""
    active = {}
    lists = live_lists(scope)
    list_id = params.get("list", "")
    if int_param(list_id) is not None and not isinstance(scope, EnterpriseListPage):
        lists = lists.filter(pk=int(list_id))
        active["list"] = list_id
    queryset = EnterpriseListRow.objects.filter(page__in=lists)
    industry = params.get("industry", "")
    if industry:
        queryset = queryset.filter(Q(industry__code=industry) | Q(industry__section__code=industry))
        active["industry"] = industry
    region = params.get("region", "")
    if int_param(region) is not None:
        queryset = queryset.filter(region_id=int(region))
        active["region"] = region
    queryset = queryset.filter(**_amount_filters(params, "funding_need", active))
    keyword = params.get("q", "").strip()[:50]
    if keyword:
        queryset = queryset.filter(enterprise_name__icontains=keyword)
        active["q"] = keyword
    queryset = queryset.select_related("page", "industry", "region").order_by(
        "-page__year", "page__path", "sort_order", "pk"
    )
    return queryset, active


def row_filter_options(scope):
    """The 行业, 镇街 and 名录 choices of every row below ``scope``: a scan of the rows, so kept until content changes
    (rows change only with their list page's revisions and publishing, which start a new content version)."""
    return cached(f"row-filter-options:{scope.pk}", lambda: _row_filter_options(scope))


def _row_filter_options(scope):
    rows = EnterpriseListRow.objects.filter(page__in=live_lists(scope))
    section_codes = set(rows.exclude(industry=None).values_list("industry__section__code", flat=True))
    section_codes |= set(rows.filter(industry__section=None).exclude(industry=None)
                         .values_list("industry__code", flat=True))
    sections = Industry.objects.filter(code__in=section_codes - {None}).order_by("code")
    regions = Region.objects.filter(pk__in=rows.values("region_id"))
    options = {
        "industry": (_("行业"), [(s.code, s.name) for s in sections]),
        "region": (_("镇街"), [(str(r.pk), r.name) for r in regions]),
    }
    if not isinstance(scope, EnterpriseListPage):
        lists = live_lists(scope).order_by("-year", "path")
        options["list"] = (_("名录"), [(str(p.pk), p.title) for p in lists])
    return options


def row_table(rows, show_contacts, with_list, request=None):
    """With ``request`` (the HTML page, not the export), names link to the row's detail page for those who
    may open it."""
    headers = [_("企业名称"), _("统一社会信用代码"), _("所属行业"), _("所属镇街"), _("资金需求（万元）"),
               _("项目情况")]
    if with_list:
        headers.append(_("所属名录"))
    if show_contacts:
        headers += [_("联系人"), _("联系电话")]
    table = Table(headers=headers)
    for row in rows:
        cells = [
            row.enterprise_name,
            row.credit_code if show_contacts else mask_code(row.credit_code),
            row.industry.name if row.industry else "",
            row.region.name if row.region else "",
            row.funding_need_wan,
            row.project_summary,
        ]
        if with_list:
            cells.append(row.page.title)
        if show_contacts:
            cells += [row.contact_person, row.contact_phone]
        link = row.page.row_url(row, request) if show_contacts and request is not None and row.pk else ""
        table.rows.append((link, cells))
    return table


def row_listing_context(scope, request):
    show_contacts = can_see_contacts(request.user)
    with_list = not isinstance(scope, EnterpriseListPage)
    if getattr(request, "is_preview", False) and not with_list:
        rows, active, page_obj = list(scope.rows.all()), {}, None
    else:
        queryset, active = filter_rows(scope, request.GET)
        page_obj = Paginator(queryset, ROW_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = page_obj.object_list
    return {
        "table": row_table(rows, show_contacts, with_list, request),
        "page_obj": page_obj,
        "total": page_obj.paginator.count if page_obj else len(rows),
        "active_filters": active,
        "filter_options": row_filter_options(scope),
        "show_contacts": show_contacts,
        "export_query": _export_query(request),
    }


def _export_query(request):
    params = request.GET.copy()
    params.pop("page", None)
    params[EXPORT_PARAM] = "xlsx"
    return params.urlencode()


def _private(response, show_contacts):
    """Pages differ by login; a response carrying contacts must never be stored by any cache."""
    patch_vary_headers(response, ["Cookie"])
    if show_contacts:
        patch_cache_control(response, private=True, no_store=True)
    return response


def serve_row_listing(scope, request, serve, *args, **kwargs):
    show_contacts = can_see_contacts(request.user)
    if request.GET.get(EXPORT_PARAM) == "xlsx":
        from enterprise_list.exports import xlsx_response

        rows, _active = filter_rows(scope, request.GET)
        table = row_table(rows, show_contacts, not isinstance(scope, EnterpriseListPage))
        return _private(xlsx_response(table, scope.title), show_contacts)
    return _private(serve(request, *args, **kwargs), show_contacts)


# ---------------------------------------------------------------- projects

PROJECT_SORTS = {
    "date": ("date", "pk"), "-date": ("-date", "-pk"),
    "amount": ("amount", "pk"), "-amount": ("-amount", "-pk"),
    "code": ("code",), "-code": ("-code",),
}
PROJECT_SORT_LABELS = [
    ("", _("默认（置顶、最新）")), ("-date", _("日期从新到旧")), ("date", _("日期从旧到新")),
    ("-amount", _("金额从高到低")), ("amount", _("金额从低到高")), ("code", _("编号升序")), ("-code", _("编号降序")),
]


def filter_projects(queryset, params):
    """Type, department, year and amount range; ``sort`` picks the order (default: 置顶 then newest)."""
    active = {}
    project_type = params.get("type", "")
    if project_type in ProjectType.values:
        queryset = queryset.filter(project_type=project_type)
        active["type"] = project_type
    department = params.get("department", "")
    if int_param(department) is not None:
        queryset = queryset.filter(department_id=int(department))
        active["department"] = department
    year = params.get("year", "")
    if year_param(year):
        queryset = queryset.filter(date__year=year_param(year))
        active["year"] = year
    queryset = queryset.filter(**_amount_filters(params, "amount", active))
    sort = params.get("sort", "")
    if sort in PROJECT_SORTS:
        queryset = queryset.order_by(*PROJECT_SORTS[sort])
        active["sort"] = sort
    return queryset, active


def project_filter_options(scope):
    """The 类型, 部门 and 年份 choices of the projects below ``scope``, kept until content changes."""
    return cached(f"project-filter-options:{scope.pk}", lambda: _project_filter_options(scope))


def _project_filter_options(scope):
    projects = ProjectPage.objects.live().public().descendant_of(scope)
    years = projects.dates("date", "year", order="DESC")
    departments = GovernmentDepartment.objects.filter(pk__in=projects.values("department_id"))
    return {
        "type": (_("项目类型"), ProjectType.choices),
        "department": (_("发布部门"), [(str(d.pk), d.name) for d in departments]),
        "year": (_("年份"), [(str(d.year), str(d.year)) for d in years]),
    }


def project_table(projects, request=None):
    table = Table(headers=[_("标题"), _("项目名称"), _("金额（万元）"), _("内容"), _("日期"), _("来源"),
                           _("发布部门"), _("备注")])
    for project in projects:
        table.rows.append((project.get_url(request), [
            project.heading, project.title, project.amount_wan, project.summary, project.date, project.source,
            project.department.name if project.department else "", project.remark,
        ]))
    return table


def serve_project_listing(scope, request, serve, *args, **kwargs):
    if request.GET.get(EXPORT_PARAM) == "xlsx":
        from enterprise_list.exports import xlsx_response

        projects, _active = filter_projects(scope.listing_queryset(), request.GET)
        return _private(xlsx_response(project_table(projects), scope.title), False)
    return _private(serve(request, *args, **kwargs), False)


def project_listing_context(context, request):
    """Adds the project table for the current page of results to a ListingIndexPage context."""
    context.update(
        table=project_table(context["items"], request),
        total=context["page_obj"].paginator.count,
        sort_options=PROJECT_SORT_LABELS,
        export_query=_export_query(request),
    )
    return context
