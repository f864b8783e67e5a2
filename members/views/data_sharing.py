"""Member centre: 数据授权 (/member/data-grants/: the enterprise's grants, a new grant, revoking one) and
谁查看了我的数据 (/member/data-views/: every read of its data by institution staff)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.params import int_param
from members import data_sharing
from members.decorators import enterprise_required
from members.forms import DataGrantForm
from members.models import DataGrant, GrantSource


@enterprise_required
def grant_list(request, enterprise):
    form = DataGrantForm(request.POST or None, prefix="grant")
    if request.method == "POST" and form.is_valid():
        institution = form.cleaned_data["institution"]
        until = data_sharing.end_of_period(form.cleaned_data["months"])
        try:
            data_sharing.grant(enterprise, institution, valid_until=until, by=request.user, source=GrantSource.CENTRE)
        except data_sharing.GrantError as error:
            form.add_error("institution", str(error))
        else:
            messages.success(request, _("已授权%(institution)s查看本企业的经营数据和外部信用记录，有效期至 %(day)s。")
                             % {"institution": institution.name, "day": until.strftime("%Y-%m-%d")})
            return redirect("members:data_grants")
    grants = DataGrant.objects.filter(enterprise=enterprise).select_related("institution")
    return render(request, "members/data_grants.html", {"form": form, "grants": grants},
                  status=400 if form.errors else 200)


@require_POST
@enterprise_required
def grant_revoke(request, enterprise, pk):
    data_grant = get_object_or_404(DataGrant, pk=pk, enterprise=enterprise)
    if data_grant.revoked_at is None:
        data_sharing.revoke(data_grant, request.user)
        messages.success(request, _("已撤销对%(institution)s的数据授权，该机构即刻起不能再查看本企业的数据。")
                         % {"institution": data_grant.institution.name})
    return redirect("members:data_grants")


@enterprise_required
def view_log(request, enterprise):
    page = Paginator(data_sharing.view_log(enterprise), 20).get_page(int_param(request.GET.get("page"), 1) or 1)
    return render(request, "members/data_views.html", {"page_obj": page})
