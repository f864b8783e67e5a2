from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from core.forms import PreciseErrorsMixin
from core.uploads import content_matches, extension_of, reencode_image
from members.identity import normalise as normalise_id
from members.identity import validate_id_number
from members.models import AlertPreference, Enterprise, FinancialInstitution, Industry, SensitiveField, validate_mobile
from members.uscc import normalise, validate_uscc

CAPTCHA_ERRORS = {"invalid": _("验证码不正确，请重新输入。"), "required": _("请输入验证码。")}


def captcha_field():
    return CaptchaField(label=_("验证码"), error_messages=CAPTCHA_ERRORS)


class CaptchaFirstMixin:
    """Skip the password check when the captcha is wrong, so the captcha really slows guessing down."""

    def clean(self):
        if "captcha" in self._errors:
            return self.cleaned_data
        return super().clean()


class PortalLoginForm(PreciseErrorsMixin, CaptchaFirstMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。"),
        "inactive": _("该账号已停用或已注销，请联系平台管理员。"),
        "not_activated": _("账号尚未激活：请点击注册邮件中的激活链接，或输入短信验证码激活。"),
    }

    captcha = captcha_field()

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("用户名 / 统一社会信用代码")
        self.fields["password"].label = _("密码")
        self.needs_activation = False

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                self._explain_disabled_account()
            raise

    def _explain_disabled_account(self):
        """Django's backend treats a disabled (停用) account like a wrong password; when the password is right,
        say what is really wrong. Only the account holder, who knows the password, learns it."""
        user = get_user_model().objects.filter(username=self.cleaned_data.get("username"), is_active=False).first()
        if user is not None and user.check_password(self.cleaned_data.get("password") or ""):
            raise ValidationError(self.error_messages["inactive"], code="inactive")

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_activated:
            self.needs_activation = True
            raise ValidationError(self.error_messages["not_activated"], code="not_activated")


class ActivationCodeForm(PreciseErrorsMixin, forms.Form):
    username = forms.CharField(label=_("统一社会信用代码"), max_length=150,
                               error_messages={"required": _("请填写注册时的统一社会信用代码。")})
    code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6,
                           error_messages={"required": _("请输入短信验证码。"), "min_length": _("验证码为6位数字。")})
    captcha = captcha_field()

    def clean_username(self):
        return normalise(self.cleaned_data["username"])


class ResendActivationForm(PreciseErrorsMixin, forms.Form):
    username = forms.CharField(label=_("统一社会信用代码"), max_length=150,
                               error_messages={"required": _("请填写注册时的统一社会信用代码。")})
    captcha = captcha_field()

    def clean_username(self):
        return normalise(self.cleaned_data["username"])


class PortalPasswordResetForm(PreciseErrorsMixin, PasswordResetForm):
    """Django's reset form with the login's captcha (the view adds the rate limits)."""

    captcha = captcha_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("电子邮箱")
        self.fields["email"].error_messages = {"required": _("请填写注册时的电子邮箱。"),
                                               "invalid": _("电子邮箱格式不正确。")}


class SmsAlertForm(PreciseErrorsMixin, forms.ModelForm):
    """The enterprise's opt-in to SMS on its applications' status changes, on its profile page."""

    class Meta:
        model = AlertPreference
        fields = ["sms_status_alerts"]


class CancelAccountForm(PreciseErrorsMixin, forms.Form):
    password = forms.CharField(label=_("登录密码"), strip=False, widget=forms.PasswordInput,
                               error_messages={"required": _("请输入登录密码以确认注销。")})
    confirm = forms.BooleanField(label=_("我已了解：注销后账号无法登录，个人信息将被删除，且不可恢复。"),
                                 error_messages={"required": _("请勾选确认。")})

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("密码不正确。"))
        return password


class AdminLoginForm(CaptchaFirstMixin, WagtailLoginForm):
    """Wagtail's /admin/login/ with the same captcha (WAGTAILADMIN_USER_LOGIN_FORM)."""

    captcha = captcha_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's password field has no label, so Django shows its English field name
        self.fields["password"].label = _("密码")
        self.fields["password"].widget.attrs["placeholder"] = _("请输入密码")


