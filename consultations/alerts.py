"""E-mail alerts (F-CONS-11) beside the 站内信 the lifecycles send: a reply or status change reaches the
enterprise, a new or returned item reaches its handlers, an overdue one the platform.

Mail leaves only after the transaction that made the change commits (``transaction.on_commit``), and a
mail server failure is logged, never raised: the change itself is never lost. Accounts without an
address or that switched alerts off in the member centre (AlertPreference) get no mail.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from consultations.outreach_models import AlertPreference

logger = logging.getLogger(__name__)
_suppressed = ContextVar("alerts_suppressed", default=False)


@contextmanager
def suppressed():
    """No alert mail inside this block (seed_demo builds history that nobody should be mailed about)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def wants_email(user):
    if not user.email or not user.is_active:
        return False
    return not AlertPreference.objects.filter(user=user, email_alerts=False).exists()


def email_alert(user, title, body, link=""):
    """Queue an alert mail to ``user`` for after the current transaction commits."""
    if _suppressed.get() or not wants_email(user):
        return
    address = user.email
    url = urljoin(getattr(settings, "WAGTAILADMIN_BASE_URL", ""), link) if link else ""
    text = "\n\n".join(part for part in (
        body, _("查看详情：%s") % url if url else "",
        _("——融资服务门户。不想再收到邮件提醒？请在会员中心“提醒设置”中关闭。"),
    ) if part)
    subject = _("【融资服务门户】%s") % title

    def deliver():
        try:
            send_mail(subject, text, None, [address])
        except Exception:  # an unreachable mail server must never undo or break the request
            logger.exception("alert mail to %s failed", address)

    transaction.on_commit(deliver)
