"""统计报表 menu and URLs in the Wagtail admin; counting Wagtail page views for the access statistics."""

from urllib.parse import urlencode

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from members.roles import can_read_all
from reports import dashboard, views
from reports.access import target_for


@hooks.register("register_admin_urls")
def register_statistics_urls():
    patterns = [
        path("applications/", views.application_report, name="applications"),
        path("applications/list/", views.drilldown, name="drilldown"),
        path("access/", views.access_report, name="access"),
        path("workload/", views.workload_report, name="workload"),
        path("users/", views.user_report_view, name="users"),
    ]
    return [path("statistics/", include((patterns, "statistics")))]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_see_applications(request.user)


class PlatformMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_all(request.user)


class UsersMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_see_user_statistics(request.user)


@hooks.register("register_admin_menu_item")
def register_statistics_menu():
    menu = Menu(
        items=[
            ApplicationsMenuItem(_("贷款申请统计"), reverse("statistics:applications"), icon_name="table", order=10),
            ApplicationsMenuItem(_("工作量统计"), reverse("statistics:workload"), icon_name="user", order=20),
            PlatformMenuItem(_("访问统计"), reverse("statistics:access"), icon_name="view", order=30),
            UsersMenuItem(_("用户统计"), reverse("statistics:users"), icon_name="group", order=40),
        ]
    )
    return SubmenuMenuItem(_("统计报表"), menu, icon_name="table", name="statistics", order=460)


class OperationsPanel(Component):
    """运营概览 (F-STAT-10) on the admin dashboard; figures from ``dashboard.figures`` (cached five minutes)."""

    name = "operations_overview"
    order = 50
    template_name = "statistics/admin/operations_panel.html"

    class Media:
        js = ["statistics/vendor/chartjs/chart.umd.js", "statistics/charts.js"]

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        found = dashboard.figures()
        last_days = urlencode(
            {"period": "range", "from": found["first_day"].isoformat(), "to": found["today"].isoformat()}
        )
        links = [(_("用户统计"), f"{reverse('statistics:users')}?{last_days}", "ops-link-users")]
        if views.can_see_applications(self.request.user):  # level-2 admins see 用户统计 but not this report
            links.append(
                (_("贷款申请统计"), f"{reverse('statistics:applications')}?{last_days}", "ops-link-applications")
            )
        return {"figures": found, "tables": dashboard.tables(found), "links": links}


@hooks.register("construct_homepage_panels")
def add_operations_panel(request, panels):
    if views.can_see_user_statistics(request.user):
        panels.append(OperationsPanel(request))


@hooks.register("before_serve_page")
def remember_access_target(page, request, serve_args, serve_kwargs):
    """Tell the access counter (and the page cache, which keeps it for cache hits) what this view counts."""
    request.portal_access_target = target_for(page, request)
