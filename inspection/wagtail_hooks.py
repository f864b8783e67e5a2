"""Admin wiring: the two reports, the editable intervals and forbidden words, and the publishing guard."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import modeladmin_register

from core.admin_helpers import PortalModelAdmin, PortalSnippetViewSet
from core.dashboard import Todo, TodoPanel, TodoTable
from inspection import guard
from inspection.admin_views import can_view, channel_review, inspection_dashboard, link_report
from inspection.middleware import blocked_message
from inspection.models import ChannelFreshness, ForbiddenWord, FreshnessState


@hooks.register("register_admin_urls")
def register_inspection_urls():
    return [
        path("reports/inspection/", inspection_dashboard, name="inspection_dashboard"),
        path("reports/inspection/links/", link_report, name="inspection_links"),
        path("reports/channel-review/", channel_review, name="inspection_channel_review"),
    ]


class PlatformMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item():
    return PlatformMenuItem(gettext_lazy("网站检查"), reverse("inspection_dashboard"), icon_name="warning", order=910)


@hooks.register("register_reports_menu_item")
def register_links_menu_item():
    return PlatformMenuItem(gettext_lazy("链接检查"), reverse("inspection_links"), icon_name="link", order=911)


class ForbiddenWordViewSet(PortalSnippetViewSet):
    model = ForbiddenWord
    icon = "warning"
    menu_label = gettext_lazy("禁用词")
    add_to_settings_menu = True
    list_display = ["word", "action", "note"]
    list_filter = ["action"]
    search_fields = ["word", "note"]


register_snippet(ForbiddenWordViewSet)


class IntervalPermissionHelper(PermissionHelper):
    """Rows are created for every channel by the inspection itself; admins only change the interval."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


@modeladmin_register
class ChannelFreshnessAdmin(PortalModelAdmin):
    model = ChannelFreshness
    menu_label = gettext_lazy("栏目更新周期")
    menu_icon = "time"
    menu_order = 910
    add_to_settings_menu = True
    permission_helper_class = IntervalPermissionHelper
    list_display = ("page", "interval_days", "notified_state", "notified_at")
    list_filter = ("notified_state",)


@hooks.register("before_publish_page")
def guard_before_publish(request, page):
    """Publishing from the editor (and creating with publish): block on a hit, warn on a warn-only hit."""
    try:
        warnings = guard.check_page(page)
    except guard.PublishBlocked as blocked:
        if page.first_published_at is None and page.live_revision_id is None:
            # Wagtail's create view saved the new page as live before asking us: keep it a draft
            Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        messages.error(request, blocked_message(blocked.hits))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if warnings:
        messages.warning(request, _("请注意以下内容：%s") % guard.summary(warnings))
    return None


class InspectionSummaryPanel(Component):
    """On the admin dashboard of platform admins: how many channels, replies and links need attention."""

    name = "inspection_summary"
    order = 90
    template_name = "inspection/summary_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from inspection.admin_views import summary

        return summary()


@hooks.register("construct_homepage_panels")
def add_inspection_panel(request, panels):
    if can_view(request.user):
        panels.append(InspectionSummaryPanel(request))


@hooks.register("construct_homepage_panels")
def add_channel_todo_panel(request, panels):
    """A department's (or level-2 admin's) channels: pages waiting for review, and each channel's freshness.
    Platform admins see the whole site in the inspection panel instead."""
    from inspection.admin_views import editable_channel_statuses, pages_in_review

    if can_view(request.user) or not request.user.has_perm("wagtailadmin.access_admin"):
        return
    statuses = editable_channel_statuses(request.user)
    if not statuses:
        return
    review_url = reverse("inspection_channel_review")  # exactly the pages counted here
    table_url = reverse("wagtailadmin_home") + "#channels-todo-table"  # the table below lists them
    late = [s for s in statuses if s.state == FreshnessState.OVERDUE]
    soon = [s for s in statuses if s.state == FreshnessState.DUE_SOON]
    rows = [[(s.page.title, reverse("wagtailadmin_explore", args=[s.page.pk])), (s.get_state_display(), ""),
             (s.last_published.date() if s.last_published else "—", ""), (s.days_left, "")] for s in statuses]
    panels.append(TodoPanel("channels-todo", gettext_lazy("本部门栏目待办"), [
        Todo("channels-review", gettext_lazy("待审核的页面"), pages_in_review([s.page for s in statuses]).count(),
             review_url),
        Todo("channels-overdue", gettext_lazy("超期未更新的栏目"), len(late),
             table_url, urgent=True),
        Todo("channels-due-soon", gettext_lazy("即将超期的栏目"), len(soon),
             table_url, urgent=True),
    ], order=10, table=TodoTable(gettext_lazy("栏目更新情况"), [
        gettext_lazy("栏目"), gettext_lazy("状态"), gettext_lazy("最近发布"), gettext_lazy("剩余天数")], rows)))
