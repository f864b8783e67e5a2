"""Certification and sensitive-change review in the Wagtail admin (buttons added in wagtail_hooks)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from members import services
from members.forms import ReasonForm
from members.masking import can_see_full_contact, mask_code
from members.models import Blacklist, CertificationMaterials, Enterprise, ProfileChangeRequest

ENTERPRISE_INDEX = "members_enterprise_modeladmin_index"
CHANGES_INDEX = "members_profilechangerequest_modeladmin_index"


def _require_certifier(request):
    if not request.user.has_perm("members.certify_enterprise"):
        raise PermissionDenied


def certify_enterprise(request, pk):
    """GET shows the enterprise and any blacklist hit; POST certifies (or ends it, when blacklisted)."""
    _require_certifier(request)
    enterprise = get_object_or_404(Enterprise, pk=pk)
    if request.method == "POST":
        try:
            services.certify(enterprise, by=request.user)
        except services.CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(name)s”已通过认证。") % {"name": enterprise.name})
        return redirect(ENTERPRISE_INDEX)
    materials = CertificationMaterials.objects.filter(enterprise=enterprise).first()
    id_number = materials.legal_representative_id_number if materials else ""
    return TemplateResponse(request, "members/admin/certify.html", {
        "enterprise": enterprise,
        "materials": materials,
        "id_number": id_number if can_see_full_contact(request.user, enterprise) else mask_code(id_number),
        "acceptance": enterprise.authorisation_acceptances.select_related("account", "revision").first(),
        "blacklist_entry": Blacklist.entry_for(enterprise.credit_code),
        "reject_url": reverse("members_admin:reject_enterprise", args=[enterprise.pk]),
    })


@never_cache
def certification_licence(request, pk):
    """The 营业执照 an enterprise uploaded, for those who review certifications only (never /media/)."""
    _require_certifier(request)
    materials = get_object_or_404(CertificationMaterials, enterprise_id=pk)
    try:
        handle = materials.business_licence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = "application/pdf" if materials.licence_is_pdf else (materials.licence_content_type or
                                                                         "application/octet-stream")
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def reject_enterprise(request, pk):
    _require_certifier(request)
    enterprise = get_object_or_404(Enterprise, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject(enterprise, by=request.user, reason=form.cleaned_data["reason"])
        except services.CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已驳回“%(name)s”的认证。") % {"name": enterprise.name})
        return redirect(ENTERPRISE_INDEX)
    return TemplateResponse(request, "members/admin/reason.html", {
        "title": _("驳回企业认证：%(name)s") % {"name": enterprise.name}, "form": form, "object": enterprise,
    })


def approve_change(request, pk):
    _require_certifier(request)
    change = get_object_or_404(ProfileChangeRequest, pk=pk)
    if request.method != "POST":
        return TemplateResponse(request, "members/admin/approve_change.html", {
            "change": change, "reject_url": reverse("members_admin:reject_change", args=[change.pk]),
        })
    try:
        services.approve_change(change, by=request.user)
    except services.CertificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("变更已生效。"))
    return redirect(CHANGES_INDEX)


def reject_change(request, pk):
    _require_certifier(request)
    change = get_object_or_404(ProfileChangeRequest, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_change(change, by=request.user, reason=form.cleaned_data["reason"])
        except services.CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("变更已驳回。"))
        return redirect(CHANGES_INDEX)
    return TemplateResponse(request, "members/admin/reason.html", {
        "title": _("驳回变更：%(change)s") % {"change": change}, "form": form, "object": change,
    })


def cancel_enterprise_account(request, pk):
    """注销 by a level-1 platform admin (F-REG-14), with a reason kept in the operation log."""
    from members.roles import is_platform_admin

    if not is_platform_admin(request.user):
        raise PermissionDenied
    enterprise = get_object_or_404(Enterprise, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_account(enterprise.account, by=request.user, reason=form.cleaned_data["reason"])
        except services.CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(name)s”的账号已注销，个人信息已删除。") % {"name": enterprise.name})
        return redirect(ENTERPRISE_INDEX)
    return TemplateResponse(request, "members/admin/cancel_account.html", {
        "title": _("注销企业账号：%(name)s") % {"name": enterprise.name}, "form": form, "object": enterprise,
    })
