"""SMS gateway (短信网关). The site calls ``send_sms(phone, kind, **params)``; settings.SMS_BACKEND (env
SMS_BACKEND) names the class that delivers.

Chinese gateways do not take free text: each message is a template approved by the provider, sent as its
template code plus parameters, with the platform's registered sign name (签名). So a message is a *kind*
(below): the parameters it needs, a Chinese text for the log backend, and per provider the template code
from settings (SMS_ALIYUN / SMS_TENCENT, filled from env; docs/security.md "SMS messages").

* LogSmsBackend, the default of development and tests, writes each message (codes included) to the
  ``members.sms`` log, which the development settings print on the console, and keeps it in ``outbox`` (like
  Django's locmem e-mail backend). Production refuses it.
* AliyunSmsBackend (阿里云短信, alibabacloud-dysmsapi20170525) and TencentSmsBackend (腾讯云短信,
  tencentcloud-sdk-python-sms) call the providers' SDKs.
* UnconfiguredSmsBackend, production's default without a gateway, sends nothing and says so, without the text.

A gateway failure is logged (masked number, never the parameters) and ``send_sms`` returns False: an SMS
that does not go out must not break the registration or the status change that asked for it. So does a code
beyond settings.SMS_CODES_PER_PHONE_PER_DAY to one number (a day is a fixed 24-hour window, members.ratelimit).
"""

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from members import ratelimit
from members.masking import mask_phone

logger = logging.getLogger("members.sms")

outbox = []


@dataclass(frozen=True)
class SmsKind:
    """One kind of message. ``params`` are its parameter names in the order positional templates (腾讯云) take
    them; named templates (阿里云 ``${code}``) use the same names."""

    key: str
    params: tuple
    text: Promise

    def render(self, params):
        return str(self.text) % params


ACTIVATION_CODE = "activation_code"
PASSWORD_RESET_CODE = "password_reset_code"
APPLICATION_STATUS = "application_status"
CODE_KINDS = (ACTIVATION_CODE, PASSWORD_RESET_CODE)  # counted against the day's limit per number

KINDS = {kind.key: kind for kind in (
    SmsKind(ACTIVATION_CODE, ("code", "minutes"),
            _("【融资服务门户】您的激活验证码为%(code)s，%(minutes)s分钟内有效。")),
    SmsKind(PASSWORD_RESET_CODE, ("code", "minutes"),
            _("【融资服务门户】您正在找回密码，验证码为%(code)s，%(minutes)s分钟内有效；如非本人操作请忽略。")),
    SmsKind(APPLICATION_STATUS, ("reference", "status"),
            _("【融资服务门户】您的贷款申请%(reference)s状态已更新为：%(status)s，请登录会员中心查看。")),
)}


def e164(phone):
    """13812345678 → +8613812345678 (a number already carrying a country code is kept)."""
    phone = "".join((phone or "").split())
    if phone.startswith("+"):
        return phone
    if phone.startswith("0086"):
        return "+" + phone[2:]
    return "+86" + phone


class BaseSmsBackend:
    def send(self, phone, kind, params):
        """Deliver message ``kind`` (an SmsKind) with ``params`` (a dict of strings) to ``phone``; True when
        the gateway accepted it."""
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    """Development and tests only: the message, code and all, goes to the log."""

    def send(self, phone, kind, params):
        text = kind.render(params)
        outbox.append({"phone": phone, "kind": kind.key, "params": params, "text": text})
        logger.info("SMS to %s: %s", phone, text)
        return True


class UnconfiguredSmsBackend(BaseSmsBackend):
    """Production without a gateway: nothing is sent (accounts activate by the e-mail link)."""

    def send(self, phone, kind, params):
        logger.warning("SMS to %s not sent: no SMS gateway configured (SMS_BACKEND)", mask_phone(phone))
        return False


