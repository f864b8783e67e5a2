"""Wagtail's user editor with the portal's own account fields (账号类别, 手机号码, F-REG-1) and its boundaries:

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
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups, users
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction

from core.admin_helpers import ListedHistoryMixin
from members import roles
from members.models import validate_mobile

PORTAL_FIELDS = ("category", "phone")


def grantable_groups(editor):
    """The groups ``editor`` may put accounts into."""
    if editor.is_superuser:
        return Group.objects.all()
    return Group.objects.filter(pk__in=[group.pk for group in Group.objects.all()
                                        if roles.holds_rights_of(editor, group)])


class PortalFieldsMixin(forms.ModelForm):
    """账号类别 and 手机号码, and the boundaries of whoever fills the form in (``editor``)."""

    phone = forms.CharField(label=gettext_lazy("手机号码"), max_length=20, required=False,
                            validators=[validate_mobile])

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        if not editor.is_superuser:
            self.fields.pop("is_superuser", None)

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        current = set(self.instance.groups.all()) if self.instance.pk else set()
        beyond = [group.name for group in groups
                  if group not in current and not roles.holds_rights_of(self.editor, group)]
        if beyond:
            raise forms.ValidationError(
                _("不能授予超出您自身权限的角色：%(names)s") % {"names": "、".join(beyond)})
        return groups


class PortalUserCreationForm(PortalFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PORTAL_FIELDS)


class PortalUserEditForm(PortalFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PORTAL_FIELDS)


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
    pass


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
