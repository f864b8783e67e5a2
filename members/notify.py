"""The one way the portal tells people something: 站内信, the e-mail alert beside it, "tell once", and who
"the platform admins", "an institution's staff", "the supervisors" are.

* ``send(recipients, title, body, kind=, link=, sender=)`` writes one 站内信 per recipient and, after the
  transaction commits, mails the same text to recipients with an address who did not switch alerts off
  (会员中心 › 提醒设置, ``AlertPreference``). A mail server failure is logged, never raised.
* ``notify_once(key, recipients, …)`` sends only if ``key`` was never sent before: the key is inserted in the
  ``NotifiedOnce`` ledger (unique) in the same transaction as the messages, so a job run twice, or two jobs
  racing, send once. Keys read ``<purpose>:<app_label.model>:<pk>[:<state>]``. ``claim(key)`` is the ledger
  step alone, for callers that write their messages themselves inside the same transaction.
* ``sms_status_alert(user, reference, status)`` texts an enterprise that one of its loan applications changed
  status, when it opted in (``AlertPreference.sms_status_alerts``) and has a phone; after the commit, through
  members/sms.py. Callers (finance_market/lifecycle.py) stay above; this module knows no application.
* ``platform_admins()``, ``institution_staff(id)``, ``supervisors()``, ``department_staff(id)``: the
  recipient queries, written once here.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from members import sms
from members.models import AlertPreference, GovernmentDepartment, Message, MessageKind, NotifiedOnce
from members.roles import LEVEL1, SUPERVISORS

logger = logging.getLogger(__name__)
_mail_suppressed = ContextVar("notify_mail_suppressed", default=False)


# --- recipients -----------------------------------------------------------------------------------------

def _active_users():
    return get_user_model().objects.filter(is_active=True)


def platform_admins():
    """Superusers and level-1 platform admins (平台一级管理员), active."""
    return _active_users().filter(Q(is_superuser=True) | Q(groups__name=LEVEL1)).distinct()


def institution_staff(institution_id):
    """The active members of a financial institution's group."""
    return _active_users().filter(groups__institution__pk=institution_id).distinct()


def supervisors():
    """The active members of the 监管 (supervisors) group."""
    return _active_users().filter(groups__name=SUPERVISORS).distinct()


def department_staff(department_id):
    """The active editors and reviewers of a government department."""
    department = GovernmentDepartment.objects.filter(pk=department_id).first()
    groups = [g for g in (department.authors_id, department.reviewers_id) if g] if department else []
    return _active_users().filter(groups__in=groups).distinct()


def _unique(recipients):
    if recipients is None:
        return []
    if isinstance(recipients, get_user_model()):
        recipients = [recipients]
    return list({user.pk: user for user in recipients if user is not None}.values())


# --- e-mail alerts --------------------------------------------------------------------------------------

@contextmanager
def mail_suppressed():
    """No alert mail or SMS inside this block (seed_demo builds history that nobody should be mailed about).

    Wagtail's own workflow mails (a page submitted for review) do not pass through here, so the block also
    swaps the mail backend for Django's dummy one. That is a process-wide setting: for commands, never inside
    a request."""
    token = _mail_suppressed.set(True)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        _mail_suppressed.reset(token)


def wants_email(user):
    if not user.email or not user.is_active:
        return False
    return not AlertPreference.objects.filter(user=user, email_alerts=False).exists()


def email_alert(user, title, body, link=""):
    """Queue an alert mail to ``user`` for after the current transaction commits."""
    if _mail_suppressed.get() or not wants_email(user):
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


# --- SMS alerts -----------------------------------------------------------------------------------------

def wants_sms_status(user):
    if not user.phone or not user.is_active:
        return False
    return AlertPreference.objects.filter(user=user, sms_status_alerts=True).exists()


def sms_status_alert(user, reference, status):
    """Queue the status SMS to ``user`` for after the current transaction commits; True when queued."""
    if _mail_suppressed.get() or not wants_sms_status(user):
        return False
    phone, status = user.phone, str(status)

    def deliver():
        try:
            sms.send_sms(phone, sms.APPLICATION_STATUS, reference=reference, status=status)
        except Exception:  # a misconfigured gateway must never break the status change already committed
            logger.exception("status SMS for %s failed", reference)

    transaction.on_commit(deliver)
    return True


# --- sending --------------------------------------------------------------------------------------------

def send(recipients, title, body="", *, kind=MessageKind.SYSTEM, link="", sender=None, email=True):
    """One 站内信 to each recipient (a user or an iterable of users; duplicates and None dropped) and, with
    ``email``, the alert mail to those who want it. ``link`` may be a function of the recipient. Returns the
    messages, or the single message when given a single user."""
    single = isinstance(recipients, get_user_model())
    messages = []
    for user in _unique(recipients):
        user_link = link(user) if callable(link) else link
        messages.append(Message.objects.create(recipient=user, title=title, body=body, kind=kind, link=user_link,
                                               sender=sender))
        if email:
            email_alert(user, title, body, user_link)
    return messages[0] if single and messages else messages


def claim(key, recipients=0):
    """Record ``key`` in the ledger; False when it was already there (then send nothing). Call it inside the
    transaction that writes the messages, so both are kept or neither."""
    try:
        with transaction.atomic():
            NotifiedOnce.objects.create(key=key, recipients=recipients)
    except IntegrityError:
        return False
    return True


def was_sent(key):
    return NotifiedOnce.objects.filter(key=key).exists()


def sent_keys(keys):
    """The subset of ``keys`` already in the ledger (one query)."""
    return set(NotifiedOnce.objects.filter(key__in=list(keys)).values_list("key", flat=True))


def key_for(purpose, obj, *state):
    """``<purpose>:<app_label.model>:<pk>[:<state>…]`` for a model instance."""
    return ":".join([purpose, obj._meta.label_lower, str(obj.pk), *(str(s) for s in state)])


def notify_once(key, recipients, title, body="", **options):
    """``send`` unless ``key`` was sent before; returns True when this call sent it."""
    recipients = _unique(recipients)
    with transaction.atomic():
        if not claim(key, len(recipients)):
            return False
        send(recipients, title, body, **options)
    return True
