"""Role screens in the Wagtail admin for level-1 platform admins only: copy a role (F-ROLE-7) and assign
level-2 admins their channels (DESIGN §4). A level-2 admin, or anyone else, gets 403."""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.widgets import AdminPageChooser
from wagtail.log_actions import log
from wagtail.models import Page

from members import roles


def _level1_only(request):
    if not roles.is_platform_admin(request.user):
        raise PermissionDenied


class CopyRoleForm(forms.Form):
    source = forms.ModelChoiceField(label=gettext_lazy("复制哪个角色"), queryset=Group.objects.order_by("name"),
                                    error_messages={"required": gettext_lazy("请选择要复制的角色。")})
    name = forms.CharField(label=gettext_lazy("新角色名称"), max_length=150,
                           error_messages={"required": gettext_lazy("请填写新角色名称。")})

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Group.objects.filter(name__iexact=name).exists():
            raise ValidationError(_("已有同名角色，请换一个名称。"))
        return name


def copy_role(request):
    _level1_only(request)
    form = CopyRoleForm(request.POST or None, initial={"source": request.GET.get("from")})
    if request.method == "POST" and form.is_valid():
        copy = roles.copy_group(form.cleaned_data["source"], form.cleaned_data["name"])
        log(copy, "members.copy_role", user=request.user, data={"from": form.cleaned_data["source"].name})
        messages.success(request, _("已复制为“%(name)s”，可以继续调整它的权限。") % {"name": copy.name})
        return redirect("wagtailusers_groups:edit", copy.pk)
    return TemplateResponse(request, "members/admin/copy_role.html", {"form": form, "title": _("复制角色")})


class AssignChannelForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("二级管理员"), queryset=None,
                                  error_messages={"required": gettext_lazy("请选择二级管理员。")})
    page = forms.ModelChoiceField(label=gettext_lazy("栏目"), queryset=Page.objects.filter(depth__gt=1),
                                  widget=AdminPageChooser(can_choose_root=False),
                                  error_messages={"required": gettext_lazy("请选择栏目。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = roles.level2_admins()
        self.fields["user"].label_from_instance = (
            lambda user: f"{user.get_full_name() or user.username}（{user.username}）")


def level2_channels(request):
    """Who manages which channel; assign a channel to a level-2 admin."""
    _level1_only(request)
    form = AssignChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, page = form.cleaned_data["user"], form.cleaned_data["page"]
        roles.assign_level2_channel(user, page)
        log(user, "members.assign_channel", user=request.user, data={"page": page.title, "page_id": page.pk})
        messages.success(request, _("已将栏目“%(page)s”分配给%(user)s。") % {"page": page.title, "user": user})
        return redirect("members_roles:level2_channels")
    admins = [(user, list(roles.level2_channels(user))) for user in roles.level2_admins()]
    return TemplateResponse(request, "members/admin/level2_channels.html", {
        "form": form, "admins": admins, "title": _("二级管理员栏目分配")})


@require_POST
def revoke_level2_channel(request, user_pk, page_pk):
    _level1_only(request)
    user = get_object_or_404(roles.level2_admins(), pk=user_pk)
    page = get_object_or_404(Page, pk=page_pk)
    roles.revoke_level2_channel(user, page)
    log(user, "members.revoke_channel", user=request.user, data={"page": page.title, "page_id": page.pk})
    messages.success(request, _("已收回%(user)s的栏目“%(page)s”。") % {"page": page.title, "user": user})
    return redirect("members_roles:level2_channels")