class PasswordFieldsMixin:
    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise ValidationError(_("两次输入的密码不一致。"))
        return password2


class SmsPasswordResetForm(PreciseErrorsMixin, forms.Form):
    """Step 1 of the reset by SMS: the login name and the phone number on the account."""

    username = forms.CharField(label=_("用户名 / 统一社会信用代码"), max_length=150,
                               error_messages={"required": _("请填写用户名或统一社会信用代码。")})
    phone = forms.CharField(label=_("手机号码"), max_length=20, validators=[validate_mobile],
                            help_text=_("账号绑定的手机号码"), error_messages={"required": _("请填写手机号码。")})
    captcha = captcha_field()

    def clean_username(self):
        return self.cleaned_data["username"].strip()


class SmsPasswordResetConfirmForm(PreciseErrorsMixin, PasswordFieldsMixin, forms.Form):
    """Step 2: the code from the SMS and the new password."""

    username = forms.CharField(label=_("用户名 / 统一社会信用代码"), max_length=150,
                               error_messages={"required": _("请填写用户名或统一社会信用代码。")})
    code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6,
                           error_messages={"required": _("请输入短信验证码。"), "min_length": _("验证码为6位数字。")})
    password1 = forms.CharField(label=_("新密码"), strip=False, widget=forms.PasswordInput,
                                help_text=password_validation.password_validators_help_text_html,
                                error_messages={"required": _("请设置新密码。")})
    password2 = forms.CharField(label=_("确认新密码"), strip=False, widget=forms.PasswordInput,
                                error_messages={"required": _("请再次输入新密码。")})
    captcha = captcha_field()

    def clean_username(self):
        return self.cleaned_data["username"].strip()


class RegistrationForm(PreciseErrorsMixin, PasswordFieldsMixin, forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=255,
                           error_messages={"required": _("请填写企业名称。")})
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30,
                                  help_text=_("18位，见营业执照"),
                                  error_messages={"required": _("请填写统一社会信用代码。")})
    contact_person = forms.CharField(label=_("联系人"), max_length=40,
                                     error_messages={"required": _("请填写联系人姓名。")})
    contact_phone = forms.CharField(label=_("手机号码"), max_length=20, validators=[validate_mobile],
                                    error_messages={"required": _("请填写手机号码。")})
    email = forms.EmailField(label=_("电子邮箱"), error_messages={
        "required": _("请填写电子邮箱，找回密码时使用。"), "invalid": _("电子邮箱格式不正确。")})
    password1 = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput(render_value=True),
                                help_text=password_validation.password_validators_help_text_html,
                                error_messages={"required": _("请设置密码。")})
    password2 = forms.CharField(label=_("确认密码"), strip=False, widget=forms.PasswordInput(render_value=True),
                                error_messages={"required": _("请再次输入密码。")})
    captcha = captcha_field()

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_credit_code(self):
        code = normalise(self.cleaned_data["credit_code"])
        validate_uscc(code)
        return code

    def clean_contact_phone(self):
        return self.cleaned_data["contact_phone"].strip()

    def clean(self):
        cleaned = super().clean()
        if "captcha" not in self._errors:
            self._refuse_registered_code_and_phone(cleaned)
        password = cleaned.get("password1")
        if password:
            probe = get_user_model()(username=cleaned.get("credit_code") or "", email=cleaned.get("email") or "",
                                     first_name=cleaned.get("contact_person") or "")
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


    def _refuse_registered_code_and_phone(self, cleaned):
        """Only behind a solved captcha: whether a code or a phone number is registered is about someone
        else's account, and must not be answerable by a script."""
        code, phone = cleaned.get("credit_code"), cleaned.get("contact_phone")
        if code and (Enterprise.objects.filter(credit_code=code).exists()
                     or get_user_model().objects.filter(username__iexact=code).exists()):
            self.add_error("credit_code", ValidationError(
                _("该统一社会信用代码已注册，请直接登录；忘记密码可通过邮箱找回。"), code="duplicate"))
        if phone and Enterprise.objects.filter(contact_phone=phone).exists():
            self.add_error("contact_phone", ValidationError(_("该手机号码已被其他企业注册。"), code="duplicate"))


