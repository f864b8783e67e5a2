"""The enterprise's applications (/member/applications/): status, history, withdraw, resubmit, rate;
and the permission-checked download of application materials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lifecycle import history
from finance_market import lifecycle
from finance_market.checkout import attach
from finance_market.choices import RaterSide
from finance_market.forms import AttachmentField, EnterpriseUrgeForm, RatingForm, ResubmitForm
from finance_market.models import ApplicationAttachment, LoanApplication, MarketSettings, MaterialAccess
from members import data_sharing
from members.decorators import enterprise_required


def _own(enterprise, reference):
    return get_object_or_404(
        LoanApplication.objects.select_related("institution", "product", "refusal_reason"),
        enterprise=enterprise, reference=reference)


@enterprise_required
def application_list(request, enterprise):
    queryset = LoanApplication.objects.filter(enterprise=enterprise).select_related("institution")
    status = request.GET.get("status", "")
    if status:
        queryset = queryset.filter(status=status)
    page_obj = Paginator(queryset, 20).get_page(request.GET.get("page"))
    return render(request, "finance_market/member/applications.html", {"page_obj": page_obj, "status": status,
                                                                      "statuses": LoanApplication._meta.get_field(
                                                                          "status").choices})


@enterprise_required
def application_detail(request, enterprise, reference):
    application = _own(enterprise, reference)
    ratings = {r.side: r for r in application.ratings.all()}
    max_bytes = MarketSettings.load().attachment_max_mb * 1024 * 1024
    return render(request, "finance_market/member/application_detail.html", {
        "application": application,
        "events": [(event, lifecycle.trail_label(event)) for event in history(application)],
        "urge_refusal": lifecycle.enterprise_urge_refusal(application, request.user)
        if application.is_overdue else None,
        "urge_form": EnterpriseUrgeForm(),
        "attachments": application.attachments.all(),
        "actions": {t.action for t in lifecycle.allowed_transitions(application, request.user)},
        "resubmit_form": ResubmitForm(), "upload_field": AttachmentField(max_bytes=max_bytes),
        "rating_form": RatingForm(),
        "my_rating": ratings.get(RaterSide.ENTERPRISE), "bank_rating": ratings.get(RaterSide.INSTITUTION),
        "notice": getattr(application, "feedback_notice", None) if application.is_decided else None,
        "data_grant": data_sharing.live_grant(enterprise, application.institution),
    })


@require_POST
@enterprise_required
def application_action(request, enterprise, reference, action):
    application = _own(enterprise, reference)
    if action not in ("withdraw", "resubmit", "rate", "urge"):
        raise Http404
    try:
        if action == "urge":
            form = EnterpriseUrgeForm(request.POST)
            if not form.is_valid():
                raise lifecycle.TransitionError(" ".join(form.errors["note"]))
            lifecycle.enterprise_urge(application, request.user, form.cleaned_data["note"])
            messages.success(request, _("已催办，银行将收到提醒。"))
        elif action == "rate":
            form = RatingForm(request.POST)
            if not form.is_valid():
                raise lifecycle.TransitionError(_("请选择1到5星。"))
            lifecycle.rate(application, request.user, form.cleaned_data["score"], form.cleaned_data["comment"])
            messages.success(request, _("感谢您的评价。"))
        elif action == "resubmit":
            form = ResubmitForm(request.POST)
            max_bytes = MarketSettings.load().attachment_max_mb * 1024 * 1024
            uploads = AttachmentField(max_bytes=max_bytes).clean(request.FILES.getlist("attachments"))
            if not form.is_valid():
                raise lifecycle.TransitionError(_("请填写补充说明。"))
            with transaction.atomic():
                lifecycle.apply_transition(application, "resubmit", request.user, note=form.cleaned_data["note"])
                attach(application, uploads, request.user)
            messages.success(request, _("补充材料已提交。"))
        else:
            lifecycle.apply_transition(application, "withdraw", request.user, note=request.POST.get("note", ""))
            messages.success(request, _("申请已撤回。"))
    except lifecycle.TransitionError as error:
        messages.error(request, str(error))
    except Exception as error:  # a file the AttachmentField refused
        from django.core.exceptions import ValidationError

        if not isinstance(error, ValidationError):
            raise
        messages.error(request, " ".join(error.messages))
    return redirect("market_member:application", reference=application.reference)


@login_required
def attachment(request, pk):
    """Serve one material to those who may read its application (LoanApplication.objects.visible_to: the
    enterprise, the institution it was made to, 人民银行 supervisors and platform admins); anyone else gets
    404, as if it did not exist. Every access is logged (MaterialAccess). ``?view=1`` shows a PDF or picture
    in the browser (sandboxed), anything else is downloaded."""
    item = get_object_or_404(ApplicationAttachment, pk=pk)
    if not LoanApplication.objects.visible_to(request.user).filter(pk=item.application_id).exists():
        raise Http404
    inline = request.GET.get("view") == "1" and item.viewable
    MaterialAccess.objects.create(attachment=item, user=request.user,
                                  kind=MaterialAccess.Kind.VIEW if inline else MaterialAccess.Kind.DOWNLOAD)
    response = FileResponse(item.file.open("rb"), as_attachment=not inline, filename=item.filename)
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = "sandbox"
    return response
