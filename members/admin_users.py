"""Wagtail's user editor with the portal's own account fields (账号类别, 手机号码, F-REG-1) and its boundaries:

- one 姓名 field (Chinese names are not split into 姓 and 名; Wagtail required both, so seeded staff accounts
  without a 姓 could not be saved): it is ``first_name``, and ``last_name`` is emptied on save;
- 所属机构 and 所属部门 (+ 部门角色) instead of ticking the institution's or department's group: they put the
  account into exactly that institution's staff group and that department's author and/or reviewer group
  (what User.institution and User.department read), so those groups are not offered as checkboxes;

- only a superuser sees the 管理员 (is_superuser) box, so only a superuser grants or removes superuser status;
  for anyone else the field is not on the form and a posted value is ignored;
- an account is edited, copied, disabled or deleted (one by one or in bulk) only by someone who may manage it
  (roles.may_manage_account): a superuser, or an editor holding every right of the account's groups;
- a role (group) is handed out only by someone who holds all its rights (roles.holds_rights_of);
- an account's or a role's history only for those who may open the user or role list.

Installed through members.users_app.PortalUsersAppConfig in INSTALLED_APPS: Wagtail 8's way to
customise the user viewset.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups, users
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction

from core.admin_helpers import ListedHistoryMixin
from members import onboarding, roles
from members.models import FinancialInstitution, GovernmentDepartment, validate_mobile

PORTAL_FIELDS = ("category", "phone")
NAME_LABEL = gettext_lazy("姓名")
DEPARTMENT_ROLES = (("authors", gettext_lazy("编辑（撰稿、提交审核）")),
                    ("reviewers", gettext_lazy("审核（审核发布）")),
                    ("both", gettext_lazy("编辑和审核")))


def membership_groups():
    """The groups 所属机构 and 所属部门 stand for: every institution's staff group, every department's author and
    reviewer group."""
    ids = set(FinancialInstitution.objects.exclude(group=None).values_list("group_id", flat=True))
    for authors, reviewers in GovernmentDepartment.objects.values_list("authors_id", "reviewers_id"):
        ids |= {authors, reviewers} - {None}
    return Group.objects.filter(pk__in=ids)


def department_role_of(user, department):
    groups = set(user.groups.values_list("pk", flat=True))
    authors, reviewers = department.authors_id in groups, department.reviewers_id in groups
    return "both" if authors and reviewers else "reviewers" if reviewers else "authors"


def grantable_groups(editor):
    """The groups ``editor`` may put accounts into."""
    if editor.is_superuser:
        return Group.objects.all()
    return Group.objects.filter(pk__in=[group.pk for group in Group.objects.all()
                                        if roles.holds_rights_of(editor, group)])


class PortalFieldsMixin(forms.ModelForm):
    """姓名, 账号类别, 手机号码, 所属机构 and 所属部门, and the boundaries of whoever fills the form in
    (``editor``)."""

    first_name = forms.CharField(label=NAME_LABEL, max_length=150, required=True)
    last_name = None  # one 姓名 field
    phone = forms.CharField(label=gettext_lazy("手机号码"), max_length=20, required=False,
                            validators=[validate_mobile])
    institution = forms.ModelChoiceField(FinancialInstitution.objects.all(), label=gettext_lazy("所属机构"),
                                         required=False, help_text=gettext_lazy("金融机构的员工账号选择其机构"))
    department = forms.ModelChoiceField(GovernmentDepartment.objects.all(), label=gettext_lazy("所属部门"),
                                        required=False, help_text=gettext_lazy("政府部门的账号选择其部门"))
    department_role = forms.ChoiceField(label=gettext_lazy("部门角色"), choices=[("", "---------"),
                                                                              *DEPARTMENT_ROLES], required=False)

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        if not editor.is_superuser:
            self.fields.pop("is_superuser", None)
        if "username" in self.fields:  # Django's own help text is English
            self.fields["username"].help_text = _("必填。150个字符以内，只能包含字母、数字和 @/./+/-/_。")
        # the institution and department groups are chosen with 所属机构 / 所属部门, not ticked
        hidden = set(membership_groups().values_list("pk", flat=True))
        groups = self.fields["groups"]
        groups.widget.choices = [(value, label) for value, label in groups.choices
                                 if getattr(value, "value", value) not in hidden]
        user = self.instance
        if user.pk:
            self.initial["first_name"] = "".join(filter(None, (user.first_name, user.last_name)))
            self.initial["institution"] = user.institution
            self.initial["department"] = user.department
            if user.department is not None:
                self.initial["department_role"] = department_role_of(user, user.department)

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        current = set(self.instance.groups.all()) if self.instance.pk else set()
        beyond = [group.name for group in groups
                  if group not in current and not roles.holds_rights_of(self.editor, group)]
        if beyond:
            raise forms.ValidationError(
                _("不能授予超出您自身权限的角色：%(names)s") % {"names": "、".join(beyond)})
        return groups

    def _membership(self, cleaned):
        """The institution and department groups the account is to have."""
        chosen = []
        institution = cleaned.get("institution")
        if institution is not None and institution.group is not None:
            chosen.append(("institution", institution.group))
        department, role = cleaned.get("department"), cleaned.get("department_role")
        if department is not None:
            if not role:
                self.add_error("department_role", _("请选择该账号在部门中的角色。"))
            wanted = {"authors": [department.authors], "reviewers": [department.reviewers],
                      "both": [department.authors, department.reviewers]}.get(role, [])
            if None in wanted:
                self.add_error("department", _("该部门尚未设置栏目和角色，请先在“政府部门”中保存该部门。"))
            chosen += [("department", group) for group in wanted if group is not None]
        return chosen

    def clean(self):
        """The account's groups: those ticked, plus the institution's and department's chosen above. An
        institution or department group is kept only when chosen (or posted as a group, as a script may)."""
        cleaned = super().clean()
        if "groups" not in cleaned:
            return cleaned
        current = set(self.instance.groups.all()) if self.instance.pk else set()
        chosen = []
        for field, group in self._membership(cleaned):
            if group not in current and not roles.holds_rights_of(self.editor, group):
                self.add_error(field, _("不能授予超出您自身权限的角色：%(names)s") % {"names": group.name})
            chosen.append(group)
        cleaned["groups"] = list(dict.fromkeys([*cleaned["groups"], *chosen]))
        return cleaned

    def save(self, commit=True):
        self.instance.last_name = ""
        return super().save(commit=commit)


class PortalUserCreationForm(PortalFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = (UserCreationForm.Meta.fields - {"last_name"}) | set(PORTAL_FIELDS)


class PortalUserEditForm(PortalFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = (UserEditForm.Meta.fields - {"last_name"}) | set(PORTAL_FIELDS)


class EditorFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editor": self.request.user}


class ManagedAccountMixin:
    """Refuse (Wagtail's permission-denied answer) an account the signed-in user may not manage."""

    def dispatch(self, request, *args, **kwargs):
        if not roles.may_manage_account(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CreateView(EditorFormMixin, users.CreateView):
    pass


class CopyView(EditorFormMixin, generic.CopyView):
    """「复制」 prefills a new account's form from an account the signed-in user may manage."""

    def get_object(self, queryset=None):
        account = super().get_object(queryset)
        if not roles.may_manage_account(self.request.user, account):
            raise PermissionDenied
        return account


class EditView(ManagedAccountMixin, EditorFormMixin, users.EditView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.object
        if onboarding.needs_setup(account) and onboarding.may_resend_setup_link(self.request.user, account):
            context["setup_link_url"] = reverse("members_admin:setup_link", args=[account.pk])
        return context


class DeleteView(ManagedAccountMixin, users.DeleteView):
    pass


class HistoryView(ListedHistoryMixin, users.HistoryView):
    pass


class PortalUserViewSet(users.UserViewSet):
    template_prefix = "members/admin/users/"
    add_view_class = CreateView
    copy_view_class = CopyView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm


class ManagedAccountsBulkMixin:
    """Bulk actions on accounts skip those the signed-in user may not manage (listed as 'no access')."""

    def check_perm(self, obj):
        return super().check_perm(obj) and roles.may_manage_account(self.request.user, obj)


class PortalDeleteBulkAction(ManagedAccountsBulkMixin, DeleteBulkAction):
    pass


class PortalSetActiveStateBulkAction(ManagedAccountsBulkMixin, SetActiveStateBulkAction):
    pass


class PortalAssignRoleBulkAction(ManagedAccountsBulkMixin, AssignRoleBulkAction):
    """Offers (and accepts) only the roles the signed-in user may hand out."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = grantable_groups(self.request.user)
        return form


BULK_ACTIONS = (PortalDeleteBulkAction, PortalSetActiveStateBulkAction, PortalAssignRoleBulkAction)


class GroupHistoryView(ListedHistoryMixin, generic.HistoryView):
    pass


class PortalGroupViewSet(groups.GroupViewSet):
    """Wagtail's role (group) editor; a role's history only for those who may open the role list."""

    history_view_class = GroupHistoryView


def resend_setup_link(request, pk):
    """「重新发送设置密码链接」 of an account that has not set its password (members.onboarding): GET asks to confirm,
    POST makes a new one-time link (every earlier one dead), e-mails it and shows it once. A platform admin who
    may manage the account only; anyone else gets Wagtail's refusal."""
    account = get_object_or_404(get_user_model(), pk=pk)
    if not onboarding.may_resend_setup_link(request.user, account):
        raise PermissionDenied
    if request.method == "POST":
        try:
            url = onboarding.resend_setup_link(account, by=request.user, request=request)
        except onboarding.SetupLinkRefused as refusal:
            messages.error(request, str(refusal))
        else:
            where = _("已发送至 %s，") % account.email if account.email else _("该账号未填写邮箱，")
            messages.success(request, _("已为 %(username)s 生成新的设置密码链接，原链接已失效。%(where)s"
                                        "也可转交本人：%(url)s") % {"username": account.username, "where": where,
                                                                    "url": url})
            return redirect("wagtailusers_users:index")
    return TemplateResponse(request, "members/admin/users/setup_link.html", {
        "account": account, "needs_setup": onboarding.needs_setup(account),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    })
