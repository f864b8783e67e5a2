"""Member centre (/member/): profile, certification, 站内信 and favourites. Every object is the user's own."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import Page

from core.client_ip import client_ip
from core.params import id_param, int_param
from members.centre import panels_for
from members.decorators import enterprise_required
from members.forms import CancelAccountForm, CertificationMaterialsForm, EnterpriseProfileForm, SmsAlertForm
from members.masking import mask_code
from members.models import (
    AlertPreference,
    CertificationMaterials,
    CertificationStatus,
    ChangeStatus,
    CreditAuthorisationText,
    EnterpriseFinancials,
    Favourite,
    Message,
)
from members.services import CertificationError, cancel_account, request_sensitive_change, submit_materials


@login_required
def home(request):
    user = request.user
    enterprise = getattr(user, "enterprise", None) if user.is_enterprise else None
    context = {
        "enterprise": enterprise,
        "unread": user.inbox_messages.filter(is_read=False).count(),
        "recent_messages": user.inbox_messages.all()[:5],
        "favourites": user.favourites.select_related("page")[:5],
        "pending_changes": enterprise.change_requests.filter(status=ChangeStatus.PENDING) if enterprise else [],
        "panels": panels_for(user),  # the apps' dashboard panels (members/centre.py)
    }
    return render(request, "members/home.html", context)


@enterprise_required
def profile(request, enterprise):
    form = EnterpriseProfileForm(request.POST or None, instance=enterprise)
    preference = AlertPreference.objects.filter(user=request.user).first() or AlertPreference(user=request.user)
    alerts = SmsAlertForm(request.POST or None, instance=preference, prefix="alerts")
    if request.method == "POST" and form.is_valid() and alerts.is_valid():
        with transaction.atomic():
            form.save()
            alerts.save()
            for year, figures in form.yearly_figures().items():
                if all(value is None for value in figures.values()):
                    EnterpriseFinancials.objects.filter(enterprise=enterprise, year=year).delete()
                else:
                    EnterpriseFinancials.objects.update_or_create(enterprise=enterprise, year=year,
                                                                  defaults=figures)
            changes = form.sensitive_changes()
            if enterprise.status == CertificationStatus.CERTIFIED:
                for field, value in changes.items():
                    request_sensitive_change(enterprise, field, value, by=request.user)
            elif changes:
                # not yet certified: the certification review covers these values
                for field, value in changes.items():
                    setattr(enterprise, field, value)
                enterprise.save(update_fields=[*changes, "updated_at"])
            log(enterprise, "wagtail.edit", user=request.user)
        if changes and enterprise.status == CertificationStatus.CERTIFIED:
            messages.success(request, _("资料已保存；法定代表人、注册资本的变更将在平台审核通过后生效。"))
        else:
            messages.success(request, _("资料已保存。"))
        return redirect("members:profile")
    return render(request, "members/profile.html", {"form": form, "alerts": alerts, "enterprise": enterprise})


@enterprise_required
def certification(request, enterprise):
    """The enterprise sends its materials and signs the 授权书: while pending (replacing what it sent) and after
    a rejection (correcting its name or code too). Once certified the page only shows what is on file."""
    materials = CertificationMaterials.objects.filter(enterprise=enterprise).first()
    form = None
    if enterprise.status != CertificationStatus.CERTIFIED:
        form = CertificationMaterialsForm(
            request.POST or None, request.FILES or None, enterprise=enterprise,
            with_identity=enterprise.status == CertificationStatus.REJECTED, has_licence=materials is not None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                submit_materials(
                    enterprise, account=request.user, ip_address=client_ip(request),
                    business_licence=data.get("business_licence") or None, name=data.get("name"),
                    credit_code=data.get("credit_code"),
                    legal_representative_name=data["legal_representative_name"],
                    legal_representative_id_number=data["legal_representative_id_number"])
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                if enterprise.status == CertificationStatus.REJECTED:
                    messages.success(request, _("已重新提交认证，请等待平台审核。"))
                else:
                    messages.success(request, _("认证材料已提交，请等待平台审核。"))
                return redirect("members:certification")
    elif request.method == "POST":
        messages.error(request, _("您的企业已通过认证，无需再次提交。"))
        return redirect("members:certification")
    return render(request, "members/certification.html", {
        "enterprise": enterprise, "form": form, "materials": materials,
        "masked_id_number": mask_code(materials.legal_representative_id_number) if materials else "",
        "authorisation": CreditAuthorisationText.current(),
        "acceptance": enterprise.authorisation_acceptances.first(),
    })


def _own_message(request, pk):
    message = get_object_or_404(Message, pk=pk)
    if message.recipient_id != request.user.pk:
        raise PermissionDenied(_("这不是您的消息。"))
    return message


@login_required
def message_list(request):
    messages_qs = request.user.inbox_messages.all()
    state = request.GET.get("state", "")
    if state == "unread":
        messages_qs = messages_qs.filter(is_read=False)
    elif state == "read":
        messages_qs = messages_qs.filter(is_read=True)
    kind = request.GET.get("kind", "")
    if kind:
        messages_qs = messages_qs.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        messages_qs = messages_qs.filter(Q(title__icontains=query) | Q(body__icontains=query))
    page = Paginator(messages_qs, 20).get_page(request.GET.get("page"))
    return render(request, "members/messages.html", {
        "page_obj": page, "state": state, "kind": kind, "q": query, "kinds": Message._meta.get_field("kind").choices,
        "unread": request.user.inbox_messages.filter(is_read=False).count(),
    })


@login_required
def message_detail(request, pk):
    message = _own_message(request, pk)
    if not message.is_read:
        message.is_read = True
        message.read_at = timezone.now()
        message.save(update_fields=["is_read", "read_at"])
    return render(request, "members/message_detail.html", {"message": message})


@login_required
@require_POST
def message_mark_read(request):
    ids = request.POST.getlist("ids")
    messages_qs = request.user.inbox_messages.filter(is_read=False)
    if ids:
        messages_qs = messages_qs.filter(pk__in=[int_param(pk) for pk in ids if int_param(pk) is not None])
    count = messages_qs.update(is_read=True, read_at=timezone.now())
    messages.success(request, _("已将 %(count)d 条消息标为已读。") % {"count": count})
    return redirect("members:messages")


@login_required
@require_POST
def message_delete(request, pk):
    _own_message(request, pk).delete()
    messages.success(request, _("消息已删除。"))
    return redirect("members:messages")


@login_required
def favourite_list(request):
    favourites = request.user.favourites.select_related("page").order_by("-created_at")
    return render(request, "members/favourites.html", {"page_obj": Paginator(favourites, 20).get_page(
        request.GET.get("page"))})


def _safe_next(request, default):
    """The page to return to, only if it is on this site (no open redirect)."""
    next_url = request.POST.get("next") or default
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    return next_url if safe else default


@require_POST
def favourite_add(request):
    """收藏 from any page (a plain form, no JavaScript needed); a visitor not signed in is sent to log in and
    comes back to the page."""
    page = get_object_or_404(Page.objects.live().public(), pk=id_param(request.POST.get("page")))
    if not request.user.is_authenticated:
        return redirect_to_login(page.url or "/")
    Favourite.objects.get_or_create(user=request.user, page=page)
    messages.success(request, _("已收藏“%(title)s”。") % {"title": page.title})
    return redirect(_safe_next(request, page.url or "/"))


@login_required
@require_POST
def favourite_delete(request, pk):
    favourite = get_object_or_404(Favourite, pk=pk)
    if favourite.user_id != request.user.pk:
        raise PermissionDenied(_("这不是您的收藏。"))
    favourite.delete()
    messages.success(request, _("已取消收藏。"))
    return redirect(_safe_next(request, reverse("members:favourites")))


@login_required
def cancel(request):
    """注销 by the account holder (F-REG-14): password and an explicit tick, then signed out."""
    form = CancelAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)  # first, so the sign-out's log row is anonymised with the rest
        cancel_account(user, by=user, reason=_("用户申请注销"))
        messages.success(request, _("账号已注销，个人信息已删除。"))
        return redirect("accounts:login")
    return render(request, "members/cancel.html", {"form": form})
