"""Account activation (F-REG-4): a one-time link by e-mail and a 6-digit code by SMS; either one activates.

Activating signs no one in: the account holder then logs in with the password, behind the captcha and the
lockout. Until activated the account cannot log in (forms.PortalLoginForm).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members import one_time_codes, sms
from members.models import CodePurpose

CODE_SECONDS = 10 * 60
CODE_ATTEMPTS = one_time_codes.MAX_ATTEMPTS
RESEND_SECONDS = 60


def link_seconds():
    return settings.ACCOUNT_ACTIVATION_SECONDS


class ActivationError(Exception):
    """Shown to the visitor as it is."""


def wrong_code_message():
    """One answer for a wrong, expired, used-up or unknown code and for an account that needs no activation,
    so the form tells nothing about which accounts exist or are activated."""
    return _("验证码不正确或已失效，请重新输入；多次失败请重新发送验证码。")


def invalid_link_message():
    return _("激活链接无效或已使用：已激活的账号请直接登录，尚未激活的账号请重新发送激活邮件。")


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """The e-mail link's token. Its own key_salt binds it to activation (a reset token is no activation token
    and the other way round); the hash covers the account's state, so the token goes stale once the account
    is activated, renamed, or its password or e-mail changes; it expires after ACCOUNT_ACTIVATION_SECONDS."""

    key_salt = "members.activation.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        state = f"{user.username}|{user.password}|{user.email}|{user.is_active}|{user.is_activated}"
        return f"{user.pk}|{state}|{timestamp}"

    def issued_at(self, user, token):
        """The token's time stamp when the token is right for ``user`` as the account is now, else None."""
        try:
            stamp = base36_to_int(str(token).partition("-")[0])
        except ValueError:
            return None
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, stamp, secret), token):
                return stamp
        return None

    def is_expired(self, stamp):
        return self._num_seconds(self._now()) - stamp > link_seconds()

    def check_token(self, user, token):
        stamp = self.issued_at(user, token) if user and token else None
        return stamp is not None and not self.is_expired(stamp)


activation_token = ActivationTokenGenerator()


def link_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:activate_link", args=[uid, activation_token.make_token(user)])


def _awaiting_activation():
    return get_user_model().objects.filter(is_active=True, is_activated=False)


def send_activation(user, request=None):
    """E-mail the link and text the code. Returns False when asked again within a minute (nothing sent)."""
    last = one_time_codes.last_issued(user, CodePurpose.ACTIVATION)
    if last is not None and timezone.now() - last < timedelta(seconds=RESEND_SECONDS):
        return False
    # a new code row on every send, texted or not: it also dates this send for the check above
    code = one_time_codes.issue(user, CodePurpose.ACTIVATION, CODE_SECONDS)
    path = link_path(user)
    url = request.build_absolute_uri(path) if request is not None else settings.WAGTAILADMIN_BASE_URL + path
    hours = link_seconds() // 3600
    if user.email:
        send_mail(_("请激活您的融资服务门户账号"),
                  render_to_string("members/activation_email.txt", {"user": user, "url": url, "hours": hours}),
                  None, [user.email])
    if user.phone:
        sms.send_sms(user.phone, sms.ACTIVATION_CODE, code=code, minutes=CODE_SECONDS // 60)
    return True


def _activate(user, how):
    """Mark the account activated (once, even when the link and the code arrive together)."""
    now = timezone.now()
    if get_user_model().objects.filter(pk=user.pk, is_activated=False).update(is_activated=True, activated_at=now):
        user.is_activated, user.activated_at = True, now
        log(user, "members.activate", user=user, data={"by": how})
    return user


def activate_with_token(uidb64, token):
    try:
        user = _awaiting_activation().filter(pk=urlsafe_base64_decode(uidb64).decode()).first()
    except (TypeError, ValueError, OverflowError, ValidationError):
        user = None
    stamp = activation_token.issued_at(user, token) if user is not None else None
    if stamp is None:
        raise ActivationError(invalid_link_message())
    if activation_token.is_expired(stamp):
        raise ActivationError(_("激活链接已过期，请重新发送激活邮件。"))
    return _activate(user, "email")


def lockout_username(username):
    """The name the lockout counts failures under: the account's own login name when one matches (so the
    login's and the activation form's failures add up), else what was typed."""
    typed = (username or "").strip()
    account = get_user_model().objects.filter(username__iexact=typed).values_list("username", flat=True).first()
    return account or typed


def activate_with_code(username, code):
    user = _awaiting_activation().filter(username__iexact=(username or "").strip()).first()
    if user is None or not one_time_codes.use(user, CodePurpose.ACTIVATION, code):
        raise ActivationError(wrong_code_message())
    return _activate(user, "sms")
