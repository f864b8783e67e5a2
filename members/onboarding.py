"""Onboarding a financial institution (issue 18): its first staff account and, when the platform names one,
its own product reviewer, so that the institution can work and publish on day one.

The accounts are created without a usable password. Each gets a one-time 设置密码 link:

* bound to its purpose: ``AccountSetupTokenGenerator`` has its own ``key_salt``, so a reset or an activation
  token does not set up an account, and a set-up token neither resets nor activates;
* used once: Django's hash covers the password hash and the last login, so the token is spent as soon as a
  password is set (PASSWORD_RESET_TIMEOUT bounds its life);
* signs no one in: the view only sets the password (``post_reset_login`` stays False); the staff member then
  logs in behind the captcha and the lockout, like everyone else (docs/security.md).

The link is e-mailed to the account's address and shown once to the platform admin who onboarded the
institution (who could set a password in the user editor anyway, so no right is added).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import AccountCategory
from members.roles import is_platform_admin, may_manage_account, setup_institution_reviewers


class AccountSetupTokenGenerator(PasswordResetTokenGenerator):
    """The 设置密码 link of an account created for someone else (its own key_salt: see the module)."""

    key_salt = "members.onboarding.AccountSetupTokenGenerator"


setup_token = AccountSetupTokenGenerator()


def setup_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:account_setup", args=[uid, setup_token.make_token(user)])


def setup_url(user, request=None):
    path = setup_path(user)
    return request.build_absolute_uri(path) if request is not None else settings.WAGTAILADMIN_BASE_URL + path


def send_setup_link(user, url):
    if user.email:
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        send_mail(_("请设置您的融资服务门户账号密码"),
                  render_to_string("members/account_setup_email.txt", {"user": user, "url": url, "hours": hours}),
                  None, [user.email])


def create_staff_account(institution, *, username, name, email, reviewer=False, by=None):
    """An institution account without a usable password, in the institution's staff group (and its product
    reviewers' group when ``reviewer``)."""
    user = get_user_model()(username=username, first_name=name, email=email, category=AccountCategory.INSTITUTION)
    user.set_unusable_password()
    user.save()
    groups = [institution.group] + ([setup_institution_reviewers(institution)] if reviewer else [])
    user.groups.add(*groups)
    log(user, "wagtail.create", user=by)
    return user


@transaction.atomic
def onboard_institution(institution, *, staff=None, reviewer=None, by=None, request=None):
    """Create the institution's first staff account (``staff``: dict of username, name, email) and its product
    reviewer (``reviewer``, same keys, optional), e-mail each its set-up link. Returns [(user, url)]."""
    setup_institution_reviewers(institution)
    created = []
    for details, is_reviewer in ((staff, False), (reviewer, True)):
        if details:
            user = create_staff_account(institution, reviewer=is_reviewer, by=by, **details)
            created.append((user, setup_url(user, request)))
    for user, url in created:
        transaction.on_commit(lambda user=user, url=url: send_setup_link(user, url))
    return created


class SetupLinkRefused(Exception):
    """Why a set-up link is not resent (a Chinese sentence)."""


def may_resend_setup_link(by, user):
    """A platform admin who may manage the account (members.roles) resends its set-up link."""
    return is_platform_admin(by) and may_manage_account(by, user)


def needs_setup(user):
    """True while the account has never had a password of its own (its set-up link not used)."""
    return user.is_active and not user.has_usable_password()


@transaction.atomic
def resend_setup_link(user, *, by, request=None):
    """A new one-time 设置密码 link for an account that has not set its password yet (its link lost or expired):
    the account gets a fresh unusable password, which every earlier link's hash covered, so the old links are
    dead from now on. E-mailed like the first one, logged, and returned to be shown once to ``by``."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise SetupLinkRefused(_("该账号已停用，请先启用再发送设置密码链接。"))
    if user.has_usable_password():
        raise SetupLinkRefused(_("该账号已设置过密码，请使用“重置密码”。"))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    url = setup_url(user, request)
    log(user, "members.resend_setup_link", user=by, data={"email": user.email})
    transaction.on_commit(lambda: send_setup_link(user, url))
    return url
