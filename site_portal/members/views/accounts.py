"""Sign-up, sign-in and passwords: one login page for every category of account (F-REG-7)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from site_portal.members.forms import PortalLoginForm, RegistrationForm
from site_portal.members.services import register_enterprise


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
        login(request, enterprise.account, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("注册成功。您的企业正在等待平台认证，认证结果会通过站内信通知您。"))
        return redirect("members:home")
    return render(request, "members/register.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "members/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = False

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
    template_name = "members/password_reset.html"
    email_template_name = "members/password_reset_email.txt"
    subject_template_name = "members/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"
