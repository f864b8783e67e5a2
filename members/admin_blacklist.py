"""Admin views: the blacklist's Excel import and its template (members.blacklist_import), for those who may add
blacklist entries (the platform)."""

import io
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.spreadsheets import ImportRefused, append_row, max_bytes, max_rows
from members import blacklist_import
from members.uscc import check_character

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INDEX_URL = "/admin/members/blacklist/"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel文件（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


def _may_import(request):
    if not request.user.has_perm("members.add_blacklist"):
        raise PermissionDenied


def import_blacklist(request):
    _may_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, refused = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = blacklist_import.import_blacklist(form.cleaned_data["file"])
        except ImportRefused as error:
            refused = str(error)
        else:
            if result.ok:
                messages.success(request, _("已导入 %(count)d 条黑名单记录。") % {"count": len(result.records)})
                return redirect(INDEX_URL)
            errors = result.errors
    return TemplateResponse(request, "members/admin/blacklist_import.html", {
        "form": form, "errors": errors, "refused": refused, "max_rows": max_rows(),
        "max_mb": max_bytes() / 1048576, "columns": [header for header, _attr, _req in blacklist_import.COLUMNS],
    }, status=400 if (errors or refused) else 200)


def import_template(request):
    _may_import(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("黑名单"))
    append_row(sheet, [f"{header}*" if required else header for header, _attr, required in blacklist_import.COLUMNS])
    example = list(blacklist_import.EXAMPLE)
    example[0] = example[0][:17] + check_character(example[0][:17])
    append_row(sheet, example)
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(_('黑名单导入模板.xlsx'))}"
    return response
