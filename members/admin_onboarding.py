"""The 金融机构 create form in the admin: the institution's fields and, below them, its first staff account and
(optionally) its own product reviewer, created by members.onboarding when the form is saved."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, extract_panel_definitions_from_model_class

from members.models import FinancialInstitution

ACCOUNTS = (("staff", gettext_lazy("首个员工账号"), True), ("reviewer", gettext_lazy("产品审核人账号（可选）"), False))
PARTS = ("username", "name", "email")


def _account_fields(required):
    return (forms.CharField(label=gettext_lazy("登录名"), max_length=150, required=required,
                            help_text=gettext_lazy("字母、数字和 @/./+/-/_")),
            forms.CharField(label=gettext_lazy("姓名"), max_length=150, required=required),
            forms.EmailField(label=gettext_lazy("电子邮箱"), required=required,
                             help_text=gettext_lazy("设置密码的一次性链接发送到此邮箱")))


class InstitutionOnboardingForm(WagtailAdminModelForm):
    """Adds ``staff_*`` (required) and ``reviewer_*`` (all or none) account fields to the institution's."""

    staff_username, staff_name, staff_email = _account_fields(required=True)
    reviewer_username, reviewer_name, reviewer_email = _account_fields(required=False)

    def clean(self):
        cleaned = super().clean()
        usernames = []
        for prefix, _legend, required in ACCOUNTS:
            values = [cleaned.get(f"{prefix}_{part}") for part in PARTS]
            if not required and any(values) and not all(values):
                for part, value in zip(PARTS, values, strict=True):
                    if not value and f"{prefix}_{part}" not in self.errors:
                        self.add_error(f"{prefix}_{part}", _("填写审核人账号时，登录名、姓名和邮箱都须填写。"))
            username = cleaned.get(f"{prefix}_username")
            if not username:
                continue
            field = f"{prefix}_username"
            try:
                get_user_model().username_validator(username)
            except forms.ValidationError:
                self.add_error(field, _("登录名只能包含字母、数字和 @/./+/-/_。"))
                continue
            if username.lower() in usernames:
                self.add_error(field, _("审核人须是另一个账号。"))
            elif get_user_model().objects.filter(username__iexact=username).exists():
                self.add_error(field, _("登录名“%(name)s”已被使用。") % {"name": username})
            usernames.append(username.lower())
        return cleaned

    def account_details(self, prefix):
        """{username, name, email} for members.onboarding, or None when left empty."""
        if not self.cleaned_data.get(f"{prefix}_username"):
            return None
        return {part: self.cleaned_data[f"{prefix}_{part}"] for part in PARTS}


def institution_create_handler():
    panels = extract_panel_definitions_from_model_class(FinancialInstitution, exclude=["group"])
    for prefix, legend, _required in ACCOUNTS:
        panels.append(MultiFieldPanel([FieldPanel(f"{prefix}_{part}") for part in PARTS], heading=legend))
    return ObjectList(panels, base_form_class=InstitutionOnboardingForm).bind_to_model(FinancialInstitution)
