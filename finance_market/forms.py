"""Front-end forms of the marketplace. Amounts are typed in 万元 and stored in yuan."""

import os
import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PreciseErrorsMixin
from core.money import WanAmountField, yuan_to_wan
from core.uploads import IMAGE_EXTENSIONS, content_matches, reencode_image
from finance_market.choices import FieldType, GuaranteeMethod, RepaymentMethod
from finance_market.models import FinancingNeed, NonDisbursementReason, RefusalReason
from finance_market.models.loans import PLAN_METHODS

COLLATERAL_CHOICES = [(c.value, c.label) for c in GuaranteeMethod if c != GuaranteeMethod.CREDIT]
# extension -> the first bytes a real file of that type starts with
ATTACHMENT_SIGNATURES = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "zip": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",), "xls": (b"\xd0\xcf\x11\xe0",),
}


class LoanRequestForm(PreciseErrorsMixin, forms.Form):
    amount = WanAmountField(label=_("申请金额（万元）"), max_value=Decimal("100000"))
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=360)
    purpose = forms.CharField(label=_("资金用途"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    collateral = forms.MultipleChoiceField(label=_("可提供的担保方式"), choices=COLLATERAL_CHOICES, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("不选表示只申请信用贷款"))


class CheckoutForm(PreciseErrorsMixin, forms.Form):
    """The part of the application common to every product in the cart, prefilled from the profile."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    amount = WanAmountField(label=_("申请金额（万元）"), max_value=Decimal("100000"))
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=360)
    purpose = forms.CharField(label=_("资金用途"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    repayment_method = forms.ChoiceField(label=_("还款方式"), choices=RepaymentMethod.choices)
    collateral = forms.MultipleChoiceField(label=_("可提供的担保方式"), choices=COLLATERAL_CHOICES, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    is_first_loan = forms.TypedChoiceField(label=_("首贷/续贷"), choices=[("1", _("首次贷款")), ("0", _("续贷"))],
                                           coerce=lambda v: v == "1", initial="1")
    contact_person = forms.CharField(label=_("联系人"), max_length=40)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)
    # 精准授权 (members.data_sharing): opt-in, never ticked for the enterprise
    grant_data = forms.BooleanField(
        label=_("授权所申请的金融机构查看本企业的经营数据和外部信用记录"), required=False,
        help_text=_("授权后机构可在有效期内查看本企业近年经营数据和数据共享交换平台提供的外部信用记录，每次查看都会记录；"
                    "可随时在会员中心“数据授权”中撤销。"))
    grant_months = forms.TypedChoiceField(label=_("授权期限"), coerce=int, initial=6, required=False, empty_value=6,
                                          choices=[(3, _("3个月")), (6, _("6个月")), (12, _("12个月"))])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentField(forms.FileField):
    """Several files; each checked for its extension, its first bytes and its size."""

    widget = MultipleFileInput

    def __init__(self, *, max_bytes, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(_("请上传申请材料。"))
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
            if extension not in ATTACHMENT_SIGNATURES:
                raise forms.ValidationError(_("“%(name)s”的格式不支持，请上传 PDF、图片、Word、Excel 或 ZIP 文件。")
                                            % {"name": upload.name})
            if upload.size > self.max_bytes:
                raise forms.ValidationError(_("“%(name)s”超过 %(mb)s MB。") % {
                    "name": upload.name, "mb": self.max_bytes // (1024 * 1024)})
            if not content_matches(upload, extension):
                raise forms.ValidationError(_("“%(name)s”的内容与扩展名不符。") % {"name": upload.name})
            if extension in IMAGE_EXTENSIONS:  # photographed certificates: drop EXIF/GPS, refuse bombs
                upload = reencode_image(upload)
            cleaned.append(upload)
        return cleaned


def product_form_class(product, max_bytes):
    """The form of one product's extra fields (贷款申报格式文本) plus its attachments."""
    fields = {}
    for spec in product.form_fields.all():
        common = {"label": spec.label, "required": spec.required, "help_text": spec.help_text}
        if spec.field_type == FieldType.TEXTAREA:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, **common)
        elif spec.field_type == FieldType.NUMBER:
            field = forms.DecimalField(max_digits=16, decimal_places=2, **common)
        elif spec.field_type == FieldType.DATE:
            field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        elif spec.field_type == FieldType.CHOICE:
            field = forms.ChoiceField(choices=[("", "---")] + [(c, c) for c in spec.choice_list()], **common)
        else:
            field = forms.CharField(max_length=200, **common)
        fields[spec.key] = field
    fields["attachments"] = AttachmentField(
        label=_("申请材料"), max_bytes=max_bytes,
        help_text=_("可多选；PDF、图片、Word、Excel 或 ZIP，单个不超过 %s MB") % (max_bytes // (1024 * 1024)))
    form_class = type("ProductApplicationForm", (PreciseErrorsMixin, forms.Form), fields)
    form_class.labels = {spec.key: spec.label for spec in product.form_fields.all()}
    return form_class


class ResubmitForm(PreciseErrorsMixin, forms.Form):
    note = forms.CharField(label=_("补充说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(PreciseErrorsMixin, forms.Form):
    score = forms.TypedChoiceField(label=_("评分"), choices=[(n, "★" * n) for n in range(5, 0, -1)], coerce=int,
                                   widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class NeedForm(PreciseErrorsMixin, forms.ModelForm):
    amount = WanAmountField(label=_("融资金额（万元）"), max_value=Decimal("100000"))

    class Meta:
        model = FinancingNeed
        fields = ["amount", "term_months", "purpose", "repayment_method"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["amount"] = yuan_to_wan(self.instance.amount)


# --- back office (Wagtail admin) ---

class NoteForm(PreciseErrorsMixin, forms.Form):
    note = forms.CharField(label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RequestInfoForm(PreciseErrorsMixin, forms.Form):
    note = forms.CharField(label=_("需补充的材料"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(NoteForm):
    credit_amount = WanAmountField(label=_("授信额度（万元）"), max_value=Decimal("100000"))


class RefuseForm(NoteForm):
    reason = forms.ModelChoiceField(label=_("拒绝原因"), queryset=RefusalReason.objects.filter(is_active=True))


# a browser's date picker reads only ISO dates (the Chinese locale would render 2026/12/06)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LoanStepForm(NoteForm):
    """A step after 已签约, for one application; the hidden token makes a second post of the same form a no-op
    (finance_market.lifecycle, the engine's submission key)."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.initial.setdefault("token", uuid.uuid4())

    def _not_in_future(self, day, what):
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("%s不能晚于今天") % what)
        return day


class DisburseForm(LoanStepForm):
    """登记放款: the amount may not bring the sum paid out above the credit granted (授信额度)."""

    amount = WanAmountField(label=_("放款金额（万元）"), max_value=Decimal("100000"))
    disbursed_on = forms.DateField(label=_("放款日期"), widget=DATE_INPUT)
    annual_rate = forms.DecimalField(label=_("年利率（%）"), min_value=0, max_value=36, max_digits=5, decimal_places=2)
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=360)
    repayment_method = forms.ChoiceField(label=_("还款方式"), choices=[(m.value, m.label) for m in PLAN_METHODS])
    field_order = ["amount", "disbursed_on", "annual_rate", "term_months", "repayment_method", "note"]

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        left = yuan_to_wan(application.undisbursed_amount)
        self.fields["amount"].help_text = _("尚可放款 %s 万元（授信额度减已放款）") % f"{left:.2f}"
        self.initial.setdefault("amount", left)
        self.initial.setdefault("disbursed_on", timezone.localdate())
        self.initial.setdefault("term_months", application.term_months)
        if application.repayment_method in PLAN_METHODS:
            self.initial.setdefault("repayment_method", application.repayment_method)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount > self.application.undisbursed_amount:
            left = yuan_to_wan(self.application.undisbursed_amount)
            raise forms.ValidationError(_("放款金额不能超过尚可放款的 %s 万元") % f"{left:.2f}")
        return amount

    def clean_disbursed_on(self):
        day = self._not_in_future(self.cleaned_data["disbursed_on"], _("放款日期"))
        decided = self.application.decided_at
        if decided and day < timezone.localdate(decided):
            raise forms.ValidationError(_("放款日期不能早于签约日期 %s") % timezone.localdate(decided))
        return day

    def disbursement(self):
        return {key: self.cleaned_data[key]
                for key in ("amount", "disbursed_on", "annual_rate", "term_months", "repayment_method")}


class SettleForm(LoanStepForm):
    settled_on = forms.DateField(label=_("结清日期"), widget=DATE_INPUT)
    field_order = ["settled_on", "note"]

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.initial.setdefault("settled_on", timezone.localdate())

    def clean_settled_on(self):
        return self._not_in_future(self.cleaned_data["settled_on"], _("结清日期"))


class NotDisburseForm(LoanStepForm):
    reason = forms.ModelChoiceField(label=_("未放款原因"),
                                    queryset=NonDisbursementReason.objects.filter(is_active=True))
    field_order = ["reason", "note"]


class CreditCheckForm(PreciseErrorsMixin, forms.Form):
    """本行核查: what the bank's own credit enquiry and anti-fraud check found (F-LOAN-13)."""

    credit_status = forms.CharField(label=_("信用状况"), max_length=60,
                                    help_text=_("本行征信查询结论，如：良好、无不良记录、有逾期记录"),
                                    error_messages={"required": _("请填写信用状况。"),
                                                    "max_length": _("信用状况不能超过60字。")})
    anti_fraud_score = forms.IntegerField(label=_("反欺诈评分"), min_value=0, max_value=100,
                                          help_text=_("本行反欺诈系统的评分，0到100"),
                                          error_messages={"required": _("请填写反欺诈评分。"),
                                                          "invalid": _("反欺诈评分须为0到100的整数。"),
                                                          "min_value": _("反欺诈评分须为0到100的整数。"),
                                                          "max_value": _("反欺诈评分须为0到100的整数。")})


class UrgeForm(PreciseErrorsMixin, forms.Form):
    note = forms.CharField(label=_("催办说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class EnterpriseUrgeForm(forms.Form):
    """The enterprise's 催办 of its own overdue application: a note is optional."""

    note = forms.CharField(label=_("催办说明（选填）"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"max_length": _("催办说明不能超过500字。")})


class CalculatorForm(PreciseErrorsMixin, forms.Form):
    """贷款计算器 (F-LOAN-16): amount in 万元, term in months, yearly rate in %."""

    amount = WanAmountField(label=_("贷款金额（万元）"), max_value=Decimal("100000"))
    term_months = forms.IntegerField(label=_("贷款期限（月）"), min_value=1, max_value=360)
    annual_rate = forms.DecimalField(label=_("年利率（%）"), min_value=0, max_value=36, max_digits=5, decimal_places=2)
    method = forms.ChoiceField(label=_("还款方式"), choices=[
        (RepaymentMethod.EQUAL_INSTALMENT, RepaymentMethod.EQUAL_INSTALMENT.label),
        (RepaymentMethod.EQUAL_PRINCIPAL, RepaymentMethod.EQUAL_PRINCIPAL.label),
        (RepaymentMethod.INTEREST_FIRST, RepaymentMethod.INTEREST_FIRST.label)])

    @classmethod
    def initial_for(cls, product):
        """Defaults from a product: its lowest rate, a middle amount and term, its first supported method."""
        methods = [m for m in (product.repayment_methods or []) if m in dict(cls.base_fields["method"].choices)]
        amount = yuan_to_wan((product.amount_min + product.amount_max) / 2)
        return {"amount": amount.quantize(Decimal("1")) or 1,
                "term_months": max(product.term_min, min(12, product.term_max)),
                "annual_rate": product.rate_min, "method": methods[0] if methods else RepaymentMethod.EQUAL_INSTALMENT}
