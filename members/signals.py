"""Login log (F-SEC-3): every sign-in, failed attempt, lockout and sign-out, wherever it happened; the signals
members sends to the apps above it; the page cache purged when a financial institution changes."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from core import page_cache
from core.client_ip import client_ip
from members.models import FinancialInstitution, LoginLog, LoginOutcome

# Sent when a platform admin adds a FinancialInstitution in the admin (kwargs: institution, user). Apps above
# members (finance_market) give it its place on the site without members knowing them.
institution_created = Signal()
# Sent inside the transaction that cancels (注销) an account (kwargs: user, enterprise or None, by), so apps
# holding the account's personal data anonymise or delete theirs too.
account_cancelled = Signal()
# Sent inside the transaction that gives (or extends) and that revokes an enterprise's 数据授权 (kwargs:
# data_grant, by), so the app showing the institution its granted enterprises tells the institution's staff.
data_grant_given = Signal()
data_grant_revoked = Signal()


def _write(request, outcome, username, user=None):
    LoginLog.objects.create(
        user=user,
        username=(username or "")[:150],
        outcome=outcome,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:255],
        path=(request.path if request is not None else "")[:100],
    )


@receiver(user_logged_in, dispatch_uid="members_login_log_success")
def log_login(sender, request, user, **kwargs):
    _write(request, LoginOutcome.SUCCESS, user.get_username(), user)


@receiver(user_logged_out, dispatch_uid="members_login_log_logout")
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        _write(request, LoginOutcome.LOGOUT, user.get_username(), user)


@receiver(user_login_failed, dispatch_uid="members_login_log_failure")
def log_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first() if username else None
    _write(request, LoginOutcome.FAILURE, username, user)


@receiver(user_locked_out, dispatch_uid="members_login_log_locked")
def log_lockout(sender, request, username, ip_address, **kwargs):
    """django-axes locked (or keeps locked) this username and address."""
    user = get_user_model().objects.filter(username=username).first() if username else None
    _write(request, LoginOutcome.LOCKED, username, user)


@receiver(post_save, sender=FinancialInstitution, dispatch_uid="members_institution_purges_page_cache")
@receiver(post_delete, sender=FinancialInstitution, dispatch_uid="members_institution_purges_page_cache_delete")
def purge_page_cache_on_institution_change(sender, **kwargs):
    """An institution's name and whether it is active show on bank, product and marketplace pages."""
    page_cache.purge()


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="members_forget_group_names")
def _forget_group_names(sender, instance, **kwargs):
    """``user.groups.add/remove/set/clear`` on this object: members.roles.group_names reads them again. (The
    reverse side, ``group.user_set``, reaches other objects; those live for one request.)"""
    instance.__dict__.pop("_portal_group_names", None)
