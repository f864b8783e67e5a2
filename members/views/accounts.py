"""Sign-up, sign-in and passwords: one login page for every category of account (F-REG-7)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.client_ip import client_ip
from members import activation, onboarding, ratelimit, sms_password_reset
from members.forms import (
    ActivationCodeForm,
    PortalLoginForm,
    PortalPasswordResetForm,
    RegistrationForm,
    ResendActivationForm,
    SmsPasswordResetConfirmForm,
    SmsPasswordResetForm,
)
from members.services import register_enterprise


@sensitive_post_parameters("password1", "password2")
def register(request):
    if request.user.is_authenticated:
        return redirect("members:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = register_enterprise(
            name=data["name"], credit_code=data["credit_code"], contact_person=data["contact_person"],
            contact_phone=data["contact_phone"], email=data["email"], password=data["password1"],
        )
        activation.send_activation(enterprise.account, request)
        messages.success(request, _("注册成功。激活链接已发送到 %(email)s，短信验证码已发送到您的手机；"
                                    "激活后即可登录，平台同时开始认证您的企业。") % {"email": enterprise.email})
        return redirect(f"{reverse('accounts:activate')}?username={enterprise.credit_code}")
    return render(request, "members/register.html", {"form": form})


def activate(request):
    """Enter the SMS code (or come back from the e-mail link); a resend form sits beside it.

    A failed code counts as a failed login for that account from this address (django-axes), so the form is
    locked out together with the login; activating signs no one in."""
    form = ActivationCodeForm(request.POST or None, initial={"username": request.GET.get("username", "")})
    if request.method == "POST" and form.is_valid():
        credentials = {"username": activation.lockout_username(form.cleaned_data["username"])}
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, None, credentials)
        try:
            user = activation.activate_with_code(form.cleaned_data["username"], form.cleaned_data["code"])
        except activation.ActivationError as error:
            # axes counts it (and locks out at the limit: AxesMiddleware answers 429), the login log records it
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            form.add_error("code", str(error))
        else:
            return _activated(request, user)
    resend_form = ResendActivationForm(initial={"username": request.GET.get("username", "")}, auto_id="resend_%s")
    return render(request, "members/activate.html", {"form": form, "resend_form": resend_form})


def activate_link(request, uidb64, token):
    try:
        user = activation.activate_with_token(uidb64, token)
    except activation.ActivationError as error:
        messages.error(request, str(error))
        return redirect("accounts:activate")
    return _activated(request, user)


def _activated(request, user):
    """To the login page, the login name filled in: activation proves the mailbox or phone, not the password."""
    messages.success(request, _("账号已激活，请登录。您的企业正在等待平台认证，认证结果会通过站内信通知您。"))
    return redirect(f"{reverse('accounts:login')}?{urlencode({'username': user.get_username()})}")


@require_POST
def activation_resend(request):
    """Same answer whether or not the account exists, so the form cannot be used to probe for codes."""
    form = ResendActivationForm(request.POST, auto_id="resend_%s")
    if not form.is_valid():
        return render(request, "members/activate.html", {"form": ActivationCodeForm(), "resend_form": form})
    user = get_user_model().objects.filter(username__iexact=form.cleaned_data["username"], is_active=True,
                                           is_activated=False).first()
    if user is not None and not activation.send_activation(user, request):
        messages.warning(request, _("发送过于频繁，请一分钟后再试。"))
    else:
        messages.success(request, _("如果该账号存在且尚未激活，激活邮件和短信验证码已重新发送。"))
    return redirect(f"{reverse('accounts:activate')}?username={form.cleaned_data['username']}")


class LoginView(auth_views.LoginView):
    template_name = "members/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = False

    def get_initial(self):
        """The login name from ?username= (where activation sends the account holder)."""
        return {"username": self.request.GET.get("username", "")[:150]}

    def get_default_redirect_url(self):
        """Staff go to their back office, everyone else to the member centre."""
        user = self.request.user
        if user.has_perm("wagtailadmin.access_admin"):
            return "/admin/"
        return super().get_default_redirect_url()

    def get_redirect_url(self):
        url = super().get_redirect_url()
        # Wagtail sends anyone without admin access back to the login page: don't bounce them there again.
        if url.startswith("/admin") and self.request.user.is_authenticated and not self.request.user.has_perm(
            "wagtailadmin.access_admin"
        ):
            return ""
        return url if url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}) else ""


class LogoutView(auth_views.LogoutView):
    next_page = "/"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "members/password_change.html"
    success_url = reverse_lazy("members:home")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改。"))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """The captcha, then a limit per e-mail address and per client address; the answer is the same whether
    or not an account has that address (Django sends nothing when none has)."""

    template_name = "members/password_reset.html"
    email_template_name = "members/password_reset_email.txt"
    subject_template_name = "members/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = PortalPasswordResetForm

    def form_valid(self, form):
        if not self._within_limits(form.cleaned_data["email"]):
            form.add_error(None, _("找回密码的请求过于频繁，请稍后再试。"))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)

    def _within_limits(self, email):
        limits = settings.PORTAL_PASSWORD_RESET_LIMITS
        email_ok = ratelimit.allow("password-reset-email", email.strip().lower(), *limits["email"])
        address_ok = ratelimit.allow("password-reset-ip", client_ip(self.request) or "", *limits["ip"])
        return email_ok and address_ok


def password_reset_sms(request):
    """Reset by SMS, step 1: the captcha, the limits, then the same answer whether or not the account and
    phone match (members/sms_password_reset.py)."""
    form = SmsPasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        outcome = sms_password_reset.request_code(username, form.cleaned_data["phone"], client_ip(request))
        if outcome == sms_password_reset.LIMITED:
            form.add_error(None, _("找回密码的请求过于频繁，请稍后再试。"))
            return render(request, "members/password_reset_sms.html", {"form": form}, status=429)
        if outcome == sms_password_reset.TOO_SOON:
            messages.warning(request, _("发送过于频繁，请一分钟后再试。"))
        else:
            messages.success(request, _("如果用户名与手机号码匹配，验证码已发送到该手机，10分钟内有效。"))
        return redirect(f"{reverse('accounts:password_reset_sms_confirm')}?{urlencode({'username': username})}")
    return render(request, "members/password_reset_sms.html", {"form": form})


@sensitive_post_parameters("password1", "password2", "code")
def password_reset_sms_confirm(request):
    """Reset by SMS, step 2: the code and the new password. A wrong code counts as a failed login of that
    account from this address (django-axes), as on the activation form; nobody is signed in."""
    form = SmsPasswordResetConfirmForm(request.POST or None,
                                       initial={"username": request.GET.get("username", "")[:150]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        credentials = {"username": activation.lockout_username(data["username"])}
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, None, credentials)
        try:
            sms_password_reset.check_new_password(data["username"], data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            try:
                user = sms_password_reset.reset_with_code(data["username"], data["code"], data["password1"])
            except sms_password_reset.ResetError as error:
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
                form.add_error("code", str(error))
            else:
                messages.success(request, _("密码已重设，请使用新密码登录。"))
                return redirect(f"{reverse('accounts:login')}?{urlencode({'username': user.get_username()})}")
    return render(request, "members/password_reset_sms_confirm.html", {"form": form})


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class AccountSetupView(PasswordResetConfirmView):
    """The one-time 设置密码 link of an account the platform created (members.onboarding): sets the first
    password with its own token generator and, like a reset, signs no one in."""

    template_name = "members/account_setup.html"
    token_generator = onboarding.setup_token
    reset_url_token = "set-up"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"
