"""Admin entry points for the Excel import: a button on the list / project channel and a menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from enterprise_list import admin_views
from enterprise_list.listing import views as listing
from enterprise_list.models import EnterpriseListPage, ProjectIndexPage


@hooks.register("register_admin_urls")
def register_import_urls():
    patterns = [
        path("", admin_views.import_targets, name="targets"),
        path("list/<int:page_id>/", admin_views.import_rows, name="import_rows"),
        path("projects/<int:page_id>/", admin_views.import_projects, name="import_projects"),
        path("template/<slug:kind>.xlsx", admin_views.import_template, name="template"),
        path("listing-plans/", listing.admin_index, name="listing_plans"),
        path("listing-plans/export.xlsx", listing.admin_export, name="listing_export"),
    ]
    return [path("list-import/", include((patterns, "enterprise_list_admin")))]


def _import_button(page, user):
    specific = page.specific_class
    if specific is EnterpriseListPage and page.permissions_for_user(user).can_edit():
        return PageMenuItem(_("Excel导入企业"), reverse("enterprise_list_admin:import_rows", args=[page.pk]),
                            icon_name="upload", priority=25, page=page)
    if specific is ProjectIndexPage and page.permissions_for_user(user).can_add_subpage():
        return PageMenuItem(_("Excel导入项目"), reverse("enterprise_list_admin:import_projects", args=[page.pk]),
                            icon_name="upload", priority=25, page=page)
    return None


@hooks.register("register_page_header_buttons")
def import_header_button(page, user, view_name, next_url=None):
    button = _import_button(page, user)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def import_listing_button(page, user, next_url=None):
    button = _import_button(page, user)
    if button:
        yield button


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import_somewhere(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("名录与项目导入"), reverse("enterprise_list_admin:targets"), icon_name="upload",
                          order=450)


class ListingPlansMenuItem(MenuItem):
    def is_shown(self, request):
        return listing.can_view_listing_plans(request.user)


@hooks.register("register_admin_menu_item")
def register_listing_plans_menu_item():
    return ListingPlansMenuItem(_("资本市场培育板"), reverse("enterprise_list_admin:listing_plans"),
                                icon_name="list-ul", order=460)
