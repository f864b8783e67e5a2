"""The handler's page in the Wagtail admin: one item, its thread and history, and a form for each step
the handler may take now. Items outside the handler's queue answer 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import access, lifecycle
from consultations.forms import AssignForm, TextForm
from consultations.models import BoardPost, Complaint, Consultation
from core.lifecycle import history

TEXT_LABELS = {
    "reply": gettext_lazy("答复内容"),
    "resolve": gettext_lazy("处理结果"),
    "close": gettext_lazy("关闭原因"),
    "approve": gettext_lazy("官方回复（选填）"),
    "reject": gettext_lazy("说明（选填，仅内部可见）"),
    "follow_up": gettext_lazy("追问内容"),
}


def _object_for(request, model, pk):
    if model is BoardPost:
        if not access.can_moderate_board(request.user):
            raise PermissionDenied
        return get_object_or_404(BoardPost, pk=pk)
    return get_object_or_404(access.handled(request.user, model), pk=pk)


def _forms(machine, obj, user, bound=None):
    forms = []
    for transition in machine.allowed(obj, user):
        form = bound if bound is not None and bound.prefix == transition.action else TextForm(
            prefix=transition.action, required=transition.text_required,
            label=TEXT_LABELS.get(transition.action, _("说明（选填）")),
        )
        forms.append((transition, form))
    return forms


def _assign_form(obj, user, data=None):
    """The 指派 / 转办 form, for a handler of an open consultation or complaint; else None."""
    if type(obj) not in lifecycle.OPEN or obj.status not in lifecycle.OPEN[type(obj)]:
        return None
    if not access.can_handle(user, obj):
        return None
    return AssignForm(data, prefix="assign", item=obj, user=user)


def _assign(request, obj):
    form = _assign_form(obj, request.user, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            lifecycle.assign(obj, request.user, to_user=data["colleague"], to_department=data.get("department"),
                             to_expert=data.get("expert"), note=data["note"], key=data["submission_key"])
        except lifecycle.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已指派/转办：%s") % obj.title)
            # the item may have left the user's queue (转办): back to the list then
            if access.handled(request.user, type(obj)).filter(pk=obj.pk).exists():
                return redirect(request.path), None
            return redirect(reverse(f"consultations_{obj._meta.model_name}_modeladmin_index")), None
    return None, form


def handle(request, model, pk):
    obj = _object_for(request, model, pk)
    machine = lifecycle.machine_for(obj)
    bound = assign_form = None
    if request.method == "POST" and request.POST.get("action") == "assign":
        response, assign_form = _assign(request, obj)
        if response is not None:
            return response
    elif request.method == "POST":
        action = request.POST.get("action", "")
        transition = machine.transition(action) if action in machine.transitions else None
        if transition is None:
            raise Http404
        bound = TextForm(request.POST, prefix=action, required=transition.text_required,
                         label=TEXT_LABELS.get(action))
        if bound.is_valid():
            try:
                lifecycle.apply(obj, action, request.user, text=bound.cleaned_data["text"],
                                key=bound.cleaned_data["submission_key"])
            except lifecycle.TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已%(action)s：%(title)s") % {"action": transition.label,
                                                                          "title": obj.title})
                return redirect(request.path)
    context = {
        "object": obj,
        "model_name": obj._meta.verbose_name,
        "forms": _forms(machine, obj, request.user, bound),
        "assign_form": assign_form or _assign_form(obj, request.user),
        "history": history(obj),
        "replies": obj.replies.select_related("author") if isinstance(obj, Consultation) else None,
        "index_url": reverse(f"consultations_{obj._meta.model_name}_modeladmin_index"),
    }
    return TemplateResponse(request, "consultations/admin/handle.html", context)


def handle_consultation(request, pk):
    return handle(request, Consultation, pk)


def handle_board_post(request, pk):
    return handle(request, BoardPost, pk)


def handle_complaint(request, pk):
    return handle(request, Complaint, pk)
