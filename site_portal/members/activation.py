"""Account activation (F-REG-4): a signed, expiring link by e-mail and a 6-digit code by SMS; either one
activates. Until then the account cannot log in (forms.PortalLoginForm)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from site_portal.members.sms import send_sms

SALT = "members.activation"
CODE_SECONDS = 10 * 60
CODE_ATTEMPTS = 5
RESEND_SECONDS = 60


def link_seconds():
    return getattr(settings, "ACCOUNT_ACTIVATION_SECONDS", 48 * 60 * 60)


class ActivationError(Exception):
    """Shown to the visitor as it is."""


def make_token(user):
    # the username is signed too, so a token stops working once the account is renamed or cancelled
    return signing.dumps({"u": user.pk, "n": user.username}, salt=SALT)


def _code_key(user):
    return f"members:activation-code:{user.pk}"


def send_activation(user, request=None):
    """E-mail the link and text the code. Returns False when asked again within a minute (nothing sent)."""
    if not cache.add(f"members:activation-resend:{user.pk}", 1, RESEND_SECONDS):
        return False
    path = reverse("accounts:activate_link", args=[make_token(user)])
    url = request.build_absolute_uri(path) if request is not None else settings.WAGTAILADMIN_BASE_URL + path
    hours = link_seconds() // 3600
    if user.email:
        send_mail(_("请激活您的融资服务门户账号"),
                  render_to_string("members/activation_email.txt", {"user": user, "url": url, "hours": hours}),
                  None, [user.email])
    if user.phone:
        code = f"{secrets.randbelow(10**6):06d}"
        cache.set(_code_key(user), {"hash": make_password(code), "attempts": 0}, CODE_SECONDS)
        send_sms(user.phone, _("【融资服务门户】您的激活验证码为%(code)s，%(minutes)d分钟内有效。") % {
            "code": code, "minutes": CODE_SECONDS // 60})
    return True


def _activate(user, how):
    if not user.is_activated:
        user.is_activated = True
        user.activated_at = timezone.now()
        user.save(update_fields=["is_activated", "activated_at"])
        log(user, "members.activate", user=user, data={"by": how})
    cache.delete(_code_key(user))
    return user


def activate_with_token(token):
    try:
        data = signing.loads(token, salt=SALT, max_age=link_seconds())
    except signing.SignatureExpired as error:
        raise ActivationError(_("激活链接已过期，请重新发送激活邮件。")) from error
    except signing.BadSignature as error:
        raise ActivationError(_("激活链接无效，请检查邮件中的链接是否完整。")) from error
    user = get_user_model().objects.filter(pk=data.get("u"), username=data.get("n"), is_active=True).first()
    if user is None:
        raise ActivationError(_("激活链接无效，请检查邮件中的链接是否完整。"))
    return _activate(user, "email")


def activate_with_code(username, code):
    user = get_user_model().objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    entry = cache.get(_code_key(user)) if user is not None else None
    if user is not None and user.is_activated:
        return user
    if entry is None:
        raise ActivationError(_("验证码已过期或账号不存在，请重新发送验证码。"))
    if entry["attempts"] >= CODE_ATTEMPTS:
        raise ActivationError(_("验证码错误次数过多，请重新发送验证码。"))
    if not check_password((code or "").strip(), entry["hash"]):
        entry["attempts"] += 1
        cache.set(_code_key(user), entry, CODE_SECONDS)
        raise ActivationError(_("验证码不正确，请重新输入。"))
    return _activate(user, "sms")
