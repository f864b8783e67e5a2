"""SMS gateway (短信网关). The site talks to ``send_sms``; settings.SMS_BACKEND (env SMS_BACKEND) names the class
that delivers.

A real gateway (阿里云/腾讯云 SMS) is a subclass whose ``send`` calls the provider; nothing else changes.
LogSmsBackend, the default of development and tests, writes each message (codes included) to the
``members.sms`` log, which the development settings print on the console, and keeps it in ``outbox`` (like
Django's locmem e-mail backend). Production refuses it: without a gateway, UnconfiguredSmsBackend sends
nothing and says so, without the text.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from site_portal.members.masking import mask_phone

logger = logging.getLogger("members.sms")

outbox = []


class BaseSmsBackend:
    def send(self, phone, text):
        """Deliver ``text`` to ``phone``; True when the gateway accepted it."""
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    """Development and tests only: the message, code and all, goes to the log."""

    def send(self, phone, text):
        outbox.append({"phone": phone, "text": text})
        logger.info("SMS to %s: %s", phone, text)
        return True


class UnconfiguredSmsBackend(BaseSmsBackend):
    """Production without a gateway: nothing is sent (accounts activate by the e-mail link)."""

    def send(self, phone, text):
        logger.warning("SMS to %s not sent: no SMS gateway configured (SMS_BACKEND)", mask_phone(phone))
        return False


def send_sms(phone, text):
    return import_string(settings.SMS_BACKEND)().send(phone, text)
