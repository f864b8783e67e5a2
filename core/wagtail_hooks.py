"""Admin for site-wide tables owned by core itself (the working-day calendar); who reads which
document through the admin API and Wagtail's /documents/ view (docs/security.md, "Files")."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from core import admin_chinese
from core.admin_api import ChooserDocumentsAPIViewSet, ChooserImagesAPIViewSet
from core.admin_helpers import PortalModelAdmin
from core.models import WorkdayOverride
from core.private_files import is_published, may_see_unpublished


@modeladmin_register
class WorkdayOverrideAdmin(PortalModelAdmin):
    model = WorkdayOverride
    menu_label = _("工作日调整")
    menu_icon = "date"
    menu_order = 900
    add_to_settings_menu = True
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    search_fields = ("note",)


@hooks.register("construct_admin_api", order=1)  # after Wagtail's own registrations, which these replace
def narrow_admin_api_to_choosers(router):
    router.register_endpoint("documents", ChooserDocumentsAPIViewSet)
    router.register_endpoint("images", ChooserImagesAPIViewSet)


@hooks.register("before_serve_document", order=1)  # after Wagtail's collection view restrictions
def hide_unpublished_documents(document, request):
    """/documents/<id>/<name> serves a document of an unrestricted collection to visitors only once a live
    page uses it; until then (a draft's attachment, a file uploaded for later) only to those who may choose
    it in the admin. A restricted collection's audience was already checked by Wagtail's hook."""
    if document.collection.get_view_restrictions().exists():
        return
    if not is_published(document) and not may_see_unpublished(request.user, document):
        raise Http404


admin_chinese.apply()

# Wagtail's menu items whose labels its zh_Hans catalogue leaves in English, by menu item name
CHINESE_LABELS = {
    "page-types-usage": _("页面类型使用情况"),
    "keyboard-shortcuts-trigger": _("键盘快捷键"),
    "help": _("帮助"),
}


def _chinese_labels(menu_items):
    for item in menu_items:
        if item.name in CHINESE_LABELS:
            item.label = CHINESE_LABELS[item.name]


@hooks.register("construct_reports_menu")
def chinese_reports_menu(request, menu_items):
    _chinese_labels(menu_items)


@hooks.register("construct_main_menu")
def chinese_main_menu(request, menu_items):
    _chinese_labels(menu_items)


@hooks.register("construct_help_menu")
def drop_wagtail_release_links(request, menu_items):
    """Wagtail's 'What's new' and 'Editor Guide' open English pages on wagtail.org: not for this back office."""
    menu_items[:] = [item for item in menu_items
                     if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")]
    _chinese_labels(menu_items)
