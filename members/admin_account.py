"""The admin's 账号设置 (/admin/account/) with one 姓名 field: Wagtail's name panel requires 姓 and 名 apart,
which Chinese names are not, so staff seeded with a 姓名 only could not save the page (nor change their
password on it, as every panel is saved together). Mounted before Wagtail's own admin URLs."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views import account


class NameForm(NameEmailForm):
    first_name = forms.CharField(required=True, label=_("姓名"), max_length=150)
    last_name = None

    class Meta(NameEmailForm.Meta):
        model = get_user_model()
        fields = ["first_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["first_name"] = "".join(filter(None, (self.instance.first_name, self.instance.last_name)))

    def save(self, commit=True):
        self.instance.last_name = ""
        return super().save(commit=commit)


class NameSettingsPanel(account.NameEmailSettingsPanel):
    form_class = NameForm

    @property
    def title(self):
        return _("姓名和电子邮箱") if account.email_management_enabled() else _("姓名")


class AccountView(account.AccountView):
    def get_panels(self):
        return [NameSettingsPanel(self.request, panel.user, panel.profile)
                if isinstance(panel, account.NameEmailSettingsPanel) else panel
                for panel in super().get_panels()]


account_urls = [
    path("account/", never_cache(require_admin_access(AccountView.as_view())), name="portal_account"),
]
