"""SMS gateway (短信网关). The site talks to ``send_sms``; settings.SMS_BACKEND names the class that delivers.

The default LogSmsBackend writes each message to the ``members.sms`` log and keeps it in ``outbox`` (like
Django's locmem e-mail backend), for development and tests. A real gateway (阿里云/腾讯云 SMS) is a subclass
whose ``send`` calls the provider; nothing else changes.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("members.sms")

outbox = []


class BaseSmsBackend:
    def send(self, phone, text):
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    def send(self, phone, text):
        outbox.append({"phone": phone, "text": text})
        logger.info("SMS to %s: %s", phone, text)
        return True


def send_sms(phone, text):
    backend = import_string(getattr(settings, "SMS_BACKEND", "site_portal.members.sms.LogSmsBackend"))()
    return backend.send(phone, text)
