"""Password reset by SMS code (issue 22), beside the e-mail link: the account holder gives the login name and
the phone number on the account; a 6-digit code goes to that phone; the code and a new password set the
password. Nobody is signed in (docs/security.md "Sign-in paths"): the user then logs in.

The code is a OneTimeCode bound to the purpose ``password_reset`` (an activation code does not reset, a reset
code does not activate), 10 minutes, 5 tries, used once; asking again within a minute sends nothing; requests
are limited per phone number and per client address (PORTAL_PASSWORD_RESET_LIMITS). The answers are the same
whether or not the login name and the phone match an account.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members import one_time_codes, ratelimit, sms
from members.models import CodePurpose

CODE_SECONDS = 10 * 60
RESEND_SECONDS = 60
SENT, TOO_SOON, LIMITED = "sent", "too_soon", "limited"


class ResetError(Exception):
    """Shown to the visitor as it is."""


def wrong_code_message():
    """One answer for a wrong, expired, used-up or unknown code and an unknown account."""
    return _("验证码不正确或已失效，请重新输入；多次失败请重新获取验证码。")


def _account(username):
    return get_user_model().objects.filter(username__iexact=(username or "").strip(), is_active=True,
                                           is_activated=True).first()


def within_limits(phone, address):
    limits = settings.PORTAL_PASSWORD_RESET_LIMITS
    phone_ok = ratelimit.allow("password-reset-phone", phone, *limits.get("phone", limits["email"]))
    address_ok = ratelimit.allow("password-reset-ip", address or "", *limits["ip"])
    return phone_ok and address_ok


def request_code(username, phone, address):
    """Text a reset code when ``username`` names an active account whose phone is ``phone``. Returns SENT
    (also when nothing matched: the visitor is told the same), TOO_SOON or LIMITED."""
    phone = "".join((phone or "").split())
    if not within_limits(phone, address):
        return LIMITED
    user = _account(username)
    if user is None or not user.phone or user.phone != phone:
        return SENT
    last = one_time_codes.last_issued(user, CodePurpose.PASSWORD_RESET)
    if last is not None and timezone.now() - last < timedelta(seconds=RESEND_SECONDS):
        return TOO_SOON
    code = one_time_codes.issue(user, CodePurpose.PASSWORD_RESET, CODE_SECONDS)
    sms.send_sms(user.phone, sms.PASSWORD_RESET_CODE, code=code, minutes=CODE_SECONDS // 60)
    return SENT


def check_new_password(username, password):
    """Django's password validators against the account (when one matches), before the code is spent."""
    password_validation.validate_password(password, user=_account(username))


def reset_with_code(username, code, password):
    """Set ``password`` when ``code`` is the live reset code of ``username``; the code is spent."""
    user = _account(username)
    if user is None or not one_time_codes.use(user, CodePurpose.PASSWORD_RESET, code):
        raise ResetError(wrong_code_message())
    user.set_password(password)
    user.save(update_fields=["password"])
    log(user, "members.password_reset_sms", user=user)
    return user
