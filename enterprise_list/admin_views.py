"""Wagtail admin views: Excel import into a list or a project channel, and the import templates.

Only someone who may edit that list (or add pages in that project channel) may import into it;
"直接发布" is offered only to those who may publish there, so a department author's import still
goes through the channel's review.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from enterprise_list import importers
from enterprise_list.exports import file_response, workbook_bytes
from enterprise_list.forms import ImportForm, RowImportForm
from enterprise_list.models import EnterpriseListPage, ProjectIndexPage
from members.uscc import check_character

TEMPLATE = "enterprise_list/admin/import.html"


def _list_page(request, page_id):
    page = get_object_or_404(EnterpriseListPage, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    lock = page.get_lock()
    if not permissions.can_edit() or (lock and lock.for_user(request.user)):
        raise PermissionDenied
    return page, permissions.can_publish()


def _project_channel(request, page_id):
    channel = get_object_or_404(ProjectIndexPage, pk=page_id)
    permissions = channel.permissions_for_user(request.user)
    if not permissions.can_add_subpage():
        raise PermissionDenied
    return channel, permissions.can_publish_subpage()


def _handle(request, form, run, target, kind, success_url):
    errors, refused = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except importers.ImportRefused as error:
            refused = str(error)
        else:
            if result.ok:
                messages.success(request, _("已导入 %(count)d 条记录。") % {"count": len(result.records)})
                return redirect(success_url)
            errors = result.errors
    return TemplateResponse(request, TEMPLATE, {
        "form": form, "target": target, "kind": kind, "errors": errors, "refused": refused,
        "template_url": reverse("enterprise_list_admin:template", args=[kind]),
        "max_rows": importers.max_rows(), "max_mb": importers.max_bytes() / 1048576,
    }, status=400 if (errors or refused) else 200)


def import_rows(request, page_id):
    page, can_publish = _list_page(request, page_id)
    form = RowImportForm(request.POST or None, request.FILES or None, can_publish=can_publish)

    def run(data):
        return importers.import_rows(page, data["file"], request.user, replace=data["replace"],
                                     action=data["action"])

    return _handle(request, form, run, page, "rows", reverse("wagtailadmin_pages:edit", args=[page.pk]))


def import_projects(request, page_id):
    channel, can_publish = _project_channel(request, page_id)
    form = ImportForm(request.POST or None, request.FILES or None, can_publish=can_publish)

    def run(data):
        return importers.import_projects(channel, data["file"], request.user, action=data["action"])

    return _handle(request, form, run, channel, "projects", reverse("wagtailadmin_explore", args=[channel.pk]))


def import_targets(request):
    """The menu item's page: every list and project channel this user may import into."""
    lists = [p for p in EnterpriseListPage.objects.order_by("path") if p.permissions_for_user(request.user).can_edit()]
    channels = [p for p in ProjectIndexPage.objects.order_by("path")
                if p.permissions_for_user(request.user).can_add_subpage()]
    if not lists and not channels:
        raise PermissionDenied
    return TemplateResponse(request, "enterprise_list/admin/targets.html", {"lists": lists, "channels": channels})


def _example_uscc():
    body = "91350100MA31E8B6" + "0"
    return body + check_character(body)


def import_template(request, kind):
    if kind == "rows":
        columns, example, name = importers.ROW_COLUMNS, list(importers.ROW_EXAMPLE), _("企业名录导入模板.xlsx")
        example[1] = _example_uscc()
    elif kind == "projects":
        columns, example, name = importers.PROJECT_COLUMNS, importers.PROJECT_EXAMPLE, _("项目导入模板.xlsx")
    else:
        raise Http404
    headers = [f"{header}*" if required else header for header, _attr, required in columns]
    return file_response(workbook_bytes(headers, [example], str(_("导入数据"))), name)


def can_import_somewhere(user):
    """Cheap check for the admin menu: the user may edit at least one list or project page."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if user.is_superuser:
        return True
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["add", "change"])
    return pages.type(EnterpriseListPage, ProjectIndexPage).exists()