class GatewaySmsBackend(BaseSmsBackend):
    """What the provider adapters share: their settings, checked when the backend is made, and the template
    code of each kind."""

    setting = ""
    required = ()

    def __init__(self):
        self.config = getattr(settings, self.setting, None) or {}
        missing = [name for name in self.required if not self.config.get(name)]
        if missing:
            raise ImproperlyConfigured(f"{self.setting} lacks {', '.join(missing)} (see docs/security.md)")

    def template_code(self, kind):
        code = (self.config.get("templates") or {}).get(kind.key)
        if not code:
            raise ImproperlyConfigured(f"{self.setting} has no template code for {kind.key!r}")
        return code

    def send(self, phone, kind, params):
        try:
            accepted, detail = self.deliver(phone, self.template_code(kind), kind, params)
        except ImproperlyConfigured:
            raise
        except Exception as error:  # network errors and the SDKs' own exceptions
            logger.warning("SMS to %s (%s) failed: %s", mask_phone(phone), kind.key, type(error).__name__)
            return False
        if not accepted:
            logger.warning("SMS to %s (%s) refused by the gateway: %s", mask_phone(phone), kind.key, detail)
        return accepted

    def deliver(self, phone, template_code, kind, params):
        """(accepted, the gateway's answer code) for one message."""
        raise NotImplementedError


class AliyunSmsBackend(GatewaySmsBackend):
    """阿里云短信服务 (Dysmsapi 2017-05-25, SendSms): template parameters as a JSON object by name."""

    setting = "SMS_ALIYUN"
    required = ("access_key_id", "access_key_secret", "sign_name")

    def client(self):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.models import Config

        return Client(Config(access_key_id=self.config["access_key_id"],
                             access_key_secret=self.config["access_key_secret"],
                             endpoint=self.config.get("endpoint") or "dysmsapi.aliyuncs.com"))

    def request(self, phone, template_code, kind, params):
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        return SendSmsRequest(phone_numbers=e164(phone), sign_name=self.config["sign_name"],
                              template_code=template_code,
                              template_param=json.dumps({name: str(params[name]) for name in kind.params},
                                                        ensure_ascii=False))

    def deliver(self, phone, template_code, kind, params):
        body = self.client().send_sms(self.request(phone, template_code, kind, params)).body
        return body.code == "OK", body.code


class TencentSmsBackend(GatewaySmsBackend):
    """腾讯云短信 (SMS 2021-01-11, SendSms): template parameters as a list in the template's order."""

    setting = "SMS_TENCENT"
    required = ("secret_id", "secret_key", "sdk_app_id", "sign_name")

    def client(self):
        from tencentcloud.common.credential import Credential
        from tencentcloud.sms.v20210111.sms_client import SmsClient

        return SmsClient(Credential(self.config["secret_id"], self.config["secret_key"]),
                         self.config.get("region") or "ap-guangzhou")

    def request(self, phone, template_code, kind, params):
        from tencentcloud.sms.v20210111.models import SendSmsRequest

        request = SendSmsRequest()
        request.SmsSdkAppId = self.config["sdk_app_id"]
        request.SignName = self.config["sign_name"]
        request.TemplateId = template_code
        request.PhoneNumberSet = [e164(phone)]
        request.TemplateParamSet = [str(params[name]) for name in kind.params]
        return request

    def deliver(self, phone, template_code, kind, params):
        statuses = self.client().SendSms(self.request(phone, template_code, kind, params)).SendStatusSet or []
        code = statuses[0].Code if statuses else "no status"
        return code == "Ok", code


def backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone, kind, **params):
    """Send message ``kind`` (ACTIVATION_CODE, PASSWORD_RESET_CODE, APPLICATION_STATUS) to ``phone``; True
    when the gateway accepted it. Every parameter of the kind is required."""
    message = KINDS[kind]
    missing = [name for name in message.params if name not in params]
    if missing:
        raise TypeError(f"SMS {kind!r} needs {', '.join(missing)}")
    if kind in CODE_KINDS and not ratelimit.allow("sms-codes", "".join(str(phone).split()),
                                                  settings.SMS_CODES_PER_PHONE_PER_DAY, 24 * 60 * 60):
        logger.warning("SMS %s to %s not sent: the day's limit of codes is reached", kind, mask_phone(phone))
        return False
    return backend().send(phone, message, {name: str(params[name]) for name in message.params})
