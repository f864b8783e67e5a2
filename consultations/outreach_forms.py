"""The operations-notification composer's form (F-CONS-10)."""

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from consultations.forms import SubmissionKeyMixin
from consultations.outreach_models import Audience, OpsNotification

USERNAME_SPLIT = re.compile(r"[\s,，、;；]+")


class NotificationForm(SubmissionKeyMixin, forms.ModelForm):
    usernames = forms.CharField(
        label=_("指定用户（登录名）"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("发送对象为“指定用户”时填写，每行一个或用逗号分隔"),
    )

    class Meta:
        model = OpsNotification
        fields = ["title", "body", "link", "audience", "group", "send_at"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "send_at": AdminDateTimeInput()}
        error_messages = {"title": {"required": _("请填写通知标题。")}, "body": {"required": _("请填写通知内容。")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.order_by("name")
        self.fields["group"].help_text = _("发送对象为“指定用户组”时选择")

    def clean_link(self):
        link = self.cleaned_data["link"].strip()
        if link and not (link.startswith("/") or link.startswith(("http://", "https://"))):
            raise forms.ValidationError(_("链接应以 / 开头（站内页面）或以 http:// / https:// 开头。"))
        return link

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at is not None and send_at < timezone.now() - datetime.timedelta(minutes=1):
            raise forms.ValidationError(_("计划发送时间已过：请选择将来的时间，或留空立即发送。"))
        return send_at

    def clean(self):
        cleaned_data = super().clean()
        audience = cleaned_data.get("audience")
        if audience == Audience.GROUP and not cleaned_data.get("group"):
            self.add_error("group", _("请选择要发送的用户组。"))
        self.chosen_users = []
        if audience == Audience.USERS:
            names = [name for name in USERNAME_SPLIT.split(cleaned_data.get("usernames", "")) if name]
            if not names:
                self.add_error("usernames", _("请填写至少一个用户的登录名。"))
            else:
                found = {user.username: user for user in
                         get_user_model().objects.filter(username__in=names, is_active=True)}
                missing = [name for name in dict.fromkeys(names) if name not in found]
                if missing:
                    self.add_error("usernames", _("找不到以下用户（或已停用）：%s") % "、".join(missing))
                self.chosen_users = list(found.values())
        return cleaned_data
