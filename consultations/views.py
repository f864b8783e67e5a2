"""Front-end views: /consult/ (consultations and FAQ), /board/ (message board), /complaints/.

Pages with forms or private data are never cached (never_cache). /consult/ and the FAQ are the same for every
visitor: the page cache keeps them for visitors (core.page_cache; an FAQ change purges it, consultations/signals.py)
and they are never_cache for signed-in members. The board is never cached: its form carries a CSRF token, a
captcha and a submission key of its own per view.
An item that is neither yours nor in your queue answers 404, so its existence is not revealed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from consultations import access, lifecycle
from consultations.forms import (
    AlertPreferenceForm,
    AppealForm,
    BoardPostForm,
    ComplaintForm,
    ConsultationForm,
    RatingForm,
    TextForm,
)
from consultations.models import (
    FAQ,
    BoardPost,
    Complaint,
    ComplaintKind,
    Consultation,
    Expert,
    FAQCategory,
)
from core.client_ip import client_ip
from core.lifecycle import history
from core.page_cache import cache_for_anonymous
from members.decorators import enterprise_required
from members.models import AlertPreference

PAGE_SIZE = 10
APPEAL_PROGRESS = [gettext_lazy("待受理"), gettext_lazy("处理中"), gettext_lazy("已解决")]


def _history(obj):
    return history(obj)


def _visible_or_404(model, user, pk, author_field):
    """The item if ``user`` wrote it or handles it; 404 otherwise."""
    own = Q(**{author_field: user}) if user.is_authenticated else Q(pk__in=[])
    obj = model.objects.filter(own, pk=pk).first() or access.handled(user, model).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _apply(request, obj, action, **kwargs):
    """Run a lifecycle step and put its outcome in the flash messages."""
    try:
        lifecycle.apply(obj, action, request.user, **kwargs)
    except lifecycle.TransitionError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, _("操作成功：%s") % lifecycle.machine_for(obj).transition(action).label)
    return True


# --- /consult/ -----------------------------------------------------------------------------------------

@cache_for_anonymous(never_cache_otherwise=True)
def consult_index(request):
    user = request.user
    mine = None
    if user.is_authenticated and user.is_enterprise:
        mine = Paginator(Consultation.objects.filter(asker=user).select_related("institution"), PAGE_SIZE)
        mine = mine.get_page(request.GET.get("page"))
    return render(request, "consultations/consult_index.html", {
        "page_obj": mine, "is_handler": user.is_authenticated and access.is_handler(user),
    })


@never_cache
@enterprise_required
def consult_new(request, enterprise):
    form = ConsultationForm(request.POST or None, initial={"expert": request.GET.get("expert", "")})
    if request.method == "POST" and form.is_valid():
        consultation = form.save(commit=False)
        consultation.asker = request.user
        consultation.enterprise = enterprise
        consultation = lifecycle.submit(consultation, request.user, key=form.cleaned_data["submission_key"])
        messages.success(request, _("咨询已提交，受理和答复会通过站内信通知您。"))
        return redirect("consultations:detail", consultation.pk)
    return render(request, "consultations/consult_form.html", {"form": form})


CONSULT_FORMS = {
    "follow_up": lambda data=None: TextForm(data, prefix="follow_up", label=_("追问内容")),
    "rate": lambda data=None: RatingForm(data, prefix="rate"),
    "close": lambda data=None: TextForm(data, prefix="close", label=_("关闭说明（选填）"), required=False),
}


@never_cache
@login_required
def consult_detail(request, pk):
    consultation = _visible_or_404(Consultation, request.user, pk, "asker")
    forms = {name: factory() for name, factory in CONSULT_FORMS.items()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in CONSULT_FORMS:
            raise Http404
        form = forms[action] = CONSULT_FORMS[action](request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if _apply(request, consultation, action, text=data.get("text", ""), rating=data.get("rating"),
                      key=data["submission_key"]):
                return redirect("consultations:detail", consultation.pk)
    allowed = {t.action for t in lifecycle.CONSULTATION.allowed(consultation, request.user)}
    return render(request, "consultations/consult_detail.html", {
        "consultation": consultation,
        "replies": consultation.replies.select_related("author"),
        "history": _history(consultation),
        "forms": {name: form for name, form in forms.items() if name in allowed},
        "is_handler": access.can_handle(request.user, consultation),
    })


def experts(request):
    """专家咨询 (F-CONS-7): the public list of invited experts, each with a link to ask them."""
    shown = Expert.objects.filter(is_active=True, user__is_active=True)
    return render(request, "consultations/experts.html", {"experts": shown})


@cache_for_anonymous(never_cache_otherwise=True)
def faq(request):
    query = request.GET.get("q", "").strip()[:100]
    entries = FAQ.objects.filter(is_published=True)
    for term in query.split():
        entries = entries.filter(Q(question__icontains=term) | Q(answer__icontains=term))
    categories = FAQCategory.objects.prefetch_related(Prefetch("entries", queryset=entries, to_attr="shown"))
    categories = [c for c in categories if c.shown]
    return render(request, "consultations/faq.html", {"categories": categories, "q": query})


# --- /board/ -------------------------------------------------------------------------------------------

def _client_ip(request):
    return client_ip(request) or "unknown"


def _rate_key(ip):
    return f"consultations:board-posts:{ip}"


def board_rate_limit():
    """(posts, seconds): how many posts one IP address may make in a window."""
    return getattr(settings, "BOARD_POST_RATE_LIMIT", (5, 3600))


@never_cache
def board_index(request):
    form = BoardPostForm(request.POST or None)
    status = 200
    if request.method == "POST":
        limit, window = board_rate_limit()
        ip = _client_ip(request)
        if cache.get(_rate_key(ip), 0) >= limit:
            form.is_valid()  # keep what was typed and show field errors too
            form.add_error(None, _("留言过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            post = form.save(commit=False)
            post.ip_address = None if ip == "unknown" else ip
            post.author = request.user if request.user.is_authenticated else None
            lifecycle.submit(post, request.user, key=form.cleaned_data["submission_key"])
            if cache.add(_rate_key(ip), 1, window) is False:
                cache.incr(_rate_key(ip))
            messages.success(request, _("留言已提交，审核通过后将在本页公开。"))
            return redirect("board:index")
    posts = Paginator(BoardPost.objects.public().only(
        "name", "contact", "title", "body", "reply", "replied_at", "created_at"), PAGE_SIZE)
    return render(request, "consultations/board.html", {
        "form": form, "page_obj": posts.get_page(request.GET.get("page")),
    }, status=status)


# --- /complaints/ --------------------------------------------------------------------------------------

@never_cache
def complaint_index(request):
    user = request.user
    mine = None
    if user.is_authenticated and user.is_enterprise:
        mine = Paginator(Complaint.objects.filter(author=user).select_related("institution"), PAGE_SIZE)
        mine = mine.get_page(request.GET.get("page"))
    return render(request, "consultations/complaint_index.html", {
        "page_obj": mine, "is_handler": user.is_authenticated and access.is_handler(user),
    })


@never_cache
@enterprise_required
def complaint_new(request, _enterprise):
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complaint = form.save(commit=False)
        complaint.author = request.user
        complaint = lifecycle.submit(complaint, request.user, key=form.cleaned_data["submission_key"])
        messages.success(request, _("已提交，处理进展会通过站内信通知您。"))
        return redirect("complaints:detail", complaint.pk)
    return render(request, "consultations/complaint_form.html", {"form": form})


@never_cache
@login_required
def complaint_detail(request, pk):
    complaint = _visible_or_404(Complaint, request.user, pk, "author")
    return render(request, "consultations/complaint_detail.html", {
        "complaint": complaint, "history": _history(complaint),
        "is_handler": access.can_handle(request.user, complaint),
        "stages": [str(label) for label in APPEAL_PROGRESS], "stage": str(complaint.status_label),
    })


@never_cache
def appeal_index(request):
    """诉求直达 (F-CONS-8): the hotline, the form for enterprises and their appeals with 待受理/处理中/已解决."""
    user = request.user
    is_enterprise = user.is_authenticated and user.is_enterprise
    form = AppealForm(request.POST or None) if is_enterprise else None
    if request.method == "POST":
        if not is_enterprise:
            raise PermissionDenied(_("只有企业账号可以提交。"))
        if form.is_valid():
            appeal = form.save(commit=False)
            appeal.author = user
            appeal.kind = ComplaintKind.APPEAL
            appeal = lifecycle.submit(appeal, user, key=form.cleaned_data["submission_key"])
            messages.success(request, _("诉求已提交，受理和办理进展会通过站内信通知您。"))
            return redirect("complaints:detail", appeal.pk)
    mine = Complaint.objects.filter(author=user, kind=ComplaintKind.APPEAL) if is_enterprise else None
    return render(request, "consultations/appeal.html", {"form": form, "appeals": mine})


@never_cache
@login_required
def alert_settings(request):
    """提醒设置 in the member centre: e-mail alerts on or off (F-CONS-11); 站内信 are always kept."""
    preference, _created = AlertPreference.objects.get_or_create(user=request.user)
    form = AlertPreferenceForm(request.POST if request.method == "POST" else None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("提醒设置已保存。"))
        return redirect("consultations:alerts")
    return render(request, "consultations/alert_settings.html", {"form": form})
