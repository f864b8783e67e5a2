"""融资需求 (/market/needs/): enterprises publish, edit and withdraw; institutions browse and claim."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from finance_market import needs as service
from finance_market.choices import NeedStatus
from finance_market.forms import NeedForm
from finance_market.lifecycle import TransitionError
from finance_market.models import FinancingNeed
from finance_market.permissions import can_read_all, enterprise_of, user_institution


@login_required
def need_list(request):
    enterprise, institution = enterprise_of(request.user), user_institution(request.user)
    if enterprise is not None:
        form = NeedForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service.publish(enterprise, request.user, **form.cleaned_data)
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("融资需求已提交，平台审核通过后向金融机构展示。"))
                return redirect("market:needs")
        needs = FinancingNeed.objects.filter(enterprise=enterprise).select_related("claimed_by")
        return render(request, "finance_market/needs_enterprise.html", {"form": form, "needs": needs,
                                                                       "enterprise": enterprise})
    if institution is not None or can_read_all(request.user):
        queryset = FinancingNeed.objects.filter(status=NeedStatus.PUBLISHED).select_related(
            "enterprise__industry", "enterprise__region")
        page_obj = Paginator(queryset, 20).get_page(request.GET.get("page"))
        return render(request, "finance_market/needs_institution.html", {"page_obj": page_obj,
                                                                        "can_claim": institution is not None})
    raise PermissionDenied(_("只有企业和金融机构可以使用融资需求。"))


@login_required
def need_edit(request, pk):
    """F-NEED-3: an enterprise edits its own need until it is claimed; anyone else gets 403."""
    need = get_object_or_404(FinancingNeed, pk=pk)
    enterprise = enterprise_of(request.user)
    if enterprise is None or need.enterprise_id != enterprise.pk:
        raise PermissionDenied(_("只能修改本企业的需求。"))
    if not need.is_editable:
        messages.error(request, _("该需求%(status)s，不能再修改。") % {"status": need.get_status_display()})
        return redirect("market:needs")
    form = NeedForm(request.POST or None, instance=FinancingNeed.objects.get(pk=need.pk))
    if request.method == "POST" and form.is_valid():
        try:
            service.update(need, request.user, **{name: form.cleaned_data[name] for name in service.NEED_FIELDS})
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("融资需求已修改，平台重新审核通过后向金融机构展示。"))
        return redirect("market:needs")
    return render(request, "finance_market/need_edit.html", {"form": form, "need": need})


@require_POST
@login_required
def need_claim(request, pk):
    need = get_object_or_404(FinancingNeed, pk=pk)
    try:
        application = service.claim(need, request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("market:needs")
    messages.success(request, _("抢单成功，已生成受理中的申请 %s。") % application.reference)
    return redirect(application.get_admin_url())


@require_POST
@login_required
def need_withdraw(request, pk):
    need = get_object_or_404(FinancingNeed, pk=pk)
    try:
        service.withdraw(need, request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("需求已撤回。"))
    return redirect("market:needs")
