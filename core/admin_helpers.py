"""Small pieces shared by the apps' Wagtail admin registrations (modeladmin, snippets, viewsets)."""

from django.contrib.admin import AllValuesFieldListFilter
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView, IndexView

# the permissions any one of which opens a Wagtail listing (generic IndexView.any_permission_required)
LIST_ACTIONS = ["add", "change", "delete", "view"]


class FilledValuesListFilter(AllValuesFieldListFilter):
    """Filter by the values a free-text field holds. Django shows a blank value as a link with no text, which
    screen readers announce as nothing (axe: link-name); here it reads 未填写."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": _("未填写")}
            yield choice


class NoAdminChangesMixin:
    """For a modeladmin PermissionHelper whose records nobody creates, edits or deletes in the admin: logs are
    evidence, and applications, notices and the like change only through their lifecycle."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ListedObjectHistoryView(HistoryView):
    """A modeladmin object's history, only for a user who sees that object in the model's list (the list
    permission and the admin's get_queryset, which narrows rows to an institution or a handler's queue);
    anyone else gets 404, as if the object did not exist. wagtail-modeladmin's own history view loads any
    object by id for any admin user."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_list(request.user) or not self.model_admin.get_queryset(
                request).filter(pk=self.instance.pk).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PortalIndexView(IndexView):
    """wagtail-modeladmin's list without its repeated work (its IndexView.get_context_data, otherwise as it is):
    ``dispatch`` has built the list's queryset (filters, ordering, search), which ``get_context_data`` built
    again, filter choices included; the rows were counted twice (the list's count, then the paginator's) and
    once more for all rows, which are the same rows when no search or filter parameter is given (the portal's
    list filters narrow only on their own parameter)."""

    def get_context_data(self, **kwargs):
        queryset = self.queryset
        result_count = queryset.count()
        narrowed = self.query or self.get_filters_params()
        paginator = self.paginator_class(queryset, self.items_per_page)
        paginator.count = result_count
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        context = {
            "view": self,
            "all_count": self.get_base_queryset().count() if narrowed else result_count,
            "result_count": result_count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
        }
        if self.is_pagemodel:
            valid_parents = self.permission_helper.get_valid_parent_pages(self.request.user)
            context.update({
                "no_valid_parents": not valid_parents.count(),
                "required_parent_types": [m._meta.verbose_name for m in self.model.allowed_parent_page_models()],
            })
        context.update(kwargs)
        return super(IndexView, self).get_context_data(**context)


class PortalModelAdmin(ModelAdmin):
    """The base of every modeladmin of the portal: history as the list shows it (ListedObjectHistoryView), and
    the list's table written by ``{% portal_result_list %}`` (core/templatetags/portal_admin_list.py)."""

    history_view_class = ListedObjectHistoryView
    index_view_class = PortalIndexView
    index_template_name = "site_portal/admin/modeladmin_index.html"


class ListedHistoryMixin:
    """For a Wagtail generic HistoryView (snippets, users, roles): 404 unless the user may open the
    model's listing. These listings are not narrowed per row, so the listing permission is the whole rule."""

    def get_base_object_queryset(self):
        if not self.user_has_any_permission(LIST_ACTIONS):
            return self.model._default_manager.none()
        return super().get_base_object_queryset()


class ListedSnippetHistoryView(ListedHistoryMixin, SnippetHistoryView):
    pass


class ListersOnlyChooserMixin:
    """Wagtail opens a snippet's chooser (its list of rows, as JSON) to every admin user, so that any editor
    can pick a snippet in a page. The portal's snippets are the platform's own tables (禁用词, 搜索词典),
    chosen in no page: their chooser is for those who may open the listing, like the listing itself."""

    def dispatch(self, request, *args, **kwargs):
        if not policy_registry.get_by_type(self.model_class).user_has_any_permission(request.user, LIST_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ListersOnlyChooseView(ListersOnlyChooserMixin, snippet_chooser.ChooseView):
    pass


class ListersOnlyChooseResultsView(ListersOnlyChooserMixin, snippet_chooser.ChooseResultsView):
    pass


class ListersOnlyChosenView(ListersOnlyChooserMixin, snippet_chooser.SnippetChosenView):
    pass


class ListersOnlyChosenMultipleView(ListersOnlyChooserMixin, snippet_chooser.SnippetChosenMultipleView):
    pass


class ListersOnlyCreateView(ListersOnlyChooserMixin, snippet_chooser.SnippetCreateView):
    pass


class PortalSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ListersOnlyChooseView
    choose_results_view_class = ListersOnlyChooseResultsView
    chosen_view_class = ListersOnlyChosenView
    chosen_multiple_view_class = ListersOnlyChosenMultipleView
    create_view_class = ListersOnlyCreateView


class PortalSnippetViewSet(SnippetViewSet):
    """The base of every snippet viewset of the portal: history and chooser only for who may open the
    listing (404 for the history, Wagtail's refusal for the chooser)."""

    history_view_class = ListedSnippetHistoryView
    chooser_viewset_class = PortalSnippetChooserViewSet
