import uuid

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from consultations.models import (
    BoardPost,
    Complaint,
    ComplaintKind,
    Consultation,
    DemandType,
    Expert,
)
from core.forms import PreciseErrorsMixin
from members.models import AlertPreference, FinancialInstitution, GovernmentDepartment

CAPTCHA_ERRORS = {"invalid": _("验证码不正确，请重新输入。"), "required": _("请输入验证码。")}
validate_contact = RegexValidator(r"^[0-9\-\s]{7,20}$", _("请输入正确的电话号码，如 13812345678 或 0591-87654321。"))


class SubmissionKeyMixin(PreciseErrorsMixin, forms.Form):
    """A fresh key in every rendered form: posting the same form twice applies it once (see lifecycle)."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def _required(message):
    return {"required": message}


ANY_EXPERT = "any"


class ConsultationForm(SubmissionKeyMixin, forms.ModelForm):
    institution = forms.ModelChoiceField(
        label=_("咨询对象"), required=False, queryset=FinancialInstitution.objects.filter(is_active=True),
        empty_label=_("平台（融资服务门户）"), help_text=_("选择金融机构，或留空向平台咨询"),
    )
    expert = forms.ChoiceField(label=_("专家咨询（选填）"), required=False,
                               help_text=_("选择专家后由专家答复，此时“咨询对象”请留空"))
    field_order = ["institution", "expert", "title", "question"]  # expert is not a model field here

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        experts = Expert.objects.filter(is_active=True, user__is_active=True)
        self.fields["expert"].choices = [("", _("不向专家咨询")), (ANY_EXPERT, _("专家咨询（由任一专家答复）"))] + [
            (str(e.pk), _("%(name)s · %(title)s · %(expertise)s") % {
                "name": e.name, "title": e.title, "expertise": e.expertise}) for e in experts]

    def clean(self):
        data = super().clean()
        choice = data.get("expert")
        self.instance.to_experts = bool(choice)
        self.instance.expert = None
        if choice:
            if data.get("institution"):
                self.add_error("expert", _("向专家咨询时请不要同时选择金融机构。"))
            if choice != ANY_EXPERT:
                self.instance.expert = Expert.objects.filter(pk=choice, is_active=True).first()
        return data

    class Meta:
        model = Consultation
        fields = ["institution", "title", "question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"title": _required(_("请填写咨询主题。")), "question": _required(_("请填写咨询内容。"))}


class TextForm(SubmissionKeyMixin):
    """A follow-up, a reply, a resolution, a reason: one text box."""

    text = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages=_required(_("请填写内容。")))

    def __init__(self, *args, label=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        self.fields["text"].required = required


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name}（{obj.username}）" if name else obj.username


class AssignForm(SubmissionKeyMixin):
    """指派 to a colleague who also handles the item, or 转办 it to a department or an expert: exactly one of the
    three. The institution a complaint is made against is not offered the experts (it does not choose its
    judge; consultations.lifecycle.assign refuses it too)."""

    colleague = StaffChoiceField(label=_("指派给同事"), queryset=None, required=False, empty_label=_("（不指派）"))
    department = forms.ModelChoiceField(label=_("转办到部门"), queryset=GovernmentDepartment.objects.all(),
                                        required=False, empty_label=_("（不转办）"))
    expert = forms.ModelChoiceField(label=_("转给专家"), queryset=Expert.objects.filter(is_active=True),
                                    required=False, empty_label=_("（不转专家）"))
    note = forms.CharField(label=_("说明（选填）"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item, user=None, **kwargs):
        from consultations import access

        super().__init__(*args, **kwargs)
        colleagues = access.colleagues(item)
        if item.handler_id:
            colleagues = colleagues.exclude(pk=item.handler_id)
        self.fields["colleague"].queryset = colleagues
        if item.department_id and not getattr(item, "expert_id", None):
            self.fields["department"].queryset = GovernmentDepartment.objects.exclude(pk=item.department_id)
        experts = Expert.objects.filter(is_active=True, user__is_active=True)
        if item.expert_id:
            experts = experts.exclude(pk=item.expert_id)
        self.fields["expert"].queryset = experts
        if user is not None and access.judges_itself(user, item):
            del self.fields["expert"]

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ("colleague", "department", "expert") if cleaned.get(name) is not None]
        if len(chosen) != 1 and not self.errors:
            raise forms.ValidationError(_("请选择一位同事、一个部门或一位专家（只选一项）。"))
        return cleaned


class RatingForm(SubmissionKeyMixin):
    rating = forms.TypedChoiceField(label=_("满意度"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(n, "★" * n) for n in range(5, 0, -1)],
                                    error_messages=_required(_("请选择评分。")))
    text = forms.CharField(label=_("评价（选填）"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class BoardPostForm(SubmissionKeyMixin, forms.ModelForm):
    contact = forms.CharField(label=_("联系电话（选填，公开时隐去中间数字）"), max_length=20, required=False,
                              validators=[validate_contact])
    # the widget is two inputs in a fieldset; the typed one needs its own accessible name (axe: label)
    captcha = CaptchaField(label=_("验证码"), error_messages=CAPTCHA_ERRORS,
                           widget=CaptchaTextInput(attrs={"aria-label": _("验证码")}))

    class Meta:
        model = BoardPost
        fields = ["name", "contact", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "name": _required(_("请填写称呼。")),
            "title": _required(_("请填写留言标题。")),
            "body": _required(_("请填写留言内容。")),
        }


class ComplaintForm(SubmissionKeyMixin, forms.ModelForm):
    kind = forms.ChoiceField(label=_("类别"), initial=ComplaintKind.COMPLAINT,
                             choices=[c for c in ComplaintKind.choices if c[0] != ComplaintKind.APPEAL])
    institution = forms.ModelChoiceField(label=_("涉及机构（选填）"), required=False,
                                         queryset=FinancialInstitution.objects.filter(is_active=True))
    department = forms.ModelChoiceField(label=_("提交部门（选填）"), required=False,
                                        queryset=GovernmentDepartment.objects.all(),
                                        help_text=_("留空由平台受理"))

    class Meta:
        model = Complaint
        fields = ["kind", "title", "body", "institution", "department"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {"title": _required(_("请填写标题。")), "body": _required(_("请填写内容。"))}


class AlertPreferenceForm(PreciseErrorsMixin, forms.ModelForm):
    class Meta:
        model = AlertPreference
        fields = ["email_alerts"]


class AppealForm(SubmissionKeyMixin, forms.ModelForm):
    """诉求直达 (F-CONS-8): addressed to the platform, which moves it 待受理 → 处理中 → 已解决."""

    demand_type = forms.ChoiceField(label=_("需求类型"), choices=[("", _("请选择"))] + DemandType.choices,
                                    error_messages=_required(_("请选择需求类型。")))

    class Meta:
        model = Complaint
        fields = ["demand_type", "title", "body"]
        labels = {"title": _("诉求标题"), "body": _("诉求内容")}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {"title": _required(_("请填写诉求标题。")), "body": _required(_("请填写诉求内容。"))}
