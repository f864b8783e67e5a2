"""Wagtail's user editor with the portal's own account fields: 账号类别 and 手机号码 (F-REG-1).

Installed through members.users_app.PortalUsersAppConfig in INSTALLED_APPS: Wagtail 8's way to
customise the user viewset.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from members.models import validate_mobile

PORTAL_FIELDS = ("category", "phone")


class PortalFieldsMixin(forms.ModelForm):
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False, validators=[validate_mobile])


class PortalUserCreationForm(PortalFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PORTAL_FIELDS)


class PortalUserEditForm(PortalFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PORTAL_FIELDS)


class PortalUserViewSet(UserViewSet):
    template_prefix = "members/admin/users/"

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm
