"""Admin: the search dictionary and synonyms (snippets under 设置) and the 搜索统计 report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from core.admin_helpers import PortalSnippetViewSet
from search.admin_views import search_statistics
from search.models import FinanceTerm, SearchSynonym


class FinanceTermViewSet(PortalSnippetViewSet):
    model = FinanceTerm
    icon = "search"
    menu_label = _("搜索词典")
    add_to_settings_menu = True
    list_display = ["word", "frequency", "enabled"]
    list_filter = ["enabled"]
    search_fields = ["word"]


register_snippet(FinanceTermViewSet)


class SearchSynonymViewSet(PortalSnippetViewSet):
    """Synonyms and abbreviations (工行 = 工商银行 = 中国工商银行), applied to every search."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("搜索同义词")
    add_to_settings_menu = True
    list_display = ["terms", "enabled"]
    list_filter = ["enabled"]
    search_fields = ["terms"]


register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_urls")
def register_statistics_url():
    return [path("reports/search-statistics/", search_statistics, name="portal_search_statistics")]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("portal_search.view_noresultquery")


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(_("搜索统计"), reverse("portal_search_statistics"), icon_name="search", order=900)