class ResubmitForm(PreciseErrorsMixin, forms.Form):
    """Correct name or code after a rejection."""

    name = forms.CharField(label=_("企业名称"), max_length=255)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30)

    def __init__(self, *args, enterprise, **kwargs):
        self.enterprise = enterprise
        kwargs.setdefault("initial", {"name": enterprise.name, "credit_code": enterprise.credit_code})
        super().__init__(*args, **kwargs)

    def clean_credit_code(self):
        code = normalise(self.cleaned_data["credit_code"])
        validate_uscc(code)
        taken = Enterprise.objects.filter(credit_code=code).exclude(pk=self.enterprise.pk).exists()
        taken = taken or get_user_model().objects.filter(username__iexact=code).exclude(
            pk=self.enterprise.account_id).exists()
        if taken:
            raise ValidationError(_("该统一社会信用代码已被其他账号注册。"), code="duplicate")
        return code


LICENCE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
LICENCE_MAX_BYTES = 10 * 1024 * 1024


class LicenceField(forms.FileField):
    """The 营业执照: a PDF or a photo, checked by its first bytes; photos are re-encoded (no EXIF/GPS)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return upload
        extension = extension_of(upload.name)
        if extension not in LICENCE_EXTENSIONS:
            raise ValidationError(_("营业执照请上传 PDF、JPG 或 PNG 文件。"), code="extension")
        if upload.size > LICENCE_MAX_BYTES:
            raise ValidationError(_("营业执照文件不能超过 %(mb)d MB。") % {"mb": LICENCE_MAX_BYTES // (1024 * 1024)},
                                  code="size")
        if not content_matches(upload, extension):
            raise ValidationError(_("“%(name)s”的内容与扩展名不符，请上传营业执照的 PDF 或照片。") % {
                "name": upload.name}, code="content")
        if extension != "pdf":
            upload = reencode_image(upload)
        return upload


class CertificationMaterialsForm(forms.Form):
    """营业执照, the legal representative's identity and the signature of the 授权书 (issue 22). A rejected
    enterprise also corrects its name or code here (``with_identity``)."""

    name = forms.CharField(label=_("企业名称"), max_length=255)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    business_licence = LicenceField(label=_("营业执照"), help_text=_("PDF、JPG 或 PNG，不超过 10 MB"),
                                    error_messages={"required": _("请上传营业执照。")})
    legal_representative_name = forms.CharField(label=_("法定代表人姓名"), max_length=40)
    legal_representative_id_number = forms.CharField(
        label=_("法定代表人身份证号码"), max_length=30, validators=[validate_id_number],
        help_text=_("18位居民身份证号码，提交后仅显示首尾四位"))
    accept_authorisation = forms.BooleanField(
        label=_("我已阅读并同意《信用信息查询授权书》"),
        error_messages={"required": _("请阅读并同意《信用信息查询授权书》后再提交。")})

    def __init__(self, *args, enterprise, with_identity, has_licence, **kwargs):
        self.enterprise = enterprise
        kwargs.setdefault("initial", {"name": enterprise.name, "credit_code": enterprise.credit_code,
                                      "legal_representative_name": enterprise.legal_representative})
        super().__init__(*args, **kwargs)
        if not with_identity:
            del self.fields["name"], self.fields["credit_code"]
        if has_licence:  # already on file: a new upload replaces it
            self.fields["business_licence"].required = False
            self.fields["business_licence"].help_text = _(
                "已上传；重新选择文件将替换原文件（PDF、JPG 或 PNG，不超过 10 MB）")

    clean_credit_code = ResubmitForm.clean_credit_code

    def clean_legal_representative_id_number(self):
        return normalise_id(self.cleaned_data["legal_representative_id_number"])


class DivisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.section.code}{obj.code} {obj.name}"


class EnterpriseProfileForm(PreciseErrorsMixin, forms.ModelForm):
    """Everyday fields save at once; 法人 and 注册资本 become change requests (F-REG-13)."""

    FIGURES = ("revenue", "profit", "net_profit", "debt_ratio")
    RATIO_ERRORS = {
        "invalid": _("资产负债率请填写数字，如 45.50。"),
        "min_value": _("资产负债率不能小于0。"),
        "max_value": _("资产负债率不能大于100。"),
        "max_decimal_places": _("资产负债率最多保留两位小数。"),
        "max_digits": _("资产负债率不能大于100。"),
        "max_whole_digits": _("资产负债率不能大于100。"),
    }

    industry = DivisionChoiceField(label=_("所属行业（GB/T 4754 大类）"), required=False,
                                   queryset=Industry.objects.filter(section__isnull=False).select_related("section"))
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=40, required=False,
                                           help_text=_("变更须经平台审核后生效"))
    registered_capital = forms.DecimalField(label=_("注册资本（元）"), max_digits=14, decimal_places=2,
                                            required=False, min_value=0, help_text=_("变更须经平台审核后生效"))

    class Meta:
        model = Enterprise
        fields = ["contact_person", "contact_phone", "email", "address", "industry", "region", "park", "headcount",
                  "rd_staff", "established_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = [timezone.localdate().year - n for n in (1, 2, 3)]
        figures = {row.year: row for row in self.instance.financials.filter(year__in=self.years)}
        for year in self.years:
            row = figures.get(year)
            self.fields[f"revenue_{year}"] = forms.DecimalField(
                label=_("%(year)d年营业收入（元）") % {"year": year}, max_digits=14, decimal_places=2,
                required=False, initial=row.revenue if row else None)
            self.fields[f"profit_{year}"] = forms.DecimalField(
                label=_("%(year)d年利润总额（元）") % {"year": year}, max_digits=14, decimal_places=2,
                required=False, initial=row.profit if row else None)
            self.fields[f"net_profit_{year}"] = forms.DecimalField(
                label=_("%(year)d年净利润（元）") % {"year": year}, max_digits=14, decimal_places=2,
                required=False, initial=row.net_profit if row else None)
            self.fields[f"debt_ratio_{year}"] = forms.DecimalField(
                label=_("%(year)d年资产负债率（%%）") % {"year": year}, max_digits=5, decimal_places=2,
                min_value=0, max_value=100, required=False, initial=row.debt_ratio if row else None,
                help_text=_("0到100之间，最多两位小数"), error_messages=self.RATIO_ERRORS)
        self.fields["legal_representative"].initial = self.instance.legal_representative
        self.fields["registered_capital"].initial = self.instance.registered_capital

    def clean_established_year(self):
        year = self.cleaned_data.get("established_year")
        if year and not 1949 <= year <= timezone.localdate().year:
            raise ValidationError(_("成立年份应在1949年到今年之间。"))
        return year

    def sensitive_changes(self):
        """{field: new value} for sensitive fields the user changed."""
        changes = {}
        for field in SensitiveField.values:
            new = self.cleaned_data.get(field)
            old = getattr(self.instance, field)
            if new not in (None, "") and new != old:
                changes[field] = new
        return changes

    def yearly_figures(self):
        """{year: {figure: value}} for the three years shown."""
        return {year: {name: self.cleaned_data.get(f"{name}_{year}") for name in self.FIGURES}
                for year in self.years}


class ReasonForm(PreciseErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写原因，企业会看到它。")})


class DataGrantForm(PreciseErrorsMixin, forms.Form):
    """数据授权 from the member centre: which institution, for how long."""

    institution = forms.ModelChoiceField(label=_("金融机构"), queryset=FinancialInstitution.objects.none(),
                                         empty_label=_("- 请选择 -"))
    months = forms.TypedChoiceField(label=_("授权期限"), coerce=int, initial=6,
                                    choices=[(3, _("3个月")), (6, _("6个月")), (12, _("12个月"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = FinancialInstitution.objects.filter(is_active=True).order_by("name")
