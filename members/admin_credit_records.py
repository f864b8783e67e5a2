"""Admin views: the import of external credit records (members.credit_records) and its template, for those who
may add records (the platform)."""

import io
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheets import ImportRefused, append_row, max_bytes, max_rows
from members import credit_records
from members.admin_blacklist import XLSX_TYPE, ImportForm
from members.uscc import check_character

INDEX_URL = "/admin/members/creditrecord/"


class CreditRecordImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Excel文件（.xlsx）或CSV文件")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"


def _may_import(request):
    if not request.user.has_perm("members.add_creditrecord"):
        raise PermissionDenied


def import_records(request):
    _may_import(request)
    form = CreditRecordImportForm(request.POST or None, request.FILES or None)
    errors, refused = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = credit_records.import_records(form.cleaned_data["file"])
        except ImportRefused as error:
            refused = str(error)
        else:
            if result.ok:
                messages.success(request, _("已导入 %(count)d 条外部信用记录。") % {"count": len(result.records)})
                return redirect(INDEX_URL)
            errors = result.errors
    return TemplateResponse(request, "members/admin/credit_record_import.html", {
        "form": form, "errors": errors, "refused": refused, "max_rows": max_rows(),
        "max_mb": max_bytes() / 1048576, "csv_allowed": True, "kinds": credit_records.kind_names(),
    }, status=400 if (errors or refused) else 200)


def import_template(request):
    _may_import(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("外部信用记录"))
    append_row(sheet, [f"{header}*" if required else header for header, _attr, required in credit_records.COLUMNS])
    example = list(credit_records.EXAMPLE)
    body = example[0].ljust(17, "0")[:17]
    example[0] = body + check_character(body)
    append_row(sheet, example)
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(_('外部信用记录导入模板.xlsx'))}"
    return response
