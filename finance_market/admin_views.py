"""Back-office views in the Wagtail admin: one application with its actions, notices, urges, need review.

Every action goes through finance_market.lifecycle / needs; these views only pick the form and report.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.lifecycle import history
from finance_market import lifecycle, needs, repayment
from finance_market.choices import ApplicationStatus, RaterSide
from finance_market.forms import (
    CreditCheckForm,
    DisburseForm,
    LoanStepForm,
    NotDisburseForm,
    NoteForm,
    RatingForm,
    RefuseForm,
    RequestInfoForm,
    SettleForm,
    SignForm,
    UrgeForm,
)
from finance_market.models import FeedbackNotice, FinancingNeed, LoanApplication, Rating
from finance_market.permissions import can_read_all, is_staff_of, signs_off_notices, user_institution
from members import credit_records, data_sharing
from members.models import AuthorisationAcceptance, CertificationMaterials, DataGrant, DataViewKind, Enterprise
from members.roles import is_platform_admin

ACTION_FORMS = {"accept": NoteForm, "request_info": RequestInfoForm, "sign": SignForm, "refuse": RefuseForm,
                "disburse": DisburseForm, "settle": SettleForm, "not_disburse": NotDisburseForm}


def _action_form(action, application, data=None):
    form_class = ACTION_FORMS[action]
    if issubclass(form_class, LoanStepForm):
        return form_class(data, prefix=action, application=application)
    return form_class(data, prefix=action)


def _visible(request, pk):
    return get_object_or_404(
        LoanApplication.objects.visible_to(request.user).select_related(
            "enterprise__industry", "enterprise__region", "institution", "product", "refusal_reason", "need"), pk=pk)


def granted_data(user, enterprise, kind, detail=""):
    """The enterprise's detailed data (financials by year, external credit records) for ``user`` under a live
    grant (members.data_sharing), each showing logged; else only the refusal the page shows instead."""
    access = data_sharing.access_for(user, enterprise)
    if not access.allowed:
        return {"data_access": access}
    data_sharing.log_view(user, enterprise, access, kind, detail)
    return {"data_access": access, "financials": list(enterprise.financials.all()),
            "credit_records": credit_records.records_for(enterprise)}


def application_detail(request, pk, forms=None):
    application = _visible(request, pk)
    actions = [t for t in lifecycle.allowed_transitions(application, request.user) if t.action in ACTION_FORMS]
    forms = forms or {}
    action_forms = [(t, forms.get(t.action) or _action_form(t.action, application)) for t in actions]
    ratings = {r.side: r for r in application.ratings.all()}
    is_staff = is_staff_of(request.user, application.institution_id)
    credit = _credit_facts(application)
    return TemplateResponse(request, "finance_market/admin/application_detail.html", {
        **granted_data(request.user, application.enterprise, DataViewKind.APPLICATION, application.reference),
        "application": application, "action_forms": action_forms,
        "events": history(application),
        "disbursements": application.disbursements.select_related("recorded_by"),
        "plans": repayment.plans(application),
        "attachments": application.attachments.prefetch_related("accesses__user"),
        "urges": application.urges.select_related("by"),
        "notice": FeedbackNotice.objects.filter(application=application).first(),
        "can_urge": can_read_all(request.user) and application.is_open,
        "urge_form": forms.get("urge") or UrgeForm(prefix="urge"),
        "is_staff": is_staff,
        "can_sign_notice": signs_off_notices(request.user),
        **credit,
        "credit_form": (forms.get("credit_check") or CreditCheckForm(prefix="credit_check", initial={
            "credit_status": application.credit_status, "anti_fraud_score": application.anti_fraud_score}))
        if is_staff and application.is_open else None,
        "rating_form": RatingForm(prefix="rate") if is_staff and application.is_decided
        and RaterSide.INSTITUTION not in ratings else None,
        "enterprise_rating": ratings.get(RaterSide.ENTERPRISE), "bank_rating": ratings.get(RaterSide.INSTITUTION),
    })


def _credit_facts(application):
    """信用状况 / 反欺诈评分 and where they come from: the bank's own check (本行核查) on the application, else what
    the platform recorded on the financing need the application came from, else nothing yet."""
    need = application.need
    if application.credit_status or application.anti_fraud_score is not None:
        if application.credit_checked_at:
            source = _("本行核查：%(who)s，%(when)s") % {
                "who": application.credit_checked_by or "—",
                "when": timezone.localtime(application.credit_checked_at).strftime("%Y-%m-%d %H:%M")}
        else:
            source = _("本行录入")
        return {"credit_status": application.credit_status, "anti_fraud_score": application.anti_fraud_score,
                "credit_source": source}
    if need is not None and (need.credit_status or need.anti_fraud_score is not None):
        return {"credit_status": need.credit_status, "anti_fraud_score": need.anti_fraud_score,
                "credit_source": _("来自企业融资需求（平台录入），本行尚未核查")}
    return {"credit_status": "", "anti_fraud_score": None, "credit_source": _("本行尚未核查")}


@require_POST
def application_action(request, pk, action):
    application = _visible(request, pk)
    try:
        if action in ACTION_FORMS:
            form = _action_form(action, application, request.POST)
            if not form.is_valid():
                messages.error(request, _("请检查填写的内容。"))
                return application_detail(request, pk, forms={action: form})
            data = form.cleaned_data
            lifecycle.apply_transition(application, action, request.user, note=data.get("note", ""),
                                       credit_amount=data.get("credit_amount"), reason=data.get("reason"),
                                       key=data.get("token"), settled_on=data.get("settled_on"),
                                       disbursement=form.disbursement() if action == "disburse" else None)
            messages.success(request, _("已%s。") % lifecycle.TRANSITIONS[action].label)
        elif action == "credit_check":
            form = CreditCheckForm(request.POST, prefix="credit_check")
            if not form.is_valid():
                messages.error(request, _("请检查填写的内容。"))
                return application_detail(request, pk, forms={"credit_check": form})
            lifecycle.record_credit_check(application, request.user, **form.cleaned_data)
            messages.success(request, _("核查结果已保存。"))
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
        elif action == "sign_notice":
            notice = get_object_or_404(FeedbackNotice, application=application)
            lifecycle.sign_off_notice(notice, request.user)
            messages.success(request, _("反馈通知书已签收。"))
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


def notice_print(request, pk):
    """反馈通知书 as a formatted notice to print (print stylesheet; the browser's 打印 / 另存为 PDF), for whoever
    may read its application; anyone else gets 404."""
    notice = get_object_or_404(
        FeedbackNotice.objects.select_related("application__institution", "application__enterprise", "reported_by",
                                              "signed_by").filter(
            application__in=LoanApplication.objects.visible_to(request.user)), pk=pk)
    lines = notice.content.splitlines()
    rows = [line.split("：", 1) for line in lines[1:] if "：" in line]
    return TemplateResponse(request, "finance_market/admin/notice_print.html", {
        "notice": notice, "application": notice.application, "title": lines[0] if lines else _("反馈通知书"),
        "rows": rows})


# --- batch actions from the lists (受理所选, 报送所选, 签收所选) ---------------------------------------------

def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _selected(request, queryset):
    pks = [int(pk) for pk in request.POST.getlist("pk") if pk.isdigit()]
    return list(queryset.filter(pk__in=pks)), len(set(pks))


BATCHES = {  # kind: (what the list holds, the message when done)
    "accept": ("applications", gettext_lazy("已受理 %(n)s 份申请。")),
    "report": ("notices", gettext_lazy("已报送 %(n)s 份反馈通知书。")),
    "sign": ("notices", gettext_lazy("已签收 %(n)s 份反馈通知书。")),
}


@require_POST
def batch(request, kind):
    """Apply one step to every selected row the user may see; each row on its own (one refusal does not stop
    the others), and the message names the rows that were refused and why. Rows the user may not see count
    as refused, without saying whether they exist."""
    if kind not in BATCHES:
        raise Http404
    user = request.user
    if user_institution(user) is None and not can_read_all(user):
        raise PermissionDenied
    holds, done_message = BATCHES[kind]
    if holds == "applications":
        fallback = "finance_market_loanapplication_modeladmin_index"
        items, asked = _selected(request, LoanApplication.objects.visible_to(user))
        done, failed = lifecycle.in_batch(
            items, lambda app: lifecycle.apply_transition(app, "accept", user, note=request.POST.get("note", "")),
            lambda app: app.reference)
    else:
        fallback = "finance_market_feedbacknotice_modeladmin_index"
        items, asked = _selected(request, FeedbackNotice.objects.select_related("application").filter(
            application__in=LoanApplication.objects.visible_to(user)))
        step = lifecycle.report_notice if kind == "report" else lifecycle.sign_off_notice
        done, failed = lifecycle.in_batch(items, lambda notice: step(notice, user),
                                          lambda notice: notice.application.reference)
    if not asked:
        messages.error(request, _("请先勾选要处理的条目。"))
        return _back(request, fallback)
    if done:
        messages.success(request, done_message % {"n": len(done)})
    unseen = asked - len(items)
    refusals = [f"{name}：{reason}" for name, reason in failed]
    if unseen:
        refusals.append(_("%(n)s 条不存在或无权处理") % {"n": unseen})
    if refusals:
        messages.error(request, _("未处理：%s") % "；".join(refusals))
    return _back(request, fallback)


# --- 企业画像: an enterprise's profile for a bank ------------------------------------------------------------

def granted_enterprises(request):
    """The enterprises whose data this bank may read now (live grants, from applications or the member
    centre), each linked to its 企业画像. Institution staff only."""
    institution = user_institution(request.user)
    if institution is None:
        raise PermissionDenied
    grants = (DataGrant.objects.live().filter(institution=institution).select_related("enterprise")
              .order_by("valid_until", "pk"))
    return TemplateResponse(request, "finance_market/admin/granted_enterprises.html", {"grants": grants})


def enterprise_profile(request, pk):
    """企业画像 for institution staff. Under a live grant: identity, certification, financials by year, external
    records, applications on the platform and the banks' ratings, each showing logged. Without one, a bank the
    enterprise applied to sees who it is and why the rest is withheld (403); any other bank 404, as if the
    enterprise did not exist; other roles are refused (the data is the enterprise's, shared with banks only)."""
    institution = user_institution(request.user)
    if institution is None:
        raise PermissionDenied
    enterprise = get_object_or_404(Enterprise.objects.select_related("industry", "region", "park"), pk=pk)
    applied = LoanApplication.objects.filter(enterprise=enterprise, institution=institution).exists()
    access = data_sharing.access_for(request.user, enterprise)
    if not access.allowed and not applied:
        raise Http404
    context = {"enterprise": enterprise, "data_access": access,
               "materials": CertificationMaterials.objects.filter(enterprise=enterprise).first(),
               "acceptance": AuthorisationAcceptance.objects.filter(enterprise=enterprise).order_by("-pk").first()}
    if not access.allowed:
        return TemplateResponse(request, "finance_market/admin/enterprise_profile.html", context, status=403)
    context.update(granted_data(request.user, enterprise, DataViewKind.PROFILE))
    applications = list(LoanApplication.objects.filter(enterprise=enterprise)
                         .select_related("institution", "refusal_reason").order_by("-submitted_at"))
    decided = [a for a in applications if a.is_decided]
    context.update(
        applications=applications,
        signed=sum(1 for a in decided if a.status == ApplicationStatus.SIGNED),
        decided=len(decided),
        ratings=list(Rating.objects.filter(application__enterprise=enterprise, side=RaterSide.INSTITUTION)
                     .select_related("application__institution").order_by("-created_at")),
    )
    return TemplateResponse(request, "finance_market/admin/enterprise_profile.html", context)
