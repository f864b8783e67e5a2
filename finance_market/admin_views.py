"""Back-office views in the Wagtail admin: one application with its actions, notices, urges, need review.

Every action goes through finance_market.lifecycle / needs; these views only pick the form and report.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from finance_market import lifecycle, needs
from finance_market.choices import RaterSide
from finance_market.forms import NoteForm, RatingForm, RefuseForm, RequestInfoForm, SignForm, UrgeForm
from finance_market.models import FeedbackNotice, FinancingNeed, LoanApplication
from finance_market.permissions import can_read_all, is_staff_of
from members.roles import is_platform_admin

ACTION_FORMS = {"accept": NoteForm, "request_info": RequestInfoForm, "sign": SignForm, "refuse": RefuseForm}


def _visible(request, pk):
    return get_object_or_404(
        LoanApplication.objects.visible_to(request.user).select_related(
            "enterprise__industry", "enterprise__region", "institution", "product", "refusal_reason"), pk=pk)


def application_detail(request, pk, forms=None):
    application = _visible(request, pk)
    actions = [t for t in lifecycle.allowed_transitions(application, request.user) if t.action in ACTION_FORMS]
    forms = forms or {}
    action_forms = [(t, forms.get(t.action) or ACTION_FORMS[t.action](prefix=t.action)) for t in actions]
    ratings = {r.side: r for r in application.ratings.all()}
    is_staff = is_staff_of(request.user, application.institution_id)
    return TemplateResponse(request, "finance_market/admin/application_detail.html", {
        "application": application, "action_forms": action_forms,
        "events": application.events.select_related("actor"),
        "attachments": application.attachments.select_related("document"),
        "urges": application.urges.select_related("by"),
        "notice": FeedbackNotice.objects.filter(application=application).first(),
        "can_urge": can_read_all(request.user) and application.is_open,
        "urge_form": forms.get("urge") or UrgeForm(prefix="urge"),
        "is_staff": is_staff,
        "rating_form": RatingForm(prefix="rate") if is_staff and application.is_decided
        and RaterSide.INSTITUTION not in ratings else None,
        "enterprise_rating": ratings.get(RaterSide.ENTERPRISE), "bank_rating": ratings.get(RaterSide.INSTITUTION),
    })


@require_POST
def application_action(request, pk, action):
    application = _visible(request, pk)
    try:
        if action in ACTION_FORMS:
            form = ACTION_FORMS[action](request.POST, prefix=action)
            if not form.is_valid():
                messages.error(request, _("请检查填写的内容。"))
                return application_detail(request, pk, forms={action: form})
            data = form.cleaned_data
            lifecycle.apply_transition(application, action, request.user, note=data.get("note", ""),
                                       credit_amount=data.get("credit_amount"), reason=data.get("reason"))
            messages.success(request, _("已%s。") % lifecycle.TRANSITIONS[action].label)
        elif action == "urge":
            form = UrgeForm(request.POST, prefix="urge")
            if not form.is_valid():
                return application_detail(request, pk, forms={"urge": form})
            lifecycle.urge(application, request.user, form.cleaned_data["note"])
            messages.success(request, _("已催办。"))
        elif action == "rate":
            form = RatingForm(request.POST, prefix="rate")
            if not form.is_valid():
                raise lifecycle.TransitionError(_("请选择1到5星。"))
            lifecycle.rate(application, request.user, form.cleaned_data["score"], form.cleaned_data["comment"])
            messages.success(request, _("评价已保存。"))
        elif action == "report":
            notice = get_object_or_404(FeedbackNotice, application=application)
            lifecycle.report_notice(notice, request.user)
            messages.success(request, _("反馈通知书已报送人民银行。"))
        else:
            raise Http404
    except lifecycle.TransitionError as error:
        messages.error(request, str(error))
    return redirect("market_admin:application", pk=application.pk)


def need_review(request, pk, decision):
    """GET shows the need with a note box; POST approves or rejects it. Platform admins only: before review a
    need is the enterprise's and the platform's, not yet for institutions or supervisors."""
    if not is_platform_admin(request.user):
        raise PermissionDenied
    need = get_object_or_404(FinancingNeed.objects.select_related("enterprise"), pk=pk)
    if decision not in ("approve", "reject"):
        raise Http404
    if request.method != "POST":
        return TemplateResponse(request, "finance_market/admin/need_review.html",
                                {"need": need, "decision": decision})
    try:
        needs.review(need, request.user, approve=decision == "approve", note=request.POST.get("note", ""))
        messages.success(request, _("已审核。"))
    except lifecycle.TransitionError as error:
        messages.error(request, str(error))
    return redirect("finance_market_financingneed_modeladmin_index")
