"""Production: every secret and host from the environment, HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must come from the environment in production: at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# /healthz answers plain HTTP on the loopback so a load balancer or monitor can probe it without TLS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL.startswith("smtp"):
    from urllib.parse import urlparse

    _email = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = _email.username or ""
    EMAIL_HOST_PASSWORD = _email.password or ""
    EMAIL_USE_TLS = EMAIL_URL.startswith("smtps") or "tls=1" in (_email.query or "")
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "0") == "1"

# SMS: the gateway's backend class, or nothing sent. The development log backend would write every
# verification code into the production logs.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "site_portal.members.sms.UnconfiguredSmsBackend")
if SMS_BACKEND == "site_portal.members.sms.LogSmsBackend":
    raise ImproperlyConfigured(
        "SMS_BACKEND: LogSmsBackend logs every verification code and is for development only. Name the SMS "
        "gateway's backend class, or leave SMS_BACKEND unset (no SMS; accounts activate by the e-mail link)."
    )
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "members.sms": {"level": "WARNING"}}}  # noqa: F405
